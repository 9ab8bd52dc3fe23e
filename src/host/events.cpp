// Events: callbacks subscribed by plugins and the host, run lock-free from
// immutable arrays that are replaced (never edited) and reclaimed after a
// grace period.
#include "common/diagnostic.hpp"
#include "common/signature.hpp"
#include "common/versions.hpp"
#include "host/host_state.hpp"

#include <algorithm>
#include <cstring>
#include <string>

namespace tenon::detail {
namespace {

// What every event without callbacks publishes: the sentinel alone.
constexpr tenon_event_entry no_callbacks[1] = {{nullptr, nullptr, nullptr}};

Outcome refused(int status, std::string message) {
    return {status, std::move(message)};
}

std::string provider_label(std::string_view provider) {
    return provider.empty() ? std::string("the host") : "plugin " + single_quoted(provider);
}

// Registry lock held. Finds the event or explains why not.
Outcome find_event(HostState &state, const LoadedPlugin *subscriber, std::string_view provider, std::string_view name,
                   const std::string &subject, const std::string &range_text, VersionRange &range, EventState *&found) {
    if (!parse_version_range(range_text, range)) {
        return refused(TENON_IMPORT_BAD_ARGUMENT,
                       subject + "range: expected space-separated comparators such as '>=1.2 <2', found " +
                           single_quoted(range_text));
    }
    const std::vector<std::unique_ptr<EventState>> *events = &state.host_events;
    const std::vector<std::unique_ptr<EventState>> *created = nullptr;
    if (!provider.empty()) {
        const auto it = std::find_if(state.plugins.begin(), state.plugins.end(),
                                     [&](const auto &plugin) { return plugin->metadata.name == provider; });
        const std::string expected =
            "provider: expected a loaded, initialised plugin named '" + std::string(provider) + "', found ";
        if (it == state.plugins.end()) {
            return refused(TENON_IMPORT_NO_PROVIDER, subject + expected + "none");
        }
        const LoadedPlugin &source = **it;
        if (source.unloading) {
            return refused(TENON_IMPORT_NO_PROVIDER, subject + expected + "it unloading");
        }
        if (source.exited) {  // worded as imports word it
            return refused(TENON_IMPORT_NO_PROVIDER, subject + expected + "it already exited (the host is finishing)");
        }
        // A plugin may subscribe to its own events from its own init.
        if (!source.initialised && &source != subscriber) {
            return refused(TENON_IMPORT_NO_PROVIDER,
                           subject + expected +
                               "it loaded but not initialised yet (require it with TENON_REQUIRES to be "
                               "initialised after it)");
        }

        events = &source.events;
        created = &source.created_events;
    }
    const auto named = [&](const auto &candidate) { return candidate->declaration.name == name; };
    const auto event = std::find_if(events->begin(), events->end(), named);
    if (event == events->end() && created != nullptr) {
        // Created at run time (callback_create): looked for after the declared ones, which it cannot shadow.
        if (const auto made = std::find_if(created->begin(), created->end(), named); made != created->end()) {
            found = made->get();
            return {};
        }
    }
    if (event == events->end()) {
        std::string names;
        for (const auto &candidate : *events) {
            names += (names.empty() ? "" : ", ") + candidate->declaration.name;
        }
        if (created != nullptr) {
            for (const auto &candidate : *created) {
                names += (names.empty() ? "" : ", ") + candidate->declaration.name;
            }
        }
        return refused(
            TENON_IMPORT_NO_EVENT,
            subject + "event: expected one named " + single_quoted(name) + ", found " +
                (names.empty() ? "none (" + provider_label(provider) + " declares no events)" : "only " + names));
    }
    found = event->get();
    return {};
}

// Registry lock held.
Outcome subscribe(HostState &state, LoadedPlugin *subscriber, const char *provider, const char *name,
                  const char *signature, const char *range, tenon_fn_ptr callback, void *userdata, std::uint64_t &id) {
    for (const auto &[argument, value] :
         {std::pair{"provider", provider}, std::pair{"event", name}, std::pair{"signature", signature}}) {
        if (value == nullptr) {
            return refused(TENON_IMPORT_BAD_ARGUMENT,
                           std::string("subscribe: argument '") + argument + "': expected a string, found NULL");
        }
    }
    const std::string subject = "subscribe to " + single_quoted(name) + " of " + provider_label(provider) + ": ";
    if (callback == nullptr) {
        return refused(TENON_IMPORT_BAD_ARGUMENT, subject + "argument 'callback': expected a function, found NULL");
    }
    // Its subscriptions are being (or were) removed: a new one would outlive its code.
    if (subscriber != nullptr && (subscriber->unloading || subscriber->exited)) {
        return refused(TENON_IMPORT_UNSUPPORTED, "subscribe to '" + std::string(name) +
                                                     "': subscriber: expected a plugin that has not exited, found '" +
                                                     subscriber->metadata.name + "' exited or unloading");
    }
    EventState *event = nullptr;
    const std::string range_text = range != nullptr ? range : "";
    VersionRange accepted;
    if (Outcome outcome = find_event(state, subscriber, provider, name, subject, range_text, accepted, event);
        outcome.status != TENON_IMPORT_OK) {
        return outcome;
    }
    if (event->canonical_signature != canonical_signature(signature)) {
        return refused(TENON_IMPORT_SIGNATURE_MISMATCH, subject + "signature: expected " + single_quoted(signature) +
                                                            " (the subscriber's declaration), found " +
                                                            single_quoted(event->declaration.signature) + " (" +
                                                            event->describe() + ")");
    }
    // Checked after the signature, in the order imports check theirs.
    if (const LoadedPlugin *source = event->owner; source != nullptr && !accepted.contains(source->version)) {
        return refused(TENON_IMPORT_VERSION_MISMATCH, subject + "version: expected " + single_quoted(range_text) +
                                                          ", found " + source->metadata.version);
    }
    auto subscription = std::make_unique<Subscription>();
    subscription->id = state.next_subscription_id++;
    subscription->event = event;
    subscription->subscriber = subscriber;
    subscription->callback = callback;
    subscription->userdata = userdata;
    event->subscriptions.push_back(subscription.get());
    id = subscription->id;
    state.subscriptions.emplace(id, std::move(subscription));
    return {};
}

}  // namespace

// Takes the registry lock. Subscribing never waits: nothing is taken away
// from a reader, so the replaced array just waits in the reclaimer.
Outcome subscribe_and_publish(HostState &state, LoadedPlugin *subscriber, const char *provider, const char *name,
                              const char *signature, const char *range, tenon_fn_ptr callback, void *userdata,
                              std::uint64_t &id) {
    std::vector<std::function<void()>> retired;
    GracePeriod period;
    Outcome outcome;
    {
        std::lock_guard lock(state.registry_mutex);
        outcome = subscribe(state, subscriber, provider, name, signature, range, callback, userdata, id);
        if (outcome.status != TENON_IMPORT_OK) {
            return outcome;
        }
        republish_event(*state.subscriptions.at(id)->event, retired);
        if (!retired.empty()) {
            period = start_grace_period();
        }
    }
    state.reclaimer.retire(period, std::move(retired));
    state.reclaimer.reclaim_elapsed();
    return outcome;
}

namespace {

// Registry lock held. Marks `subscription` dead, drops it from its event and
// hands it (and the event's old array) over for retirement.
void end_subscription(HostState &state, Subscription &subscription, std::vector<std::function<void()>> &retired) {
    subscription.alive.store(0, std::memory_order_seq_cst);
    EventState &event = *subscription.event;
    std::erase(event.subscriptions, &subscription);
    republish_event(event, retired);
    auto owned = state.subscriptions.extract(subscription.id);
    retired.push_back(deleter_for(std::move(owned.mapped())));
}

// Whoever unsubscribes must not be left inside a grace period it cannot finish.
void wait_after_unsubscribe(HostState &state, const GracePeriod &period, std::vector<std::function<void()>> retired) {
    if (in_read_section()) {
        period.wait_from_inside_section();
        state.reclaimer.retire(period, std::move(retired));
    } else {
        period.wait();
        for (auto &deleter : retired) {
            deleter();
        }
    }
    state.reclaimer.reclaim_elapsed();
}

}  // namespace

int unsubscribe_subscription(HostState &state, const LoadedPlugin *subscriber, std::uint64_t id, std::string &message) {
    std::vector<std::function<void()>> retired;
    GracePeriod period;
    bool not_found = false;
    {
        std::lock_guard lock(state.registry_mutex);
        const auto found = state.subscriptions.find(id);
        if (found == state.subscriptions.end() || found->second->subscriber != subscriber) {
            not_found = true;
            message = "unsubscribe: id: expected a live subscription made by " +
                      (subscriber == nullptr ? std::string("the host") : "plugin '" + subscriber->metadata.name + "'") +
                      ", found " +
                      (id == 0 ? std::string("0 (never a valid id)") : "no such subscription " + std::to_string(id));
        } else {
            end_subscription(state, *found->second, retired);
        }
        period = start_grace_period();
    }
    // Even for an id that an unload ended a moment ago: its callback may still be running.
    wait_after_unsubscribe(state, period, std::move(retired));
    return not_found ? TENON_IMPORT_NOT_SUBSCRIBED : TENON_IMPORT_OK;
}

namespace {

extern "C" int services_event_subscribe(const tenon_services *self, const char *provider, const char *event,
                                        const char *signature, const char *range, tenon_fn_ptr callback, void *userdata,
                                        std::uint64_t *out_id, char *message, size_t message_size) {
    if (out_id != nullptr) {
        *out_id = 0;
    }
    Outcome outcome;
    std::uint64_t id = 0;
    if (self == nullptr || out_id == nullptr) {
        outcome = refused(TENON_IMPORT_BAD_ARGUMENT, std::string("subscribe: argument '") +
                                                         (self == nullptr ? "self" : "out_id") +
                                                         "': expected a pointer, found NULL");
        copy_message(outcome.message, message, message_size);
        return outcome.status;
    }
    LoadedPlugin &subscriber = plugin_of(self);
    HostState &state = *subscriber.host;
    outcome = subscribe_and_publish(state, &subscriber, provider, event, signature, range, callback, userdata, id);
    *out_id = id;
    copy_message(outcome.message, message, message_size);
    if (outcome.status != TENON_IMPORT_OK) {
        state.logger.write(LogLevel::debug, subscriber.metadata.name, outcome.message);
    }
    return outcome.status;
}

extern "C" int services_event_unsubscribe(const tenon_services *self, std::uint64_t id) {
    if (self == nullptr) {
        return TENON_IMPORT_BAD_ARGUMENT;
    }
    LoadedPlugin &subscriber = plugin_of(self);
    std::string message;
    const int status = unsubscribe_subscription(*subscriber.host, &subscriber, id, message);
    if (status != TENON_IMPORT_OK) {
        subscriber.host->logger.write(LogLevel::debug, subscriber.metadata.name, message);
    }
    return status;
}

extern "C" const tenon_event_entry *services_event_enter(const tenon_services *, void *event) {
    enter_read_section();
    if (event == nullptr) {
        return no_callbacks;
    }
    return static_cast<const EventState *>(event)->entries.load(std::memory_order_seq_cst);
}

extern "C" void services_event_leave(const tenon_services *) {
    leave_read_section();
}

}  // namespace

EventState::EventState() : entries(no_callbacks) {}

std::string EventState::describe() const {
    return "event '" + declaration.name + "' of " + provider_label(provider);
}

void republish_event(EventState &event, std::vector<std::function<void()>> &retired) {
    std::unique_ptr<tenon_event_entry[]> array;
    const tenon_event_entry *published = no_callbacks;
    if (!event.subscriptions.empty()) {
        array = std::make_unique<tenon_event_entry[]>(event.subscriptions.size() + 1);
        std::size_t i = 0;
        for (const Subscription *subscription : event.subscriptions) {
            array[i++] = {subscription->callback, subscription->userdata,
                          reinterpret_cast<const unsigned char *>(&subscription->alive)};
        }
        array[i] = {nullptr, nullptr, nullptr};
        published = array.get();
    }
    event.entries.store(published, std::memory_order_seq_cst);
    if (event.slot_while_subscribed != nullptr) {
        // After the entries: a runner that sees the handle finds them published.
        __atomic_store_n(event.slot_while_subscribed, event.subscriptions.empty() ? nullptr : &event, __ATOMIC_SEQ_CST);
    }
    if (event.published != nullptr) {
        retired.push_back(deleter_for(std::move(event.published)));
    }
    event.published = std::move(array);
}

void remove_subscriptions(HostState &state, const LoadedPlugin *subscriber, const LoadedPlugin *provider,
                          std::vector<std::function<void()>> &retired) {
    std::vector<Subscription *> doomed;
    for (const auto &[id, subscription] : state.subscriptions) {
        const bool owned = subscription->subscriber == subscriber;
        const bool to_provider = provider != nullptr && subscription->event->owner == provider;
        if (owned || to_provider) {
            doomed.push_back(subscription.get());
        }
    }
    for (Subscription *subscription : doomed) {
        end_subscription(state, *subscription, retired);
    }
}

void retire_and_wait(HostState &state, std::vector<std::function<void()>> retired) {
    const GracePeriod period = start_grace_period();
    period.wait();
    for (auto &deleter : retired) {
        deleter();
    }
    state.reclaimer.reclaim_elapsed();
}

void create_plugin_events(LoadedPlugin &plugin) {
    for (std::size_t i = 0; i < plugin.metadata.events.size(); ++i) {
        auto event = std::make_unique<EventState>();
        event->provider = plugin.metadata.name;
        event->declaration = plugin.metadata.events[i];
        event->canonical_signature = canonical_signature(event->declaration.signature);
        event->owner = &plugin;
        if (plugin.event_slots[i] != nullptr) {
            if (event->declaration.slot_while_subscribed) {
                event->slot_while_subscribed = plugin.event_slots[i];
                *plugin.event_slots[i] = nullptr;  // nobody subscribed yet
            } else {
                *plugin.event_slots[i] = event.get();
            }
        }
        plugin.events.push_back(std::move(event));
    }
}

void prepare_event_services(tenon_services &table) {
    table.event_subscribe = services_event_subscribe;
    table.event_unsubscribe = services_event_unsubscribe;
    table.event_enter = services_event_enter;
    table.event_leave = services_event_leave;
}

}  // namespace tenon::detail

