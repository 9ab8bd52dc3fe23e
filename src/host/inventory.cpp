// The inventory: which plugins a run used, in a text form the host stores
// with its output, and the exact check a later restore makes against it.
#include "common/diagnostic.hpp"
#include "common/versions.hpp"
#include "host/host_state.hpp"

namespace tenon {

using namespace detail;

namespace {

constexpr std::string_view inventory_header = "tenon-inventory 1";

Error inventory_error(std::string_view origin, std::size_t line, std::string_view expected, std::string_view found) {
    return Error{Errc::malformed_metadata,
                 std::string(origin) + ": line " + std::to_string(line) + ": expected " + std::string(expected) +
                     ", found " + single_quoted(found),
                 {}};
}

std::vector<std::string_view> split_lines(std::string_view text) {
    std::vector<std::string_view> lines;
    while (!text.empty()) {
        const std::size_t end = text.find('\n');
        lines.push_back(text.substr(0, end));
        text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
    }
    return lines;
}

}  // namespace

std::string Inventory::serialise() const {
    std::string text(inventory_header);
    text += '\n';
    if (has_list) {
        text += "plugins " + std::to_string(plugins.size()) + "\n";
        for (const InventoryEntry &entry : plugins) {
            text += entry.name + " " + entry.version + "\n";
        }
    }
    return text;
}

Result<Inventory> Inventory::parse(std::string_view text, std::string_view origin) {
    const std::vector<std::string_view> lines = split_lines(text);
    if (lines.empty() || lines[0] != inventory_header) {
        return inventory_error(origin, 1, single_quoted(inventory_header), lines.empty() ? "" : lines[0]);
    }
    Inventory inventory;
    if (lines.size() == 1) {
        inventory.has_list = false;  // written before plugin lists existed
        return inventory;
    }
    const std::string_view count_line = lines[1];
    std::size_t count = 0;
    bool count_ok = count_line.starts_with("plugins ") && count_line.size() > 8;
    for (std::size_t i = 8; count_ok && i < count_line.size(); ++i) {
        count_ok = count_line[i] >= '0' && count_line[i] <= '9' && count < 1'000'000;
        count = count * 10 + static_cast<std::size_t>(count_line[i] - '0');
    }
    if (!count_ok) {
        return inventory_error(origin, 2, "'plugins COUNT'", count_line);
    }
    if (lines.size() != 2 + count) {
        return inventory_error(origin, lines.size() < 2 + count ? lines.size() + 1 : 3 + count,
                               std::to_string(count) + " plugin line(s) after 'plugins " + std::to_string(count) + "'",
                               lines.size() < 2 + count ? "the end of the inventory" : lines[2 + count]);
    }
    for (std::size_t i = 2; i < lines.size(); ++i) {
        const std::string_view line = lines[i];
        const std::size_t space = line.find(' ');
        SemanticVersion version;
        if (space == std::string_view::npos || !is_valid_name(line.substr(0, space)) ||
            !parse_semantic_version(line.substr(space + 1), version)) {
            return inventory_error(origin, i + 1, "'NAME VERSION' (a plugin name and a semantic version)", line);
        }
        inventory.plugins.push_back({std::string(line.substr(0, space)), std::string(line.substr(space + 1))});
    }
    return inventory;
}

namespace detail {

void remember_if_used(HostState &state, const LoadedPlugin &plugin) {
    if (plugin.used.load(std::memory_order_relaxed) != 0) {
        state.used_and_unloaded.push_back({plugin.metadata.name, plugin.metadata.version});
    }
}

// Whether the expected inventory needs `name`; registry lock held.
static bool needed(const HostState &state, std::string_view name) {
    if (!state.expected_inventory || !state.expected_inventory->has_list) {
        return true;
    }
    for (const InventoryEntry &entry : state.expected_inventory->plugins) {
        if (entry.name == name) {
            return true;
        }
    }
    return false;
}

namespace {

extern "C" int services_inventory_add(const tenon_services *self) {
    if (self != nullptr) {
        plugin_of(self).used.store(1, std::memory_order_relaxed);
    }
    return 0;
}

extern "C" int services_inventory_needed(const tenon_services *self, const char *name, size_t length) {
    if (self == nullptr) {
        return 1;
    }
    const LoadedPlugin &plugin = plugin_of(self);
    const std::string_view asked = name != nullptr ? std::string_view(name, length) : plugin.metadata.name;
    std::lock_guard lock(plugin.host->registry_mutex);
    return needed(*plugin.host, asked) ? 1 : 0;
}

}  // namespace

void prepare_inventory_services(tenon_services &table) {
    table.inventory_add = services_inventory_add;
    table.inventory_needed = services_inventory_needed;
}

}  // namespace detail

Inventory Host::inventory() const {
    std::lock_guard lock(state_->registry_mutex);
    Inventory inventory;
    inventory.plugins = state_->used_and_unloaded;
    for (const auto &plugin : state_->plugins) {
        if (plugin->used.load(std::memory_order_relaxed) != 0) {
            inventory.plugins.push_back({plugin->metadata.name, plugin->metadata.version});
        }
    }
    return inventory;
}

void Host::clear_inventory() {
    std::lock_guard lock(state_->registry_mutex);
    state_->used_and_unloaded.clear();
    for (const auto &plugin : state_->plugins) {
        plugin->used.store(0, std::memory_order_relaxed);
    }
}

Error Host::mark_used(std::string_view name) {
    std::lock_guard lock(state_->registry_mutex);
    for (const auto &plugin : state_->plugins) {
        if (plugin->metadata.name == name) {
            plugin->used.store(1, std::memory_order_relaxed);
            return {};
        }
    }
    return Error{
        Errc::not_loaded, "mark_used: expected a loaded plugin named " + single_quoted(name) + ", found none", {}};
}

void Host::expect_inventory(Inventory inventory) {
    std::lock_guard lock(state_->registry_mutex);
    state_->expected_inventory = std::move(inventory);
}

bool Host::inventory_needs(std::string_view name) const {
    std::lock_guard lock(state_->registry_mutex);
    return needed(*state_, name);
}

Error Host::check_inventory() const {
    std::lock_guard lock(state_->registry_mutex);
    if (!state_->expected_inventory || !state_->expected_inventory->has_list) {
        return {};
    }
    std::string lines;
    for (const InventoryEntry &entry : state_->expected_inventory->plugins) {
        const auto loaded = std::find_if(state_->plugins.begin(), state_->plugins.end(), [&](const auto &plugin) {
            return plugin->metadata.name == entry.name && plugin->initialised;
        });
        std::string problem;
        if (loaded == state_->plugins.end()) {
            problem = "Missing required plugin: " + entry.name;
        } else {
            SemanticVersion wanted;
            const bool parsed = parse_semantic_version(entry.version, wanted);
            if (!parsed || wanted.major != (*loaded)->version.major) {
                problem = "Missing required plugin: " + entry.name + " (inventory: version " + entry.version +
                          ", loaded: version " + (*loaded)->metadata.version + "; the major versions differ)";
            }
        }
        if (!problem.empty()) {
            lines += lines.empty() ? "" : "\n";
            lines += problem;
        }
    }
    if (lines.empty()) {
        return {};
    }
    return Error{Errc::missing_plugin, lines, {}};
}

}  // namespace tenon
