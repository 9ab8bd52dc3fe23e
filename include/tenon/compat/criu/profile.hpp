// tenon/compat/criu/profile.hpp: a Tenon host that runs CRIU plugins.
//
// The CRIU profile is what CRIU's plugin engine (criu/plugin.c) does, on
// Tenon's runtime:
//   - the host interface "criu/1" with CRIU's 16 hooks, numbered and typed as
//     in CRIU's plugin API 0.2.0 (<tenon/compat/criu/hooks.h>);
//   - plugins built against Tenon's criu-plugin.h load as native Tenon
//     plugins; plugins built against CRIU's own headers (CR_PLUGIN_DESC, or
//     the legacy cr_plugin_* symbols) load through binary_format();
//   - the plugin directory is the host's libdir option, else CRIU_LIBS_DIR,
//     else the default directory, where a missing default means no plugins;
//   - init(stage) on load, exit(stage, ret) in reverse order at every stage;
//   - the inventory of the plugins a dump used, checked at restore;
//   - POST_FORKING as broadcast, or, if the host opts in, as a parallel hook
//     on the runtime's worker threads with a real join.
//
// A host links tenon::criu (libtenon-criu.so). That library also defines the
// C functions plugins built for CRIU call in their host (print_on_level,
// criu_get_image_dir, add_inventory_plugin, check_and_remove_inventory_plugin),
// so such plugins resolve them under RTLD_NOW. docs/criu-compat.md has the
// whole story, including what differs from CRIU on purpose.
#pragma once

#include <tenon/compat/criu/hooks.h>
#include <tenon/host.hpp>

#include <array>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace tenon::criu {

/// CRIU's stages: the `stage` that init and exit receive (CR_PLUGIN_STAGE__*).
enum class Stage : int { dump = 0, pre_dump = 1, restore = 2 };

/// CRIU_PLUGIN_VERSION: the newest descriptor version this profile accepts (API 0.2.0).
inline constexpr unsigned plugin_api_version = 0x200;
/// CRIU_PLUGIN_VERSION_OLD: the version given to legacy plugins' generated descriptors (API 0.1.0).
inline constexpr unsigned plugin_api_version_old = 0x100;
/// CR_PLUGIN_HOOK__MAX: how many hooks this profile knows. A binary plugin
/// built with a larger max_hooks loads when every hook it sets is one of
/// these, and is refused, naming the hook number, when it sets a newer one.
inline constexpr unsigned hook_count = TENON_CRIU_HOOK_COUNT;
/// The largest max_hooks a binary plugin may declare (CRIU has 16 hooks; this
/// only bounds what the loader reads).
inline constexpr unsigned max_declared_hooks = 1024;
/// CRIU's CR_PLUGIN_DEFAULT: /usr/lib/criu/ since 2022 (it was /var/lib/criu/ before).
inline constexpr const char *default_plugin_directory = "/usr/lib/criu/";
/// The environment variable CRIU reads when no libdir option is given.
inline constexpr const char *libs_dir_variable = "CRIU_LIBS_DIR";

/// The hook names, indexed by their CR_PLUGIN_HOOK__ number ("CR_PLUGIN_HOOK__DUMP_UNIX_SK", ...).
const std::array<const char *, hook_count> &hook_names() noexcept;

/// The tag for running POST_FORKING as a parallel hook, in a host created
/// with Options::parallel_post_forking: engine.host().hook<post_forking_parallel_hook>()->start().
struct post_forking_parallel_hook {
    using fn = CR_PLUGIN_HOOK__POST_FORKING_fn;
    static constexpr const char *name = CR_PLUGIN_HOOK__POST_FORKING_hook::name;
    static constexpr const char *signature = CR_PLUGIN_HOOK__POST_FORKING_hook::signature;
    static constexpr int mode = TENON_PARALLEL;
};

