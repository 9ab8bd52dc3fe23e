#include "host/foreign.hpp"

#include "common/diagnostic.hpp"
#include "common/versions.hpp"
#include "loader/library.hpp"
#include "loader/pointer_checks.hpp"
#include "metadata/dynamic_symbols.hpp"

#include <algorithm>
#include <cstring>
#include <dlfcn.h>
#include <optional>
#include <link.h>

namespace tenon {

using namespace detail;

namespace detail {

Result<RecognisedForeign> recognise_foreign(const HostState &state, const ElfImage &image, const Error &no_metadata) {
    const std::filesystem::path &file = image.file();
    std::vector<std::string> markers;
    std::string looked_for;
    for (const ForeignFormat &format : state.config.foreign_formats) {
        markers.insert(markers.end(), format.marker_symbols.begin(), format.marker_symbols.end());
        looked_for += looked_for.empty() ? "" : "; ";
        looked_for += format.name + ": ";
        for (std::size_t i = 0; i < format.marker_symbols.size(); ++i) {
            looked_for += (i == 0 ? "" : ", ") + format.marker_symbols[i];
        }
    }
    auto found = defined_dynamic_symbols(image, state.config.limits, markers);
    if (!found) {
        return found.error();
    }
    for (const ForeignFormat &format : state.config.foreign_formats) {
        RecognisedForeign recognised{&format, {file, {}}};
        for (const ForeignSymbol &symbol : *found) {
            if (std::find(format.marker_symbols.begin(), format.marker_symbols.end(), symbol.name) !=
                format.marker_symbols.end()) {
                recognised.file.markers.push_back(symbol);
            }
        }
        if (recognised.file.markers.empty()) {
            continue;
        }
        if (format.check_file) {
            if (Error error = format.check_file(recognised.file); error.code != Errc::ok) {
                return error;
            }
        }
        return recognised;
    }
    Error error = no_metadata;
    error.message += ", nor a symbol of a plugin format this host accepts (" + looked_for + ")";
    return error;
}

namespace {

// The index of the host's hook called `name`, or nothing.
std::optional<std::size_t> declared_hook_index(const HostState &state, std::string_view name) {
    for (std::size_t i = 0; i < state.hooks.size(); ++i) {
        if (state.hooks[i].decl.name == name) {
            return i;
        }
    }
    return std::nullopt;
}

Error check_description(const HostState &state, const std::filesystem::path &file, const ForeignFormat &format,
                        const ForeignPlugin &plugin, const std::set<std::string, std::less<>> &taken) {
    const std::string field = format.name + " plugin";
    if (!is_valid_name(plugin.name)) {
        return mismatch(Errc::malformed_metadata, file, field + " name", "a non-empty name of letters, digits and ._+-",
                        single_quoted(plugin.name));
    }
    SemanticVersion version;
    if (!parse_semantic_version(plugin.version, version)) {
        return mismatch(Errc::malformed_metadata, file, field + " '" + plugin.name + "' version",
                        "a semantic version MAJOR.MINOR.PATCH", single_quoted(plugin.version));
    }
    if (taken.contains(plugin.name)) {
        return mismatch(Errc::duplicate_plugin, file, "field 'name'", "a name no other plugin uses",
                        single_quoted(plugin.name) + ", already used by another plugin of this host");
    }
    for (const auto &hook : plugin.hooks) {
        if (!declared_hook_index(state, hook.first)) {
            return mismatch(Errc::unknown_hook, file, "hook '" + hook.first + "'",
                            "a hook declared by interface " + state.config.interface_name + "/" +
                                std::to_string(state.config.interface_version),
                            "no such hook");
        }
    }
    return {};
}

}  // namespace

Result<std::unique_ptr<LoadedPlugin>> adopt_foreign(HostState &state, const ForeignFile &foreign_file,
                                                    const ForeignFormat &format, FileClaim claim, MappedLibrary mapped,
                                                    const std::vector<GElf_Phdr> &segments,
                                                    const std::set<std::string, std::less<>> &taken) {
    const std::filesystem::path &file = foreign_file.path;
    auto described = format.adopt(mapped.handle.get(), foreign_file);
    if (!described) {
        return described.error();
    }
    ForeignPlugin &foreign = described.value();
    if (Error error = check_description(state, file, format, foreign, taken); error.code != Errc::ok) {
        return error;
    }
    const SegmentMap code(segments, mapped.bias);
    for (const auto &[hook, function] : foreign.hooks) {
        if (Error error =
                check_function(file, "hook '" + hook + "' function", reinterpret_cast<const void *>(function), code);
            error.code != Errc::ok) {
            return error;
        }
    }
    for (const auto &[what, function] : foreign.entry_points) {
        if (function != nullptr) {
            if (Error error = check_function(file, what, function, code); error.code != Errc::ok) {
                return error;
            }
        }
    }
    if (foreign.services_slot != nullptr &&
        !code.writable(reinterpret_cast<std::uintptr_t>(foreign.services_slot), sizeof(*foreign.services_slot))) {
        return mismatch(Errc::bad_pointer, file, "services slot", "an address in a writable segment of this plugin",
                        "one elsewhere");
    }
    for (const std::string &warning : foreign.warnings) {
        state.log(LogLevel::warn, shown(file) + ": " + warning);
    }

    auto plugin = std::make_unique<LoadedPlugin>();
    PluginMetadata &metadata = plugin->metadata;
    metadata.file = file;
    metadata.name = foreign.name;
    metadata.version = foreign.version;
    metadata.description = foreign.description;
    metadata.interface_name = state.config.interface_name;
    metadata.interface_version = state.config.interface_version;
    metadata.interface_id = metadata.interface_name + "/" + std::to_string(metadata.interface_version);
    std::sort(foreign.hooks.begin(), foreign.hooks.end());
    for (const auto &[hook, function] : foreign.hooks) {
        const std::size_t index = *declared_hook_index(state, hook);  // check_description found each
        const HookDecl &declared = state.hooks[index].decl;
        metadata.hooks.push_back({hook, declared.signature, declared.mode, TENON_PRIORITY_NORMAL, 0});
        plugin->bindings.push_back({index, function, TENON_PRIORITY_NORMAL});
    }
    plugin->claim = std::move(claim);
    plugin->library = std::move(mapped.handle);
    plugin->loader_name = mapped.loader_name;
    plugin->foreign_init = std::move(foreign.init);
    plugin->foreign_exit = std::move(foreign.exit);
    plugin->services_slot = foreign.services_slot;
    plugin->host = &state;
    parse_semantic_version(metadata.version, plugin->version);  // checked above
    prepare_services(*plugin);
    return plugin;
}

}  // namespace detail

namespace {

// The readable PT_LOAD segment of `library` holding `address`: bytes from `address` to its end, or 0.
std::size_t readable_bytes_from(void *library, const void *address) noexcept {
    link_map *map = nullptr;
    const ElfW(Phdr) *headers = nullptr;
    if (library == nullptr || dlinfo(library, RTLD_DI_LINKMAP, &map) != 0 || map == nullptr) {
        return 0;
    }
    const int count = dlinfo(library, RTLD_DI_PHDR, &headers);
    const auto where = reinterpret_cast<std::uintptr_t>(address);
    if (count <= 0 || where < map->l_addr) {
        return 0;
    }
    const std::uintptr_t vaddr = where - map->l_addr;
    for (int i = 0; i < count; ++i) {
        const ElfW(Phdr) &segment = headers[i];
        if (segment.p_type == PT_LOAD && (segment.p_flags & PF_R) != 0 && vaddr >= segment.p_vaddr &&
            vaddr - segment.p_vaddr < segment.p_memsz) {
            return static_cast<std::size_t>(segment.p_memsz - (vaddr - segment.p_vaddr));
        }
    }
    return 0;
}

}  // namespace

bool in_loaded_segment(void *library, const void *address, std::size_t size) noexcept {
    return size == 0 ? readable_bytes_from(library, address) > 0 : readable_bytes_from(library, address) >= size;
}

std::optional<std::string> read_loaded_string(void *library, const char *text, std::size_t max_length) {
    const std::size_t available = std::min(readable_bytes_from(library, text), max_length + 1);
    const void *end = available == 0 ? nullptr : std::memchr(text, '\0', available);
    if (end == nullptr) {
        return std::nullopt;
    }
    return std::string(text, static_cast<const char *>(end));
}

std::optional<std::string> Host::plugin_at(const void *address) const {
    Dl_info info{};
    if (address == nullptr || dladdr(address, &info) == 0 || info.dli_fname == nullptr) {
        return std::nullopt;
    }
    std::lock_guard lock(state_->registry_mutex);
    for (const auto &plugin : state_->plugins) {
        if (plugin->loader_name != nullptr && std::strcmp(plugin->loader_name, info.dli_fname) == 0) {
            return plugin->metadata.name;
        }
    }
    return std::nullopt;
}

}  // namespace tenon
