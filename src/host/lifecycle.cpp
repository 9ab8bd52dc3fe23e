// The pieces of load, unload and finish that every one of them shares: who
// may call them, the join of parallel runs, and calling init and exit in
// whichever convention the plugin was built with.
#include "host/host_state.hpp"

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

}  // namespace tenon::detail