/// How the host runs CRIU's plugin engine. A plain value.
struct Options {
    std::filesystem::path libdir;  ///< the host's libdir option (CRIU's --libdir); empty when not given
    std::filesystem::path default_directory = default_plugin_directory;  ///< a missing one means no plugins
    LoadMode mode = LoadMode::strict;  ///< strict, as CRIU: one bad plugin fails the stage
    /// Declare POST_FORKING parallel: its handlers then run on worker threads
    /// while the host goes on (start_post_forking), instead of one after
    /// another on the host's thread (run<CR_PLUGIN_HOOK__POST_FORKING_hook>).
    bool parallel_post_forking = false;
    unsigned worker_threads = 0;  ///< for parallel runs; 0 means one per CPU
    /// CRIU's --plugin-option values, e.g. "cuda_plugin.backend=driver-api",
    /// in the order given; plugins read them with criu_plugin_get_options()
    /// as "--cuda_plugin.backend=driver-api", after argv[0] "criu-plugin".
    std::vector<std::string> plugin_options;
    /// CRIU plugins linked into the program (tenon_add_static_criu_plugin,
    /// <tenon/static_plugin.hpp>), loaded at init before those of the
    /// directory, by the same rules. Not owned: they live as long as the program.
    std::vector<const tenon_static_plugin *> static_plugins;
};

/// The HostConfig of a CRIU-profile host: interface "criu/1", the 16 hooks,
/// and binary_format() as a foreign format. Pure; thread-safe.
HostConfig host_config(const Options &options);

/// CRIU's choice of plugin directory: `options.libdir` if set; else
/// $CRIU_LIBS_DIR if set and non-empty (Tenon also accepts a ':'-separated
/// list there); else `options.default_directory`, where a missing directory
/// means no plugins. Reads the environment when the load happens. The
/// static plugins of `options` come with it, whichever directory is chosen.
PluginSources plugin_sources(const Options &options);

/// Plugins compiled against CRIU's own headers, recognised by their dynamic
/// symbols: CR_PLUGIN_DESC (API 0.2.0, hooks filled by constructors at
/// dlopen), or the legacy cr_plugin_* functions, for which a descriptor is
/// generated with a warning. Before dlopen it refuses files that are not ELF
/// shared objects for this machine, and reads CR_PLUGIN_DESC's version and
/// max_hooks from the file when they are initialised data there; after
/// dlopen it checks them again: a version above 0x200 is refused, as CRIU
/// does; a max_hooks above hook_count is accepted when every hook past
/// hook_count is NULL, and refused naming the first one set (CRIU refuses
/// any larger max_hooks); a smaller one is accepted.
/// Its hooks' types cannot be checked: the file does not record them.
ForeignFormat binary_format();

/// CRIU's own record of the plugins a dump used, the plugin names of its
/// inventory image (InventoryEntry's `plugins`), as an Inventory a host
/// hands expect_inventory() at restore: entries without versions, which
/// check_inventory matches by exact name alone. Pure.
Inventory inventory_from_names(const std::vector<std::string> &names);

/// The names of `inventory`, in order, for a host writing CRIU's inventory
/// image (CRIU records no versions). Pure.
std::vector<std::string> inventory_names(const Inventory &inventory);

/// What a plugin built for CRIU itself (CRIU's headers, not Tenon's)
/// declares, read from the file without loading it. A plain value.
struct BinaryDescription {
    bool legacy = false;  ///< no CR_PLUGIN_DESC: found by its cr_plugin_* symbols
    /// CR_PLUGIN_DESC.name when the file initialises it; for a legacy plugin
    /// its file name without ".so", as CRIU names it. Untrusted bytes.
    std::optional<std::string> name;
    std::optional<unsigned> version;    ///< CR_PLUGIN_DESC.version, when initialised in the file
    std::optional<unsigned> max_hooks;  ///< CR_PLUGIN_DESC.max_hooks, likewise
    /// The hooks[] entries the file itself sets (static initialisers), by
    /// CRIU name ("CR_PLUGIN_HOOK__DUMP_EXT_FILE"), "hook N" past the ones this
    /// host knows. Hooks a constructor stores (CRIU's own
    /// CR_PLUGIN_REGISTER_HOOK) are only known after dlopen.
    std::vector<std::string> hooks;
    std::vector<std::string> legacy_symbols;  ///< a legacy plugin's cr_plugin_* symbols
};

/// Describes a CRIU binary plugin without running any of it: the ELF
/// checks and marker symbols of binary_format(), then CR_PLUGIN_DESC's
/// initialised bytes and relocations. Fails with the loader's errors, or
/// no_metadata when the file has no symbol of the CRIU format. Thread-safe.
Result<BinaryDescription> describe_binary_plugin(const std::filesystem::path &file);

