// The private state behind tenon::Host (one pointer, as the public header promises).
#pragma once

#include "host/logger.hpp"
#include "loader/compatibility.hpp"
#include "loader/file_claims.hpp"
#include "loader/library.hpp"

#include <tenon/host.hpp>
#include <tenon/services.h>

#include "common/versions.hpp"
#include "host/parallel.hpp"
#include "sync/reclaimer.hpp"
#include "sync/worker_pool.hpp"

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace tenon::detail {

struct HostState;

/// One hook implementation of a loaded plugin, bound to a host hook.
struct HookBinding {
    std::size_t hook_index;
    tenon_fn_ptr function;
    int priority;
};

struct LoadedPlugin;
struct EventState;
struct ActiveLoad;

/// One callback subscribed to one event. Owned by HostState::subscriptions
/// until unsubscribed, then retired: readers may still hold its `alive` flag.
struct Subscription {
    std::uint64_t id = 0;
    EventState *event = nullptr;
    LoadedPlugin *subscriber = nullptr;  ///< nullptr: the host
    tenon_fn_ptr callback = nullptr;
    void *userdata = nullptr;
    std::atomic<unsigned char> alive{1};  ///< read by runners through tenon_event_entry::alive
};
static_assert(sizeof(std::atomic<unsigned char>) == 1 && std::atomic<unsigned char>::is_always_lock_free,
              "tenon_event_entry::alive points at this flag as a plain byte");

/// An event declared by the host or by a plugin. Its address is the handle
/// runners use, so it never moves; a plugin's events are retired at unload.
struct EventState {
    std::string provider;  ///< "" for the host
    EventMetadata declaration;
    std::string canonical_signature;
    LoadedPlugin *owner = nullptr;  ///< the providing plugin; nullptr for the host
    /// The published callbacks, ended by a NULL callback. Swapped under the
    /// registry lock; the old array is retired.
    std::atomic<const tenon_event_entry *> entries;
    std::vector<Subscription *> subscriptions;       ///< in subscription order; guarded by the registry lock
    std::unique_ptr<tenon_event_entry[]> published;  ///< owns what `entries` points at (when not the empty list)
    /// TENON_EVENT_SLOT_WHILE_SUBSCRIBED: the provider's slot, which holds
    /// this event's address while it has subscribers and NULL otherwise.
    void **slot_while_subscribed = nullptr;

    EventState();
    /// Names the event in messages: "event 'x' of plugin 'p'" or "event 'x' of the host".
    std::string describe() const;
};

/// A plugin the host has mapped. Owned by HostState through unique_ptr, so
/// its address (held by its services table) never changes.
struct LoadedPlugin {
    PluginMetadata metadata;
    std::uint64_t device = 0;  ///< of the file it was mapped from (the validated one)
    std::uint64_t inode = 0;
    std::optional<std::string> soname;  ///< its DT_SONAME: how a plugin linked against it finds it
    std::string signed_by;              ///< the key id that signed it, when signatures are required
    bool linked_in = false;             ///< a static plugin: nothing to map or unmap
    FileClaim claim;                    ///< declared before `library`: released only after the dlclose
    LibraryHandle library;
    tenon_init_fn init = nullptr;
    tenon_exit_fn exit = nullptr;
    /// A foreign plugin's init and exit (see <tenon/foreign.hpp>); used instead of init and exit when set.
    std::function<int(int)> foreign_init;
    std::function<void(int, int)> foreign_exit;
    const char *loader_name = nullptr;  ///< the dynamic loader's name for the mapping (link_map::l_name)
    const tenon_services **services_slot = nullptr;
    std::vector<HookBinding> bindings;
    std::vector<tenon_fn_ptr> export_functions;  ///< parallel to metadata.exports
    std::vector<void **> event_slots;            ///< parallel to metadata.events: where its runner finds the handle
    std::vector<std::unique_ptr<EventState>> events;  ///< parallel to metadata.events
    /// Plugins this one imported a function from (with the export's name), so
    /// unload can refuse to pull code from under it. Guarded by the registry lock.
    std::vector<std::pair<const LoadedPlugin *, std::string>> imports;
    SemanticVersion version;    ///< metadata.version, parsed, for import ranges
    tenon_services services{};  ///< runtime points back here
    HostState *host = nullptr;
    bool initialised = false;  ///< guarded by HostState::registry_mutex
    bool exited = false;       ///< its exit has run; guarded likewise
    bool unloading = false;    ///< unload has begun: no new imports or subscriptions; guarded likewise
    /// Set when it claims a first-claimer call or reports itself used; read by the inventory.
    std::atomic<unsigned char> used{0};
    /// What its chain entries mark on a claim when claims do not count for
    /// the inventory (HostConfig::claims_mark_used off): written, never read.
    std::atomic<unsigned char> claimed{0};
    /// Its at-exit callbacks have run (or were dropped): no more may be registered. Guarded by the registry lock.
    bool at_exit_done = false;
    /// Events it created at run time (services->callback_create), owned here
    /// so that their addresses stay valid until it is unmapped. Guarded by the registry lock.
    std::vector<std::unique_ptr<EventState>> created_events;
    /// What callback_find searches without a lock: an immutable, NULL-ended
    /// array of created_events, replaced on each creation (the old one is retired).
    std::atomic<EventState *const *> created_index{nullptr};
    std::unique_ptr<EventState *[]> created_index_owner;

    /// The host's arguments for it (PluginSources::arguments), checked in phase 1; read through services->argument.
    std::vector<PluginArgument> arguments;

    /// Runs init (Tenon's or the foreign one): 0 or the failure.
    int run_init(int stage);
    /// Runs exit (Tenon's or the foreign one), if any.
    void run_exit(int stage, int result);
};

/// A published chain: one block holding the Chain header and its handlers,
/// plus the plugin names it points to.
class OwnedChain {
public:
    OwnedChain(const std::vector<ChainEntry> &entries, std::vector<const char *> plugin_names);
    const Chain &chain() const noexcept { return *reinterpret_cast<const Chain *>(block_.get()); }

private:
    std::unique_ptr<std::byte[]> block_;
    std::vector<const char *> plugin_names_;
};

/// Host services registered with provide_service; looked up from any thread.
class ServiceRegistry {
public:
    void provide(std::string name, void *service);
    void *find(std::string_view name) const;

private:
    mutable std::mutex mutex_;
    std::map<std::string, void *, std::less<>> services_;
};

struct HostState {
    HostConfig config;
    std::vector<DeclaredHook> hooks;
    HookIndex hook_index;               ///< hooks by name
    std::unique_ptr<HookSlot[]> slots;  ///< one per declared hook, same index

    /// Guards `plugins` and each plugin's `initialised` and `exited`
    /// against imports from plugin threads. Held only while those change or
    /// are read, never while plugin code (init, exit, dlclose) runs.
    mutable std::mutex registry_mutex;
    std::vector<std::unique_ptr<LoadedPlugin>> plugins;  ///< load order

    std::vector<std::unique_ptr<OwnedChain>> chains;       ///< what the slots point at
    std::vector<std::unique_ptr<EventState>> host_events;  ///< one per config.events, same index

    /// Registered at-exit callbacks (services->at_exit), in registration order; guarded by registry_mutex.
    struct AtExit {
        LoadedPlugin *plugin;
        void (*callback)(void *);
        void *userdata;
    };
    std::vector<AtExit> at_exit_callbacks;

    /// Every live subscription by id; guarded by registry_mutex.
    std::map<std::uint64_t, std::unique_ptr<Subscription>> subscriptions;
    std::uint64_t next_subscription_id = 1;  ///< guarded by registry_mutex

    /// Serialises load, unload and finish. Never held by dispatch.
    std::mutex lifecycle_mutex;
    /// The thread holding lifecycle_mutex, so that a call back into load,
    /// unload or finish from an init or exit is refused instead of deadlocking.
    std::atomic<std::thread::id> lifecycle_owner{};
    /// Frees replaced chains, callback arrays and subscriptions once no reader holds them.
    Reclaimer reclaimer;
    Logger logger;
    ServiceRegistry services;
    int last_stage = 0;
    /// The load whose inits are running (services->require reaches it); set
    /// and read only by the thread holding the lifecycle lock.
    ActiveLoad *active_load = nullptr;

    /// Plugins that were used and then unloaded, so the inventory still lists them; guarded by registry_mutex.
    std::vector<InventoryEntry> used_and_unloaded;
    /// What the restore needs (Host::expect_inventory); guarded by registry_mutex.
    std::optional<Inventory> expected_inventory;

    /// Parallel runs not known to be joined, and the threads that run them.
    /// Declared last: destroyed first, after finish has joined every run.
    ParallelRuns parallel_runs;
    WorkerPool workers;

    void log(LogLevel level, std::string_view message) { logger.write(level, "tenon", message); }

    void add_plugin(std::unique_ptr<LoadedPlugin> plugin);
    void set_initialised(LoadedPlugin &plugin, bool initialised);
    /// Removes plugins[index] from the registry; the caller destroys (dlcloses) it, unlocked.
    std::unique_ptr<LoadedPlugin> take_plugin(std::size_t index);
};

/// The plugin a services table belongs to (the table's `runtime` points back at it).
inline LoadedPlugin &plugin_of(const tenon_services *self) {
    return *static_cast<LoadedPlugin *>(self->runtime);
}

/// services->import_function for `importer`: see <tenon/services.h>.
int import_function(LoadedPlugin &importer, const char *provider, const char *name, const char *signature,
                    const char *range, void *out_function, char *message, std::size_t message_size);

/// Copies `text` into the C caller's buffer[size] (truncated, NUL-terminated); nothing when buffer is NULL or size 0.
void copy_message(std::string_view text, char *buffer, std::size_t size);

/// Fills `plugin.services` (the C table handed to init).
void prepare_services(LoadedPlugin &plugin);

/// Builds every hook's chain from the loaded plugins (tier, then load order)
/// and publishes it. Returns deleters for the replaced chains, to retire.
std::vector<std::function<void()>> publish_chains(HostState &state);
/// Points every slot back at the empty chain. Returns deleters for the old chains.
std::vector<std::function<void()>> unpublish_chains(HostState &state);

/// Republishes `event`'s callback array from its subscriptions (registry lock
/// held). Appends a deleter for the replaced array to `retired`.
void republish_event(EventState &event, std::vector<std::function<void()>> &retired);

/// Removes every subscription owned by `subscriber` (nullptr: the host), and
/// every subscription to an event owned by `provider` (if not nullptr);
/// registry lock held. Deleters for the removed objects go to `retired`.
void remove_subscriptions(HostState &state, const LoadedPlugin *subscriber, const LoadedPlugin *provider,
                          std::vector<std::function<void()>> &retired);

/// Waits until no reader can hold what was retired before this call, then frees it.
/// The caller must not hold the registry lock nor be inside a read section.
void retire_and_wait(HostState &state, std::vector<std::function<void()>> retired);

/// Creates `plugin`'s EventStates and stores their handles through the plugin's event slots.
void create_plugin_events(LoadedPlugin &plugin);

/// True on a thread that must not load, unload or finish: inside a hook
/// handler, event callback or parallel handler, or inside init or exit.
bool inside_plugin_code(const HostState &state);

/// Keeps a leaving plugin in the inventory if it was used (registry lock held).
void remember_if_used(HostState &state, const LoadedPlugin &plugin);

/// Joins every parallel run before plugin code is run or unmapped by the
/// lifecycle, cancelling them first on a failure path (`cancel`); logs how
/// many were still going.
void join_parallel_runs(HostState &state, std::string_view before, bool cancel = false);

/// "-22 (Invalid argument)": a plugin's result for messages.
std::string describe_result(int result);

/// A plugin whose init failed (or never ran): ends what it subscribed and
/// what others subscribed to its events, waits out readers, then dlcloses it.
void discard_uninitialised(HostState &state, std::size_t index);

/// Runs the at-exit callbacks of `leaving` (services->at_exit), most recent
/// registration first, until none is left, then marks those plugins done.
/// Callbacks of plugins that are not initialised are dropped unrun. Takes
/// the registry lock only between calls.
void run_at_exit_callbacks(HostState &state, const std::vector<LoadedPlugin *> &leaving);

/// services->at_exit: see <tenon/services.h>.
void prepare_at_exit_services(tenon_services &table);
/// services->callback_create and callback_find: see <tenon/services.h>.
void prepare_callback_services(tenon_services &table);
/// services->argument and argument_at: see <tenon/services.h>.
void prepare_argument_services(tenon_services &table);
/// services->require: see <tenon/services.h>.
void prepare_require_services(tenon_services &table);

/// Finishes plugins[first..]: their at-exit callbacks (run_at_exit_callbacks),
/// then exit(stage, result) in reverse order for the initialised ones, every exit before any dlclose; then removes
/// their hooks and subscriptions, waits until no reader holds them, and dlcloses in reverse order. `cancel_runs`:
/// cancel parallel runs still going before joining them (a host finishing after a failure).
void roll_back(HostState &state, std::size_t first, int stage, int result, bool cancel_runs);

/// Holds HostState::lifecycle_mutex and records the owning thread.
class LifecycleLock {
public:
    explicit LifecycleLock(HostState &state) : state_(state), lock_(state.lifecycle_mutex) {
        state_.lifecycle_owner.store(std::this_thread::get_id());
    }
    ~LifecycleLock() { state_.lifecycle_owner.store(std::thread::id{}); }
    LifecycleLock(const LifecycleLock &) = delete;
    LifecycleLock &operator=(const LifecycleLock &) = delete;
    /// True when the calling thread is already inside load, unload or finish (an init or exit called back).
    static bool held_by_caller(const HostState &state) {
        return state.lifecycle_owner.load() == std::this_thread::get_id();
    }

private:
    HostState &state_;
    std::lock_guard<std::mutex> lock_;
};

/// A status (enum tenon_import_status) and, unless OK, why.
struct Outcome {
    int status = TENON_IMPORT_OK;
    std::string message;
};

/// Subscribes for `subscriber` (nullptr: the host) and publishes; takes the registry lock.
Outcome subscribe_and_publish(HostState &state, LoadedPlugin *subscriber, const char *provider, const char *name,
                              const char *signature, const char *range, tenon_fn_ptr callback, void *userdata,
                              std::uint64_t &id);
/// Ends `subscriber`'s subscription `id`, waiting as tenon_services::event_unsubscribe documents.
int unsubscribe_subscription(HostState &state, const LoadedPlugin *subscriber, std::uint64_t id, std::string &message);

/// services->event_* for plugins: see <tenon/services.h>.
void prepare_event_services(tenon_services &table);
/// services->inventory_* for plugins: see <tenon/services.h>.
void prepare_inventory_services(tenon_services &table);

}  // namespace tenon::detail
