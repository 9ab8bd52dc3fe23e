// The live PluginEngines of the process, for the C functions plugins built
// for CRIU call in their host (print_on_level and the rest): those carry no
// context, so they find the engine by the plugin that called them.
#pragma once

#include <tenon/compat/criu/profile.hpp>

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace tenon::criu {

/// What an engine keeps behind its one pointer. Its address never changes
/// while the engine lives, so the registry and the image-directory service
/// can hold it.
struct PluginEngine::State {
    State(Options options_, Host host_);
    Options options;
    Host host;
    int image_dir_fd = -1;  ///< read by plugins through the host service; accessed with __atomic builtins
    int last_stage = 0;     ///< the stage of the last init, for an engine destroyed without fini
    /// criu_plugin_get_options()'s vector: "criu-plugin", then "--" + each
    /// option, then NULL; `argv` points into `option_text`, fixed at creation.
    std::vector<std::string> option_text;
    std::vector<char *> option_pointers;
    tenon_criu_plugin_options plugin_options{};
};

namespace registry {

void add(PluginEngine::State &engine);
void remove(PluginEngine::State &engine);

/// Marks the calling thread as running a binary plugin's init or exit, for
/// as long as it lives: a call the plugin makes from there as a tail call
/// (`void exit(...) { print_on_level(...); }` compiles to a jump) returns to
/// the runtime, not to the plugin, so the return address cannot name it.
class RunningPlugin {
public:
    explicit RunningPlugin(const std::string &name) noexcept;
    ~RunningPlugin();
    RunningPlugin(const RunningPlugin &) = delete;
    RunningPlugin &operator=(const RunningPlugin &) = delete;

private:
    const std::string *outer_;
};

/// Calls `use(engine, plugin)` with the engine one of whose plugins contains
/// `caller` (plugin = its name); else with the engine of the binary plugin
/// whose init or exit this thread is running (see RunningPlugin); else, when
/// exactly one engine lives, with that engine (plugin = nullopt). Holds the
/// registry lock meanwhile, so the engine cannot go away. False when no
/// engine fits.
bool with_engine_of(const void *caller,
                    const std::function<void(PluginEngine::State &, const std::optional<std::string> &)> &use);

}  // namespace registry
}  // namespace tenon::criu