/// CRIU's plugin engine on a Tenon Host: cr_plugin_init, run_plugins,
/// cr_plugin_fini, criu_get_image_dir and the inventory.
///
/// Ownership: owns its Host and with it every plugin. Destroying it without
/// fini() runs exit(last stage, TENON_RESULT_ABANDONED) for every plugin.
/// Move-only; a moved-from engine may only be destroyed or assigned to.
/// Thread safety: as tenon::Host. The C functions that plugins built for CRIU
/// call (print_on_level and the rest) find the engine whose plugin called
/// them, so several engines may live in one process.
class PluginEngine {
public:
    /// Creates the host (host_config(options)); fails as Host::create.
    static Result<PluginEngine> create(Options options);

    PluginEngine(PluginEngine &&) noexcept;
    PluginEngine &operator=(PluginEngine &&) noexcept;
    PluginEngine(const PluginEngine &) = delete;
    PluginEngine &operator=(const PluginEngine &) = delete;
    ~PluginEngine();

    /// cr_plugin_init(stage): loads every plugin from plugin_sources() and
    /// runs init(stage) on each; at Stage::restore, then checks the inventory
    /// given to expect_inventory (Host::check_inventory) and, as current
    /// CRIU does, runs RESTORE_INIT, which fails the init when it returns an
    /// error other than -ENOTSUP (init_failed, naming the plugin). On any
    /// failure in strict mode every plugin this call loaded gets
    /// exit(stage, error) in reverse order and is unloaded, and the report
    /// lists every problem, including each "Missing required plugin: NAME".
    LoadReport init(Stage stage);

    /// cr_plugin_fini(stage, ret): joins parallel runs (cancelling them when
    /// `ret` is not 0), runs exit(stage, ret) in reverse load order, then
    /// unloads every plugin. At every stage, PRE_DUMP included. Idempotent.
    void fini(Stage stage, int ret);

    /// run_plugins(HOOK, args...) for the hook tag `Decl` (e.g.
    /// CR_PLUGIN_HOOK__DUMP_EXT_FILE_hook): first-claimer or broadcast, as
    /// hooks.h declares it, returning what CRIU's run_plugins would: -ENOTSUP
    /// when no plugin handles the hook, or every one returned -ENOTSUP. A
    /// broadcast runs every handler and returns the first error (a result
    /// neither 0 nor -ENOTSUP), else 0 if any returned 0. -EINVAL (and an
    /// error line) when this host declared the hook otherwise: POST_FORKING
    /// with parallel_post_forking. Looks the hook up by name on each call;
    /// keep host().hook<Decl>()'s handle where a call is hot.
    template <typename Decl, typename... A>
    int run(A &&...args) {
        auto hook = host().hook<Decl>();
        if (!hook) {
            host().write_log(LogLevel::error, "criu", hook.error().message);
            return -EINVAL;
        }
        if constexpr (Decl::mode == TENON_BROADCAST) {
            return broadcast_result(hook->collect(std::forward<A>(args)...));
        } else {
            return (*hook)(std::forward<A>(args)...);
        }
    }

    /// What CRIU's run_plugins returns for a broadcast hook whose handlers
    /// returned `results`: -ENOTSUP for none, or when all said -ENOTSUP;
    /// else the first error; else 0. Pure.
    static int broadcast_result(const std::vector<HandlerResult> &results) noexcept;

    /// Starts POST_FORKING on the worker threads and returns its run, which
    /// the host joins when its own restore work is done. invalid_config when
    /// the engine was created without parallel_post_forking.
    Result<ParallelRun> start_post_forking();

    /// Sets what criu_get_image_dir() returns to plugins (CRIU's image
    /// directory fd; -1 for none). The engine does not own the fd. Thread-safe.
    void set_image_dir(int fd) noexcept;
    /// The value set_image_dir stored; -1 at first.
    int image_dir() const noexcept;

    /// Inventory shortcuts: see the Host members of the same names.
    Inventory inventory() const { return host().inventory(); }
    void expect_inventory(Inventory inventory) { host().expect_inventory(std::move(inventory)); }

    /// The underlying host: hooks, inventory, logging, unload.
    Host &host() noexcept;
    const Host &host() const noexcept;

    /// The options the engine was created with.
    const Options &options() const noexcept;

    struct State;  ///< private; defined by the library

private:
    explicit PluginEngine(std::unique_ptr<State> state);
    std::unique_ptr<State> state_;
};

}  // namespace tenon::criu
