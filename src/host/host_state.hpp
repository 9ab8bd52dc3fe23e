// The private state behind tenon::Host (one pointer, as the public header promises).
#pragma once

#include "host/logger.hpp"
#include "loader/compatibility.hpp"
#include "loader/file_claims.hpp"
#include "loader/library.hpp"

#include <tenon/host.hpp>
#include <tenon/services.h>

#include "common/versions.hpp"

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace tenon::detail {

struct HostState;

/// One hook implementation of a loaded plugin, bound to a host hook.
struct HookBinding {
    std::size_t hook_index;
    tenon_fn_ptr function;
    int priority;
};

/// A plugin the host has mapped. Owned by HostState through unique_ptr, so
/// its address (held by its services table) never changes.
struct LoadedPlugin {
    PluginMetadata metadata;
    FileClaim claim;  ///< declared before `library`: released only after the dlclose
    LibraryHandle library;
    tenon_init_fn init = nullptr;
    tenon_exit_fn exit = nullptr;
    const tenon_services **services_slot = nullptr;
    std::vector<HookBinding> bindings;
    std::vector<tenon_fn_ptr> export_functions;  ///< parallel to metadata.exports
    SemanticVersion version;                     ///< metadata.version, parsed, for import ranges
    tenon_services services{};                   ///< runtime points back here
    HostState *host = nullptr;
    bool initialised = false;  ///< guarded by HostState::registry_mutex
    bool exited = false;       ///< its exit has run; guarded likewise
};

/// A published chain: one block holding the Chain header and its handlers,
/// plus the plugin names it points to.
class OwnedChain {
public:
    OwnedChain(const std::vector<tenon_fn_ptr> &handlers, std::vector<const char *> plugin_names);
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
    std::unique_ptr<HookSlot[]> slots;  ///< one per declared hook, same index

    /// Guards `plugins` and each plugin's `initialised` and `exited`
    /// against imports from plugin threads. Held only while those change or
    /// are read, never while plugin code (init, exit, dlclose) runs.
    mutable std::mutex registry_mutex;
    std::vector<std::unique_ptr<LoadedPlugin>> plugins;  ///< load order

    std::vector<std::unique_ptr<OwnedChain>> chains;  ///< what the slots point at
    Logger logger;
    ServiceRegistry services;
    int last_stage = 0;

    void log(LogLevel level, std::string_view message) { logger.write(level, "tenon", message); }

    void add_plugin(std::unique_ptr<LoadedPlugin> plugin);
    void set_initialised(LoadedPlugin &plugin, bool initialised);
    /// Removes plugins[index] from the registry; the caller destroys (dlcloses) it, unlocked.
    std::unique_ptr<LoadedPlugin> take_plugin(std::size_t index);
};

/// services->import_function for `importer`: see <tenon/services.h>.
int import_function(LoadedPlugin &importer, const char *provider, const char *name, const char *signature,
                    const char *range, void *out_function, char *message, std::size_t message_size);

/// Fills `plugin.services` (the C table handed to init).
void prepare_services(LoadedPlugin &plugin);

/// Builds every hook's chain from the loaded plugins (tier, then load order) and publishes it.
void publish_chains(HostState &state);
/// Points every slot back at the empty chain and frees the old chains.
void unpublish_chains(HostState &state);

}  // namespace tenon::detail
