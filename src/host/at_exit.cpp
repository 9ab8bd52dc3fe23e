// At-exit callbacks (services->at_exit): what a plugin runs while every
// plugin is still live, before any exit. QEMU runs its plugins' atexit
// callbacks that way, and a QPP provider relies on it to reach consumers
// from its last words; Tenon's exits alone run in reverse load order and end
// each plugin's registrations as they go, so they cannot give that.
#include "host/host_state.hpp"

#include <algorithm>
#include <cerrno>

namespace tenon::detail {
namespace {

extern "C" int services_at_exit(const tenon_services *self, void (*callback)(void *), void *userdata) {
    if (self == nullptr || callback == nullptr) {
        return -EINVAL;
    }
    LoadedPlugin &plugin = plugin_of(self);
    HostState &state = *plugin.host;
    std::lock_guard lock(state.registry_mutex);
    if (plugin.at_exit_done || plugin.exited) {
        return -ESHUTDOWN;
    }
    try {
        state.at_exit_callbacks.push_back({&plugin, callback, userdata});
    } catch (const std::bad_alloc &) {
        return -ENOMEM;
    }
    return 0;
}

}  // namespace

void run_at_exit_callbacks(HostState &state, const std::vector<LoadedPlugin *> &leaving) {
    const auto is_leaving = [&](const LoadedPlugin *plugin) {
        return std::find(leaving.begin(), leaving.end(), plugin) != leaving.end();
    };
    for (;;) {
        HostState::AtExit next{};
        {
            std::lock_guard lock(state.registry_mutex);
            // The most recent registration of a leaving plugin; a callback may register more while we run.
            auto found = std::find_if(state.at_exit_callbacks.rbegin(), state.at_exit_callbacks.rend(),
                                      [&](const HostState::AtExit &entry) { return is_leaving(entry.plugin); });
            while (found != state.at_exit_callbacks.rend() && !found->plugin->initialised) {
                // Its init failed or never ran: it has nothing to say at exit, as it gets no exit either.
                state.at_exit_callbacks.erase(std::next(found).base());
                found = std::find_if(state.at_exit_callbacks.rbegin(), state.at_exit_callbacks.rend(),
                                     [&](const HostState::AtExit &entry) { return is_leaving(entry.plugin); });
            }
            if (found == state.at_exit_callbacks.rend()) {
                for (LoadedPlugin *plugin : leaving) {
                    plugin->at_exit_done = true;
                }
                return;
            }
            next = *found;
            state.at_exit_callbacks.erase(std::next(found).base());
        }
        next.callback(next.userdata);
    }
}

void prepare_at_exit_services(tenon_services &table) {
    table.at_exit = services_at_exit;
}

}  // namespace tenon::detail
