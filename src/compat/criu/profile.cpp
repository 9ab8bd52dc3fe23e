// The CRIU profile's host configuration and directory order.
#include <tenon/compat/criu/profile.hpp>

namespace tenon::criu {

const std::array<const char *, hook_count> &hook_names() noexcept {
    // Index = CR_PLUGIN_HOOK__ number: the binary format reads hooks[] by it.
    static const std::array<const char *, hook_count> names = {
        CR_PLUGIN_HOOK__DUMP_UNIX_SK_hook::name,      CR_PLUGIN_HOOK__RESTORE_UNIX_SK_hook::name,
        CR_PLUGIN_HOOK__DUMP_EXT_FILE_hook::name,     CR_PLUGIN_HOOK__RESTORE_EXT_FILE_hook::name,
        CR_PLUGIN_HOOK__DUMP_EXT_MOUNT_hook::name,    CR_PLUGIN_HOOK__RESTORE_EXT_MOUNT_hook::name,
        CR_PLUGIN_HOOK__DUMP_EXT_LINK_hook::name,     CR_PLUGIN_HOOK__HANDLE_DEVICE_VMA_hook::name,
        CR_PLUGIN_HOOK__UPDATE_VMA_MAP_hook::name,    CR_PLUGIN_HOOK__RESUME_DEVICES_LATE_hook::name,
        CR_PLUGIN_HOOK__PAUSE_DEVICES_hook::name,     CR_PLUGIN_HOOK__CHECKPOINT_DEVICES_hook::name,
        CR_PLUGIN_HOOK__POST_FORKING_hook::name,      CR_PLUGIN_HOOK__RESTORE_INIT_hook::name,
        CR_PLUGIN_HOOK__DUMP_DEVICES_LATE_hook::name, CR_PLUGIN_HOOK__UPDATE_INETSK_hook::name,
    };
    return names;
}

HostConfig host_config(const Options &options) {
    HostConfig config;
    config.interface_name = "criu";
    config.interface_version = 1;
    config.min_interface_version = 1;
    config.hooks = {
        HookDecl::of<CR_PLUGIN_HOOK__DUMP_UNIX_SK_hook>(),
        HookDecl::of<CR_PLUGIN_HOOK__RESTORE_UNIX_SK_hook>(),
        HookDecl::of<CR_PLUGIN_HOOK__DUMP_EXT_FILE_hook>(),
        HookDecl::of<CR_PLUGIN_HOOK__RESTORE_EXT_FILE_hook>(),
        HookDecl::of<CR_PLUGIN_HOOK__DUMP_EXT_MOUNT_hook>(),
        HookDecl::of<CR_PLUGIN_HOOK__RESTORE_EXT_MOUNT_hook>(),
        HookDecl::of<CR_PLUGIN_HOOK__DUMP_EXT_LINK_hook>(),
        HookDecl::of<CR_PLUGIN_HOOK__HANDLE_DEVICE_VMA_hook>(),
        HookDecl::of<CR_PLUGIN_HOOK__UPDATE_VMA_MAP_hook>(),
        HookDecl::of<CR_PLUGIN_HOOK__RESUME_DEVICES_LATE_hook>(),
        HookDecl::of<CR_PLUGIN_HOOK__PAUSE_DEVICES_hook>(),
        HookDecl::of<CR_PLUGIN_HOOK__CHECKPOINT_DEVICES_hook>(),
        options.parallel_post_forking ? HookDecl::of<post_forking_parallel_hook>()
                                      : HookDecl::of<CR_PLUGIN_HOOK__POST_FORKING_hook>(),
        HookDecl::of<CR_PLUGIN_HOOK__RESTORE_INIT_hook>(),
        HookDecl::of<CR_PLUGIN_HOOK__DUMP_DEVICES_LATE_hook>(),
        HookDecl::of<CR_PLUGIN_HOOK__UPDATE_INETSK_hook>(),
    };
    config.mode = options.mode;
    config.claims_mark_used = false;  // as CRIU: only add_inventory_plugin records a plugin
    config.foreign_formats = {binary_format()};
    config.worker_threads = options.worker_threads;
    return config;
}

PluginSources plugin_sources(const Options &options) {
    PluginSources sources;
    if (!options.libdir.empty()) {
        sources.directories = {options.libdir};
    }
    sources.environment_variable = libs_dir_variable;
    sources.default_directory = options.default_directory;
    sources.static_plugins = options.static_plugins;
    return sources;
}

}  // namespace tenon::criu

namespace tenon::criu {

Inventory inventory_from_names(const std::vector<std::string> &names) {
    Inventory inventory;
    for (const std::string &name : names) {
        inventory.plugins.push_back({name, ""});
    }
    return inventory;
}

std::vector<std::string> inventory_names(const Inventory &inventory) {
    std::vector<std::string> names;
    for (const InventoryEntry &entry : inventory.plugins) {
        names.push_back(entry.name);
    }
    return names;
}

}  // namespace tenon::criu
