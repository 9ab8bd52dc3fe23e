// The pieces of load, unload and finish that every one of them shares: who
// may call them, the join of parallel runs, and calling init and exit in
// whichever convention the plugin was built with.
#include "host/host_state.hpp"

#include "common/errno_text.hpp"

#include <iterator>

namespace tenon::detail {

int LoadedPlugin::run_init(int stage) {
    if (foreign_init) {
        return foreign_init(stage);
    }
    return init != nullptr ? init(stage, &services) : 0;
}

void LoadedPlugin::run_exit(int stage, int result) {
    if (foreign_exit) {
        foreign_exit(stage, result);
    } else if (exit != nullptr) {
        exit(stage, result);
    }
}

bool inside_plugin_code(const HostState &state) {
    return in_read_section() || in_parallel_handler() || LifecycleLock::held_by_caller(state);
}

void join_parallel_runs(HostState &state, std::string_view before, bool cancel) {
    if (const std::size_t going = state.parallel_runs.join_all(cancel); going != 0) {
        state.log(LogLevel::debug, std::string(cancel ? "cancelled and joined " : "joined ") + std::to_string(going) +
                                       " parallel run(s) the host had not joined, before " + std::string(before));
    }
}

std::string describe_result(int result) {
    std::string text = std::to_string(result);
    if (result < 0) {
        text += " (";
        text += errno_text(-result);
        text += ")";
    }
    return text;
}

// A plugin whose init failed (or never ran): end what it subscribed and what
// others subscribed to its events, wait out readers, then dlclose it.
void discard_uninitialised(HostState &state, std::size_t index) {
    std::vector<std::function<void()>> retired;
    std::unique_ptr<LoadedPlugin> plugin;
    run_at_exit_callbacks(state, {state.plugins[index].get()});  // not initialised: only drops what it registered
    {
        std::lock_guard lock(state.registry_mutex);
        remove_subscriptions(state, state.plugins[index].get(), state.plugins[index].get(), retired);
        plugin = std::move(state.plugins[index]);
        state.plugins.erase(state.plugins.begin() + static_cast<std::ptrdiff_t>(index));
    }
    retire_and_wait(state, std::move(retired));
}

// Finishes plugins[first..]: first their at-exit callbacks, while every one
// of them is live; then exit(stage, result) in reverse order for the
// initialised ones, every exit before any dlclose (an exit may rely on its
// peers being mapped); then removes their hooks and subscriptions, waits
// until no reader holds them, and dlcloses in reverse order.
// `cancel_runs`: cancel parallel runs still going before joining them (a
// host finishing after a failure); a strict load's rollback only joins, as the
// runs are not its own.
void roll_back(HostState &state, std::size_t first, int stage, int result, bool cancel_runs) {
    join_parallel_runs(state, "exit", cancel_runs);
    std::vector<LoadedPlugin *> leaving_plugins;
    for (std::size_t i = first; i < state.plugins.size(); ++i) {
        leaving_plugins.push_back(state.plugins[i].get());
    }
    run_at_exit_callbacks(state, leaving_plugins);
    for (std::size_t i = state.plugins.size(); i-- > first;) {
        LoadedPlugin &plugin = *state.plugins[i];
        if (plugin.initialised) {
            plugin.run_exit(stage, result);
        }
        state.set_initialised(plugin, false);
        // An exited plugin's callbacks must not run again, not even from the exit of a provider still to come.
        std::vector<std::function<void()>> ended;
        {
            std::lock_guard lock(state.registry_mutex);
            remove_subscriptions(state, &plugin, nullptr, ended);
        }
        if (!ended.empty()) {
            retire_and_wait(state, std::move(ended));
        }
    }
    std::vector<std::function<void()>> retired;
    std::vector<std::unique_ptr<LoadedPlugin>> leaving;
    {
        std::lock_guard lock(state.registry_mutex);
        for (std::size_t i = first; i < state.plugins.size(); ++i) {
            remove_subscriptions(state, state.plugins[i].get(), state.plugins[i].get(), retired);
        }
        for (std::size_t i = first; i < state.plugins.size(); ++i) {
            remember_if_used(state, *state.plugins[i]);
        }
        for (std::size_t i = state.plugins.size(); i-- > first;) {
            leaving.push_back(std::move(state.plugins[i]));  // reverse load order
        }
        state.plugins.resize(first);
        auto chains = first == 0 ? unpublish_chains(state) : publish_chains(state);
        std::move(chains.begin(), chains.end(), std::back_inserter(retired));
    }
    retire_and_wait(state, std::move(retired));
    join_parallel_runs(state, "dlclose", cancel_runs);  // runs that started before the chains went empty
    for (auto &plugin : leaving) {
        // Cleared only now: a handler reached just after exit may still use its services table.
        if (plugin->services_slot != nullptr) {
            *plugin->services_slot = nullptr;
        }
        plugin.reset();  // dlclose, in reverse load order
    }
}

}  // namespace tenon::detail
