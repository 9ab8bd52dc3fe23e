// Events created at run time by name (services->callback_create), QPP v2's
// qemu_plugin_create_callback: no record in the file, so nothing of them is
// known before init. Once created they are ordinary events of their plugin:
// subscribed through event_subscribe, run through event_enter, ended with the
// plugin. A run looks one up by name without a lock (callback_find).
#include "common/diagnostic.hpp"
#include "common/signature.hpp"
#include "host/host_state.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace tenon::detail {
namespace {

// The signature every created event has: QPP v2's cb_func_t, void (gpointer evdata, gpointer udata).
constexpr const char created_signature[] = "void(void *, void *)";

EventState *find_declared(const LoadedPlugin &plugin, std::string_view name) {
    // plugin.events is filled before init and never changes while the plugin is loaded.
    for (const auto &event : plugin.events) {
        if (event->declaration.name == name) {
            return event.get();
        }
    }
    return nullptr;
}

// Registry lock held: a fresh, NULL-ended index of created_events; the old one goes to `retired`.
void republish_index(LoadedPlugin &plugin, std::vector<std::function<void()>> &retired) {
    auto index = std::make_unique<EventState *[]>(plugin.created_events.size() + 1);
    for (std::size_t i = 0; i < plugin.created_events.size(); ++i) {
        index[i] = plugin.created_events[i].get();
    }
    index[plugin.created_events.size()] = nullptr;
    plugin.created_index.store(index.get(), std::memory_order_seq_cst);
    if (plugin.created_index_owner != nullptr) {
        retired.push_back(deleter_for(std::move(plugin.created_index_owner)));
    }
    plugin.created_index_owner = std::move(index);
}

extern "C" int services_callback_create(const tenon_services *self, const char *name, void **out_event, char *message,
                                        size_t message_size) {
    if (out_event != nullptr) {
        *out_event = nullptr;
    }
    if (self == nullptr) {
        copy_message("callback_create: argument 'self': expected this plugin's services table, found NULL", message,
                     message_size);
        return TENON_IMPORT_BAD_ARGUMENT;
    }
    LoadedPlugin &plugin = plugin_of(self);
    HostState &state = *plugin.host;
    if (name == nullptr || *name == '\0') {
        copy_message(std::string("callback_create: argument 'name': expected a callback name, found ") +
                         (name == nullptr ? "NULL" : "''"),
                     message, message_size);
        return TENON_IMPORT_BAD_ARGUMENT;
    }
    std::vector<std::function<void()>> retired;
    GracePeriod period;
    EventState *created = nullptr;
    try {
        std::lock_guard lock(state.registry_mutex);
        const bool taken = find_declared(plugin, name) != nullptr ||
                           std::any_of(plugin.created_events.begin(), plugin.created_events.end(),
                                       [&](const auto &event) { return event->declaration.name == name; });
        if (taken) {
            copy_message("callback_create: name: expected one this plugin has no event or callback by, found " +
                             single_quoted(name) + " already in use",
                         message, message_size);
            return TENON_IMPORT_BAD_ARGUMENT;
        }
        auto event = std::make_unique<EventState>();
        event->provider = plugin.metadata.name;
        event->declaration.name = name;
        event->declaration.signature = created_signature;
        event->declaration.mode = TENON_NOTIFY;
        event->canonical_signature = canonical_signature(created_signature);
        event->owner = &plugin;
        created = event.get();
        plugin.created_events.push_back(std::move(event));
        republish_index(plugin, retired);
        period = start_grace_period();
    } catch (const std::bad_alloc &) {
        copy_message("callback_create: out of memory", message, message_size);
        return -ENOMEM;
    }
    state.reclaimer.retire(period, std::move(retired));
    state.reclaimer.reclaim_elapsed();
    if (out_event != nullptr) {
        *out_event = created;
    }
    return TENON_IMPORT_OK;
}

extern "C" void *services_callback_find(const tenon_services *self, const char *name) {
    if (self == nullptr || name == nullptr) {
        return nullptr;
    }
    const LoadedPlugin &plugin = plugin_of(self);
    if (EventState *declared = find_declared(plugin, name)) {
        return declared;
    }
    // The index is retired only after a grace period, so it stays readable inside the section.
    enter_read_section();
    void *found = nullptr;
    if (EventState *const *index = plugin.created_index.load(std::memory_order_seq_cst)) {
        for (; *index != nullptr; ++index) {
            if ((*index)->declaration.name == name) {
                found = *index;  // owned by the plugin until it is unmapped: valid after the section
                break;
            }
        }
    }
    leave_read_section();
    return found;
}

}  // namespace

void prepare_callback_services(tenon_services &table) {
    table.callback_create = services_callback_create;
    table.callback_find = services_callback_find;
}

}  // namespace tenon::detail
