// Host::unload: take one plugin out of a running host, in the order Redis's
// moduleUnload taught: refuse while anything depends on it, then exit, then
// remove its registrations, then wait for readers, then dlclose.
#include "common/diagnostic.hpp"
#include "host/host_state.hpp"

#include <algorithm>
#include <string>

namespace tenon {

using namespace detail;

namespace {

std::string quoted_list(const std::vector<std::string> &items) {
    std::string text;
    for (std::size_t i = 0; i < items.size(); ++i) {
        text += (i == 0 ? "" : i + 1 == items.size() ? " and " : ", ") + items[i];
    }
    return text;
}

// Registry lock held. Who would be left calling into `target`, or empty.
Error refusal(const HostState &state, const LoadedPlugin &target) {
    const std::string &name = target.metadata.name;
    std::vector<std::string> requirers;
    std::vector<std::string> users;
    for (const auto &plugin : state.plugins) {
        if (plugin.get() == &target) {
            continue;
        }
        for (const RequirementMetadata &requirement : plugin->metadata.requirements) {
            if (requirement.name == name && !requirement.if_present) {
                requirers.push_back("'" + plugin->metadata.name + "'");
            }
        }
        for (const auto &[provider, export_name] : plugin->imports) {
            if (provider == &target) {
                users.push_back("'" + plugin->metadata.name + "' (imports '" + export_name + "')");
            }
        }
    }
    for (const auto &[id, subscription] : state.subscriptions) {
        const LoadedPlugin *subscriber = subscription->subscriber;
        if (subscription->event->owner == &target && subscriber != nullptr && subscriber != &target) {
            users.push_back("'" + subscriber->metadata.name + "' (subscribes to '" +
                            subscription->event->declaration.name + "')");
        }
    }
    const std::string subject = "unload '" + name + "'";
    if (!requirers.empty()) {
        return mismatch(Errc::plugin_required, target.metadata.file, subject, "no loaded plugin to require it",
                        "it required by " + quoted_list(requirers));
    }
    if (!users.empty()) {
        std::vector<std::string> distinct;
        for (std::string &user : users) {
            if (std::find(distinct.begin(), distinct.end(), user) == distinct.end()) {
                distinct.push_back(std::move(user));
            }
        }
        users = std::move(distinct);
        return mismatch(Errc::plugin_in_use, target.metadata.file, subject,
                        "no other plugin to use its exports or events", "it used by " + quoted_list(users));
    }
    return {};
}

}  // namespace

Error Host::unload(std::string_view name, int stage) {
    HostState &state = *state_;
    if (inside_plugin_code(state)) {
        return Error{Errc::invalid_state,
                     "unload '" + std::string(name) +
                         "': expected a call outside hook handlers, event callbacks, init and exit, found one inside",
                     {}};
    }
    LifecycleLock lifecycle(state);
    join_parallel_runs(state, "unload");
    LoadedPlugin *target = nullptr;
    {
        std::lock_guard lock(state.registry_mutex);
        const auto found = std::find_if(state.plugins.begin(), state.plugins.end(),
                                        [&](const auto &plugin) { return plugin->metadata.name == name; });
        if (found == state.plugins.end()) {
            return Error{
                Errc::not_loaded, "unload: expected a loaded plugin named " + single_quoted(name) + ", found none", {}};
        }
        target = found->get();
        if (Error refused = refusal(state, *target); refused.code != Errc::ok) {
            state.log(LogLevel::warn, refused.message);
            return refused;
        }
        target->unloading = true;  // from here on, imports and subscriptions against it are refused
    }

    // 1. Its at-exit callbacks, then its exit, run while everything it registered still stands.
    run_at_exit_callbacks(state, {target});
    if (target->initialised) {
        target->run_exit(stage, 0);
    }
    state.set_initialised(*target, false);

    // 2. Its hooks, its subscriptions and the subscriptions to its events go.
    std::vector<std::function<void()>> retired;
    std::unique_ptr<LoadedPlugin> leaving;
    {
        std::lock_guard lock(state.registry_mutex);
        remove_subscriptions(state, target, target, retired);
        const auto found = std::find_if(state.plugins.begin(), state.plugins.end(),
                                        [&](const auto &plugin) { return plugin.get() == target; });
        leaving = std::move(*found);
        state.plugins.erase(found);
        remember_if_used(state, *leaving);
        auto chains = publish_chains(state);
        std::move(chains.begin(), chains.end(), std::back_inserter(retired));
    }
    // 3. No dispatch that could still reach its code is running after this,
    // and no parallel run that copied its handlers is still going.
    retire_and_wait(state, std::move(retired));
    join_parallel_runs(state, "dlclose");
    // Only now: a handler reached just after exit may still use its services table.
    if (leaving->services_slot != nullptr) {
        *leaving->services_slot = nullptr;
    }

    // 4. dlclose (the LoadedPlugin owns the handle), then the file claim.
    const std::string unloaded = leaving->metadata.name + " " + leaving->metadata.version;
    leaving.reset();
    state.log(LogLevel::debug, "unloaded " + unloaded);
    return {};
}

}  // namespace tenon
