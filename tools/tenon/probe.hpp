// `tenon check --probe`: runs one accepted plugin's init and exit in a child
// process, so a plugin that crashes, hangs or fails cannot take the tool down.
#pragma once

#include <tenon/host.hpp>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

namespace tenon_cli {

/// What one probe found. A plain value.
struct ProbeOutcome {
    bool passed = false;
    std::string summary;              ///< one line: what ran, or what went wrong and where
    std::vector<std::string> output;  ///< the last lines the child wrote (escaped); shown when it failed
};

/// One plugin to probe and, before it, what it requires (transitively), in
/// the order a load initialises them. The last entry is the plugin probed.
struct ProbePlan {
    struct Step {
        std::string name;
        std::filesystem::path file;
    };
    std::vector<Step> steps;
};

/// Forks a child that builds a Host from `config` (providing no services),
/// loads each step's file in turn with `stage` (mapping, constructors and
/// init), then unloads them in reverse (exit(stage, 0)), reporting each step
/// to the parent through a pipe. The parent waits up to `timeout` for the
/// whole probe, then kills the child's process group. The child's standard
/// output and error are captured, never mixed into the tool's. Blocks the
/// calling thread; call it while the process runs no other threads (fork).
/// Never throws for anything the plugin does; std::system_error if the
/// pipe or the fork cannot be made.
ProbeOutcome probe_plugin(const tenon::HostConfig &config, const ProbePlan &plan, int stage,
                          std::chrono::milliseconds timeout);

}  // namespace tenon_cli
