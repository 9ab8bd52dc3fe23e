// Plugins compiled against CRIU's own headers: CR_PLUGIN_DESC, or the legacy
// cr_plugin_* functions. Checked from the file before dlopen as far as the
// file can tell, and described from the mapped descriptor after it.
#include "compat/criu/descriptor.hpp"
#include "compat/criu/engine_registry.hpp"

#include "common/diagnostic.hpp"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <dlfcn.h>

namespace tenon::criu {

using detail::file_error;
using detail::mismatch;
using detail::single_quoted;

namespace {

using layout::descriptor_symbol;
using layout::DescriptorHead;

// The longest plugin name read from a descriptor (Tenon's default name limit).
constexpr std::size_t max_name_length = 255;

// Legacy plugins: the symbol CRIU's cr_gen_plugin_desc looks up for each hook number.
struct LegacyHook {
    unsigned hook;
    const char *symbol;
};
constexpr LegacyHook legacy_hooks[] = {
    {0, "cr_plugin_dump_unix_sk"},        {1, "cr_plugin_restore_unix_sk"},   {2, "cr_plugin_dump_file"},
    {3, "cr_plugin_restore_file"},        {4, "cr_plugin_dump_ext_mount"},    {5, "cr_plugin_restore_ext_mount"},
    {6, "cr_plugin_dump_ext_link"},       {7, "cr_plugin_handle_device_vma"}, {8, "cr_plugin_update_vma_map"},
    {9, "cr_plugin_resume_devices_late"}, {10, "cr_plugin_pause_devices"},    {11, "cr_plugin_checkpoint_devices"},
    {12, "cr_plugin_post_forking"},       {13, "cr_plugin_restore_init"},     {14, "cr_plugin_dump_devices_late"},
    {15, "cr_plugin_update_inetsk"},
};
constexpr const char *legacy_init = "cr_plugin_init";
// The services pointer Tenon's criu-plugin.h defines (weak) in a plugin of the old API.
constexpr const char *legacy_services_symbol = "tenon_criu_legacy_services";
constexpr const char *legacy_fini = "cr_plugin_fini";

std::string hex(unsigned value) {
    char text[16];
    std::snprintf(text, sizeof text, "0x%x", value);
    return text;
}

// CRIU_PLUGIN_GEN_VERSION(a, b, c) back to "a.b.c".
std::string semantic_version(unsigned version) {
    return std::to_string(version >> 16) + "." + std::to_string((version >> 8) & 0xffu) + "." +
           std::to_string(version & 0xffu);
}

std::string subject(std::string_view field) {
    return std::string(descriptor_symbol) + " field '" + std::string(field) + "'";
}

// The two checks CRIU's verify_plugin makes, with both values in the message.
Error check_version_and_hooks(const std::filesystem::path &file, unsigned version, unsigned max_hooks) {
    if (version > plugin_api_version) {
        return mismatch(
            Errc::abi_incompatible, file, subject("version"),
            "at most " + hex(plugin_api_version) + " (CRIU plugin API " + semantic_version(plugin_api_version) + ")",
            hex(version) + " (API " + semantic_version(version) + ")");
    }
    // More hooks than this host knows is fine as long as the unknown ones are unset (checked after dlopen).
    if (max_hooks > max_declared_hooks) {
        return mismatch(Errc::abi_incompatible, file, subject("max_hooks"),
                        "at most " + std::to_string(max_declared_hooks), std::to_string(max_hooks));
    }
    return {};
}

// After dlopen: every hook this host does not know must be unset, or the
// plugin would miss calls CRIU makes. CRIU itself refuses any larger max_hooks.
Error check_unknown_hooks(const std::filesystem::path &file, void *const *hooks, unsigned max_hooks) {
    for (unsigned i = hook_count; i < max_hooks; ++i) {
        if (hooks[i] != nullptr) {
            return mismatch(Errc::unknown_hook, file, subject("hooks[" + std::to_string(i) + "]"),
                            "NULL (hook " + std::to_string(i) + " is newer than this host, which knows hooks 0 to " +
                                std::to_string(hook_count - 1) + ")",
                            "a function");
        }
    }
    return {};
}

// The descriptor must be an object big enough for its head and its hooks.
Error check_descriptor_size(const std::filesystem::path &file, const ForeignSymbol &symbol, unsigned max_hooks) {
    const std::uint64_t needed = sizeof(DescriptorHead) + std::uint64_t{max_hooks} * sizeof(void *);
    if (symbol.size < needed) {
        return mismatch(Errc::malformed_metadata, file, std::string("symbol '") + descriptor_symbol + "': size",
                        "at least " + std::to_string(needed) + " bytes (cr_plugin_desc_t with max_hooks " +
                            std::to_string(max_hooks) + ")",
                        std::to_string(symbol.size) + " bytes");
    }
    return {};
}

template <typename T>
T read_field(const std::vector<std::byte> &bytes, std::size_t offset) {
    T value{};
    std::memcpy(&value, bytes.data() + offset, sizeof value);
    return value;
}

Error check_file(const ForeignFile &file) {
    const ForeignSymbol *descriptor = file.marker(descriptor_symbol);
    if (descriptor == nullptr) {
        return {};  // a legacy plugin: nothing to read before dlopen
    }
    if (descriptor->is_function) {
        return mismatch(Errc::malformed_metadata, file.path, std::string("symbol '") + descriptor_symbol + "'",
                        "a data object (cr_plugin_desc_t)", "a function");
    }
    if (Error error = check_descriptor_size(file.path, *descriptor, 0); error.code != Errc::ok) {
        return error;
    }
    if (descriptor->initial_bytes.size() < sizeof(DescriptorHead)) {
        return {};  // in .bss: its values only exist after dlopen
    }
    // version and max_hooks are plain integers, stored in the file as the plugin's compiler wrote them.
    const auto version = read_field<unsigned>(descriptor->initial_bytes, offsetof(DescriptorHead, version));
    const auto max_hooks = read_field<unsigned>(descriptor->initial_bytes, offsetof(DescriptorHead, max_hooks));
    if (Error error = check_version_and_hooks(file.path, version, max_hooks); error.code != Errc::ok) {
        return error;
    }
    return check_descriptor_size(file.path, *descriptor, max_hooks);
}

Result<ForeignPlugin> adopt_descriptor(void *library, const ForeignFile &file) {
    const auto *head = static_cast<const DescriptorHead *>(dlsym(library, descriptor_symbol));
    if (head == nullptr) {
        return file_error(Errc::dlopen_failed, file.path,
                          std::string("dlsym(") + descriptor_symbol + ") found nothing after dlopen");
    }
    if (Error error = check_version_and_hooks(file.path, head->version, head->max_hooks); error.code != Errc::ok) {
        return error;
    }
    if (Error error = check_descriptor_size(file.path, *file.marker(descriptor_symbol), head->max_hooks);
        error.code != Errc::ok) {
        return error;
    }
    if (head->name == nullptr) {
        return mismatch(Errc::malformed_metadata, file.path, subject("name"), "a plugin name", "NULL");
    }
    // Pointers in the descriptor are the plugin's claims: read through them only inside its own segments.
    const auto name = read_loaded_string(library, head->name, max_name_length);
    if (!name) {
        return mismatch(
            Errc::bad_pointer, file.path, subject("name"),
            "a string of at most " + std::to_string(max_name_length) + " bytes inside the plugin's own segments",
            "a pointer elsewhere, or no terminator");
    }
    if (!in_loaded_segment(library, head + 1, std::size_t{head->max_hooks} * sizeof(void *))) {
        return mismatch(Errc::bad_pointer, file.path, subject("hooks"),
                        std::to_string(head->max_hooks) + " entries inside the plugin's own segments",
                        "them running past its end");
    }
    ForeignPlugin plugin;
    plugin.name = *name;
    plugin.entry_points = {{subject("init"), reinterpret_cast<const void *>(head->init)},
                           {subject("exit"), reinterpret_cast<const void *>(head->exit)}};
    plugin.version = semantic_version(head->version);
    plugin.description = "CRIU plugin (binary, API " + semantic_version(head->version) + ")";
    if (auto *init = head->init) {
        plugin.init = [init, name = plugin.name](int stage) {
            const registry::RunningPlugin running(name);
            return init(stage);
        };
    }
    if (auto *exit = head->exit) {
        plugin.exit = [exit, name = plugin.name](int stage, int result) {
            const registry::RunningPlugin running(name);
            exit(stage, result);
        };
    }
    // Read only the plugin's own max_hooks entries: an older plugin's array is shorter, a newer one's longer.
    const auto *hooks = reinterpret_cast<void *const *>(head + 1);
    if (Error error = check_unknown_hooks(file.path, hooks, head->max_hooks); error.code != Errc::ok) {
        return error;
    }
    for (unsigned i = 0; i < std::min(head->max_hooks, hook_count); ++i) {
        if (hooks[i] != nullptr) {
            plugin.hooks.emplace_back(hook_names()[i], reinterpret_cast<tenon_fn_ptr>(hooks[i]));
        }
    }
    return plugin;
}

Result<ForeignPlugin> adopt_legacy(void *library, const ForeignFile &file) {
    ForeignPlugin plugin;
    const std::string name = layout::legacy_plugin_name(file.path);
    plugin.name = name;
    plugin.version = semantic_version(plugin_api_version_old);
    plugin.description = "legacy CRIU plugin (cr_plugin_* symbols)";
    plugin.warnings.push_back("no " + std::string(descriptor_symbol) + ": generating a descriptor for plugin " +
                              single_quoted(name) +
                              " from its cr_plugin_* symbols; this API is deprecated, register the plugin with "
                              "CR_PLUGIN_REGISTER instead");
    plugin.entry_points = {{std::string("symbol '") + legacy_init + "'", dlsym(library, legacy_init)},
                           {std::string("symbol '") + legacy_fini + "'", dlsym(library, legacy_fini)}};
    // As current CRIU's generated descriptor: init(stage) and fini(stage, ret). The old API declared
    // them without parameters, and a function that takes none ignores what it is passed on every ABI
    // CRIU supports; the newer ones read the stage.
    if (void *init = dlsym(library, legacy_init)) {
        auto *call = reinterpret_cast<int (*)(int)>(init);
        plugin.init = [call, name](int stage) {
            const registry::RunningPlugin running(name);
            return call(stage);
        };
    }
    if (void *fini = dlsym(library, legacy_fini)) {
        auto *call = reinterpret_cast<void (*)(int, int)>(fini);
        plugin.exit = [call, name](int stage, int result) {
            const registry::RunningPlugin running(name);
            call(stage, result);
        };
    }
    // Built against Tenon's criu-plugin.h without CR_PLUGIN_REGISTER: its pr_* lines, image directory,
    // options and inventory calls go through the services table the header finds here.
    plugin.services_slot = static_cast<const tenon_services **>(dlsym(library, legacy_services_symbol));
    for (const LegacyHook &legacy : legacy_hooks) {
        if (void *function = dlsym(library, legacy.symbol)) {
            plugin.hooks.emplace_back(hook_names()[legacy.hook], reinterpret_cast<tenon_fn_ptr>(function));
        }
    }
    return plugin;
}

}  // namespace

ForeignFormat binary_format() {
    ForeignFormat format;
    format.name = "CRIU";
    format.marker_symbols.push_back(descriptor_symbol);
    format.marker_symbols.push_back(legacy_init);
    format.marker_symbols.push_back(legacy_fini);
    for (const LegacyHook &legacy : legacy_hooks) {
        format.marker_symbols.push_back(legacy.symbol);
    }
    format.check_file = check_file;
    format.adopt = [](void *library, const ForeignFile &file) -> Result<ForeignPlugin> {
        return file.marker(descriptor_symbol) != nullptr ? adopt_descriptor(library, file)
                                                         : adopt_legacy(library, file);
    };
    return format;
}

}  // namespace tenon::criu