namespace tenon {

using namespace detail;

namespace {
Errc errc_of(int status) {
    switch (status) {
        case TENON_IMPORT_NO_PROVIDER:
            return Errc::not_loaded;
        case TENON_IMPORT_NO_EVENT:
            return Errc::unknown_event;
        case TENON_IMPORT_SIGNATURE_MISMATCH:
            return Errc::signature_mismatch;
        case TENON_IMPORT_VERSION_MISMATCH:
            return Errc::dependency_version;
        case TENON_IMPORT_NOT_SUBSCRIBED:
            return Errc::not_subscribed;
        default:
            return Errc::invalid_argument;
    }
}
}  // namespace

Error Host::find_event_slot(std::string_view provider, std::string_view name, std::string_view signature, int mode,
                            const std::atomic<const tenon_event_entry *> *&slot) const {
    const std::string subject = "event " + single_quoted(name) + "";
    if (!provider.empty()) {
        return Error{Errc::invalid_config,
                     subject +
                         ": provider: expected TENON_HOST (a host runs only its own events; subscribe to a "
                         "plugin's), found '" +
                         std::string(provider) + "'",
                     {}};
    }
    for (const auto &event : state_->host_events) {
        if (event->declaration.name != name) {
            continue;
        }
        if (event->canonical_signature != canonical_signature(signature)) {
            return Error{Errc::invalid_config,
                         subject + ": signature: expected " + single_quoted(event->declaration.signature) +
                             " (as declared in the host config), found " + single_quoted(signature),
                         {}};
        }
        if (event->declaration.mode != mode) {
            return Error{Errc::invalid_config,
                         subject + ": mode: expected " + dispatch_mode_name(event->declaration.mode) + ", found " +
                             dispatch_mode_name(mode),
                         {}};
        }
        slot = &event->entries;
        return {};
    }
    return Error{Errc::invalid_config, subject + ": expected an event declared in the host config, found none", {}};
}

Result<SubscriptionId> Host::subscribe_callback(const char *provider, const char *name, const char *signature,
                                                std::string_view range, tenon_fn_ptr callback, void *userdata) {
    std::uint64_t id = 0;
    const std::string range_text(range);
    Outcome outcome =
        subscribe_and_publish(*state_, nullptr, provider, name, signature, range_text.c_str(), callback, userdata, id);
    if (outcome.status != TENON_IMPORT_OK) {
        return Error{errc_of(outcome.status), std::move(outcome.message), {}};
    }
    return id;
}

Error Host::unsubscribe(SubscriptionId id) {
    std::string message;
    if (unsubscribe_subscription(*state_, nullptr, id, message) != TENON_IMPORT_OK) {
        return Error{Errc::not_subscribed, std::move(message), {}};
    }
    return {};
}

}  // namespace tenon
