// Changes to the host's plugin list, made under the registry lock so that
// imports from plugin threads see a consistent list. Plugin code never runs
// under the lock: a removed plugin is handed back and dlclosed by the caller.
#include "host/host_state.hpp"

namespace tenon::detail {

void HostState::add_plugin(std::unique_ptr<LoadedPlugin> plugin) {
    std::lock_guard lock(registry_mutex);
    plugins.push_back(std::move(plugin));
}

void HostState::set_initialised(LoadedPlugin &plugin, bool initialised) {
    std::lock_guard lock(registry_mutex);
    // Leaving the initialised state only happens in finish, after exit.
    plugin.exited = plugin.initialised && !initialised;
    plugin.initialised = initialised;
}

std::unique_ptr<LoadedPlugin> HostState::take_plugin(std::size_t index) {
    std::lock_guard lock(registry_mutex);
    std::unique_ptr<LoadedPlugin> plugin = std::move(plugins[index]);
    plugins.erase(plugins.begin() + static_cast<std::ptrdiff_t>(index));
    return plugin;
}

}  // namespace tenon::detail
