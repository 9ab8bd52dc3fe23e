// The inventory: which plugins a run used, in a text form the host stores
// with its output, and the exact check a later restore makes against it.
#include "common/diagnostic.hpp"
#include "common/versions.hpp"
#include "host/host_state.hpp"

#include <algorithm>
#include <charconv>
#include <string>
#include <unordered_map>

namespace tenon {

using namespace detail;

namespace {

constexpr std::string_view header_prefix = "tenon-inventory ";
constexpr std::string_view header_v1 = "tenon-inventory 1";
constexpr std::string_view header_v2 = "tenon-inventory 2";
constexpr std::string_view count_prefix = "plugins ";
constexpr std::string_view count_any = "plugins any";  // no list: every plugin is needed
constexpr std::string_view end_line = "end";
constexpr std::string_view entry_form = "'NAME VERSION' (a plugin name and a semantic version)";

bool is_semantic_version(std::string_view text) {
    SemanticVersion ignored;
    return parse_semantic_version(text, ignored);
}

// "NAME VERSION" into its parts; false unless both are valid.
bool split_entry(std::string_view line, std::string_view &name, std::string_view &version) {
    const std::size_t space = line.find(' ');
    if (space == std::string_view::npos) {
        return false;
    }
    name = line.substr(0, space);
    version = line.substr(space + 1);
    return is_valid_name(name) && is_semantic_version(version);
}

// Duplicate names, found in time linear in the number of entries: each name
// maps to where it first appeared (a line, or an index for serialise).
using FirstSeen = std::unordered_map<std::string_view, std::size_t>;

// A decimal count as serialise writes it: digits, no leading zero.
bool is_count(std::string_view text) {
    return !text.empty() && (text == "0" || text[0] != '0') &&
           std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool has_control_character(std::string_view text) {
    return std::any_of(text.begin(), text.end(),
                       [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
}

// A line that is not what was expected, as "found" text: quoted and
// escaped, with what it looks like when that explains the damage.
std::string found_line(std::string_view line) {
    if (line.empty()) {
        return "an empty line";
    }
    return single_quoted(line) + (line.starts_with(header_prefix) ? " (a second header)" : "");
}

// "1 plugin", "2 plugins".
std::string plugins_text(std::size_t count) {
    return std::to_string(count) + (count == 1 ? " plugin" : " plugins");
}

// Reads an inventory line by line; every refusal names the line it is on.
class Parser {
public:
    Parser(std::string_view text, std::string_view origin) : text_(text), rest_(text), origin_(origin) {}

    Result<Inventory> parse();

private:
    Error fail(std::string_view expected, std::string_view found) const {
        return Error{Errc::malformed_metadata,
                     escape_untrusted(origin_) + ": line " + std::to_string(line_) + ": expected " +
                         std::string(expected) + ", found " + std::string(found),
                     {}};
    }

    // Takes the next line, without its LF; notes whether an LF ended it.
    std::string_view take() {
        ++line_;
        const std::size_t lf = rest_.find('\n');
        const std::string_view line = rest_.substr(0, lf);
        terminated_ = lf != std::string_view::npos;
        rest_ = terminated_ ? rest_.substr(lf + 1) : std::string_view{};
        return line;
    }

    // The next line, which should be `expected`; refuses the end of the text
    // and the damage no line of a well-formed inventory has.
    Result<std::string_view> next(std::string_view expected) {
        if (rest_.empty()) {
            ++line_;
            return fail(expected, "the end of the inventory (it is cut short)");
        }
        const std::string_view line = take();
        if (!terminated_) {
            return fail(expected, single_quoted(line) + " and no LF after it (the inventory is cut short)");
        }
        if (line.ends_with('\r')) {
            return fail(expected,
                        single_quoted(line) + " (the line ends in CR LF; an inventory's lines end in LF alone)");
        }
        if (line.empty()) {
            return fail(expected, "an empty line");
        }
        if (has_control_character(line)) {
            return fail(expected, single_quoted(line) + " (a control character)");
        }
        if (line.front() == ' ' || line.back() == ' ' || line.find("  ") != std::string_view::npos) {
            return fail(expected, single_quoted(line) + " (a stray space)");
        }
        return line;
    }

    Error read_entries(std::size_t count, Inventory &inventory);
    Error read_end(int version, const Inventory &inventory);

    std::string_view text_;
    std::string_view rest_;  // what the lines read so far leave
    std::string_view origin_;
    std::size_t line_ = 0;     // the number of the line read last
    bool terminated_ = false;  // whether an LF ended it
};

Result<Inventory> Parser::parse() {
    // Version 1 wrote a list-less inventory as its header line alone, which
    // is also what a list cut after line 1 looks like: refuse both.
    const std::string_view without_final_lf = text_.ends_with('\n') ? text_.substr(0, text_.size() - 1) : text_;
    if (without_final_lf == header_v1) {
        line_ = 2;
        return fail("'plugins COUNT' after 'tenon-inventory 1'",
                    "the end of the inventory (a version 1 inventory that is only its header cannot be told from "
                    "one cut after line 1; if it really has no plugin list, rewrite it in version 2 as "
                    "'tenon-inventory 2', 'plugins any', 'end')");
    }
    const auto header = next("'tenon-inventory 2'");
    if (!header) {
        return header.error();
    }
    if (*header != header_v1 && *header != header_v2) {
        return fail(header->starts_with(header_prefix)
                        ? "'tenon-inventory 2' or 'tenon-inventory 1' (the versions this host reads)"
                        : "'tenon-inventory 2'",
                    single_quoted(*header));
    }
    const int version = *header == header_v2 ? 2 : 1;

    const std::string_view count_form = version == 2 ? "'plugins COUNT' or 'plugins any'" : "'plugins COUNT'";
    const auto count_line = next(count_form);
    if (!count_line) {
        return count_line.error();
    }
    Inventory inventory;
    std::size_t count = 0;
    if (version == 2 && *count_line == count_any) {
        inventory.has_list = false;
    } else {
        const std::string_view digits = count_line->substr(std::min(count_prefix.size(), count_line->size()));
        if (!count_line->starts_with(count_prefix) || !is_count(digits)) {
            return fail(count_form, found_line(*count_line));
        }
        // from_chars reports a number too large for size_t as out of range.
        if (std::from_chars(digits.data(), digits.data() + digits.size(), count).ec != std::errc{} ||
            count > Inventory::max_plugins) {
            return fail("at most " + plugins_text(Inventory::max_plugins), single_quoted(*count_line));
        }
    }

    if (Error error = read_entries(count, inventory); error.code != Errc::ok) {
        return error;
    }
    if (Error error = read_end(version, inventory); error.code != Errc::ok) {
        return error;
    }
    return inventory;
}

Error Parser::read_entries(std::size_t count, Inventory &inventory) {
    FirstSeen first_line;
    for (std::size_t read = 0; read < count; ++read) {
        const auto line = next(entry_form);
        if (!line) {
            return line.error();
        }
        std::string_view name;
        std::string_view version;
        if (!split_entry(*line, name, version)) {
            return fail(entry_form, *line == end_line ? "'end' after " + std::to_string(read) + " of the " +
                                                            plugins_text(count) + " line 2 counts"
                                                      : found_line(*line));
        }
        if (const auto [first, inserted] = first_line.try_emplace(name, line_); !inserted) {
            return fail("a plugin not listed yet", single_quoted(*line) + " (" + single_quoted(name) + " is on line " +
                                                       std::to_string(first->second) + " already)");
        }
        inventory.plugins.push_back({std::string(name), std::string(version)});
    }
    return {};
}

// A plugin line where the list should have ended says more than "found X".
std::string found_after_list(std::string_view line, const Inventory &inventory) {
    std::string_view name;
    std::string_view version;
    if (!split_entry(line, name, version)) {
        return found_line(line);
    }
    return single_quoted(line) + (inventory.has_list ? " (a plugin more than line 2 counts)"
                                                     : " (a plugin line; 'plugins any' is followed by none)");
}

Error Parser::read_end(int version, const Inventory &inventory) {
    if (version == 2) {
        const auto end = next("'end'");
        if (!end) {
            return end.error();
        }
        if (*end != end_line) {
            return fail("'end'", found_after_list(*end, inventory));
        }
        if (!rest_.empty()) {
            return fail("nothing after 'end'", found_line(take()));
        }
    } else if (!rest_.empty()) {
        const std::string_view line = take();
        return fail("the end of the inventory after the " + plugins_text(inventory.plugins.size()) + " line 2 counts",
                    line == end_line ? "'end' (a version 2 line; the header says version 1)"
                                     : found_after_list(line, inventory));
    }
    return {};
}

Error serialise_error(std::string_view field, std::string_view expected, std::string_view found) {
    return Error{Errc::invalid_argument,
                 "Inventory::serialise: " + std::string(field) + ": expected " + std::string(expected) + ", found " +
                     std::string(found),
                 {}};
}

}  // namespace

Result<std::string> Inventory::serialise() const {
    std::string text(header_v2);
    if (!has_list) {
        if (!plugins.empty()) {
            return serialise_error("plugins", "no entries in an inventory without a list (has_list false)",
                                   std::to_string(plugins.size()));
        }
        return text + '\n' + std::string(count_any) + '\n' + std::string(end_line) + '\n';
    }
    if (plugins.size() > max_plugins) {
        return serialise_error("plugins", "at most " + plugins_text(max_plugins), std::to_string(plugins.size()));
    }
    text += '\n' + std::string(count_prefix) + std::to_string(plugins.size()) + '\n';
    FirstSeen first_index;
    for (std::size_t i = 0; i < plugins.size(); ++i) {
        const InventoryEntry &entry = plugins[i];
        const auto field = [i](std::string_view member) {
            return "plugins[" + std::to_string(i) + "]." + std::string(member);
        };
        if (!is_valid_name(entry.name)) {
            return serialise_error(field("name"), "a plugin name (letters, digits and '._+-')",
                                   single_quoted(entry.name));
        }
        if (!is_semantic_version(entry.version)) {
            return serialise_error(field("version"), "a semantic version (MAJOR.MINOR.PATCH)",
                                   single_quoted(entry.version));
        }
        if (const auto [first, inserted] = first_index.try_emplace(entry.name, i); !inserted) {
            return serialise_error(
                field("name"), "a name no earlier entry has",
                single_quoted(entry.name) + " (also plugins[" + std::to_string(first->second) + "]'s name)");
        }
        text += entry.name + ' ' + entry.version + '\n';
    }
    return text + std::string(end_line) + '\n';
}

Result<Inventory> Inventory::parse(std::string_view text, std::string_view origin) {
    return Parser(text, origin).parse();
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
        } else if (!entry.version.empty()) {  // a names-only record (CRIU's) says nothing of versions
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
