// The runtime's side of parallel hooks: one ParallelState per run, the
// host's list of runs, and the join the lifecycle performs before any init,
// exit or unload.
#pragma once

#include <tenon/detail/parallel_call.hpp>
#include <tenon/parallel.hpp>

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace tenon::detail {

struct HostState;

/// One run of a parallel hook. Shared by the host's handle, the queued
/// tasks and the host's list of runs; freed when the last one lets go.
struct ParallelState : std::enable_shared_from_this<ParallelState> {
    ParallelInvoker invoke = nullptr;
    std::shared_ptr<const void> arguments;
    std::vector<tenon_fn_ptr> handlers;  ///< snapshot of the chain at start
    /// Parallel to handlers. Copies: the outcome must name plugins even
    /// when it is read after they were unloaded.
    std::vector<std::string> plugins;
    std::unique_ptr<std::atomic<unsigned char>[]> started;  ///< per handler: taken by a worker or the joiner
    std::vector<int> results;                               ///< per handler; written before `remaining` drops
    tenon_cancel_token token{0};

    mutable std::mutex mutex;
    std::condition_variable finished;
    std::size_t remaining = 0;  ///< handlers not yet returned or skipped; guarded by mutex
    bool cancelled = false;     ///< cancel() came before the end; guarded by mutex
    bool joined = false;        ///< `outcome` is filled; guarded by mutex
    ParallelOutcome outcome;

    /// Runs handler `index` unless someone already took it; skips it with
    /// -ECANCELED when the run was cancelled first.
    void run_one(std::size_t index);
    /// Runs every handler no one has taken yet, then waits for the rest.
    void wait_all();
    /// wait_all(), then fills `outcome` once.
    const ParallelOutcome &join();
    void cancel() noexcept;
    bool done() const noexcept;

    static ParallelRun handle(std::shared_ptr<ParallelState> state) { return ParallelRun(std::move(state)); }
};

/// The runs a host started and may not have joined. Guarded by its own lock.
class ParallelRuns {
public:
    void add(const std::shared_ptr<ParallelState> &run);
    /// Waits for every run started so far, cancelling each first when
    /// `cancel` is set; returns how many were still going.
    std::size_t join_all(bool cancel);

private:
    std::mutex mutex_;
    std::vector<std::weak_ptr<ParallelState>> runs_;
};

/// True on a thread that is running a parallel handler (worker or joiner).
bool in_parallel_handler() noexcept;

}  // namespace tenon::detail
