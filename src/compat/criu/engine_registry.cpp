#include "compat/criu/engine_registry.hpp"

#include <algorithm>
#include <mutex>
#include <vector>

namespace tenon::criu::registry {
namespace {

std::mutex &registry_mutex() {
    static std::mutex mutex;
    return mutex;
}

std::vector<PluginEngine::State *> &engines() {
    static std::vector<PluginEngine::State *> live;
    return live;
}

thread_local const std::string *running_plugin = nullptr;

}  // namespace

RunningPlugin::RunningPlugin(const std::string &name) noexcept : outer_(running_plugin) {
    running_plugin = &name;
}

RunningPlugin::~RunningPlugin() {
    running_plugin = outer_;
}

void add(PluginEngine::State &engine) {
    std::lock_guard lock(registry_mutex());
    engines().push_back(&engine);
}

void remove(PluginEngine::State &engine) {
    std::lock_guard lock(registry_mutex());
    std::erase(engines(), &engine);
}

bool with_engine_of(const void *caller,
                    const std::function<void(PluginEngine::State &, const std::optional<std::string> &)> &use) {
    std::lock_guard lock(registry_mutex());
    for (PluginEngine::State *engine : engines()) {
        if (auto plugin = engine->host.plugin_at(caller)) {
            use(*engine, plugin);
            return true;
        }
    }
    if (running_plugin != nullptr) {
        for (PluginEngine::State *engine : engines()) {
            if (engine->host.find_plugin(*running_plugin)) {
                use(*engine, *running_plugin);
                return true;
            }
        }
    }
    if (engines().size() == 1) {
        use(*engines().front(), std::nullopt);
        return true;
    }
    return false;
}

}  // namespace tenon::criu::registry
