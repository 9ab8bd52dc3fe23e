// tenon/parallel.hpp: the handle of a parallel hook run (TENON_PARALLEL).
//
// Hook<Decl>::start() hands every handler to the runtime's worker threads
// and returns at once with a ParallelRun. The host does its own work, then
// joins. Whatever the host does, the runtime joins every run before it runs
// any plugin's init or exit and before it unloads any plugin, so plugin code
// is never unmapped under a running handler.
#pragma once

#include <tenon/abi.h>

#include <memory>
#include <string_view>
#include <vector>

namespace tenon {

/// One handler's result, for Hook::collect and parallel runs. The name lives as long as the plugin stays loaded.
struct HandlerResult {
    std::string_view plugin;
    int result = 0;
};

namespace detail {
struct ParallelState;
}

/// What a joined parallel run produced.
struct ParallelOutcome {
    /// 0, or the first result in chain order that is neither 0 nor -ENOTSUP.
    /// A handler skipped because the run was cancelled before it started counts as -ECANCELED.
    int first_error = 0;
    /// Every handler's result, in chain order. The plugin names live as long
    /// as the ParallelRun, even after the plugins were unloaded.
    std::vector<HandlerResult> results;
    bool cancelled = false;  ///< cancel() was called before every handler had finished
};

/// One run of a parallel hook.
///
/// Ownership: move-only. Destroying a run that was not joined cancels it and
/// joins it (a host that is unwinding after a failure must not leave handlers
/// running). Thread safety: cancel() and done() may be called from any
/// thread; join() from one thread at a time.
class ParallelRun {
public:
    ParallelRun() = default;  ///< an empty run: join() returns an empty outcome
    ParallelRun(ParallelRun &&) noexcept;
    ParallelRun &operator=(ParallelRun &&) noexcept;
    ParallelRun(const ParallelRun &) = delete;
    ParallelRun &operator=(const ParallelRun &) = delete;
    ~ParallelRun();

    /// Waits until every handler has returned (or was skipped by cancel) and
    /// returns the outcome. While waiting, the calling thread runs handlers
    /// of this run that no worker has started yet, so joining from a handler
    /// cannot deadlock. Idempotent: later calls return the same outcome.
    const ParallelOutcome &join();

    /// Sets the run's cancellation token: handlers that take the token see
    /// tenon_cancel_requested() become true, and handlers not yet started are
    /// skipped with -ECANCELED. Does not wait; join() still must (and the
    /// runtime still will) wait for running handlers.
    void cancel() noexcept;

    /// True once every handler has returned or been skipped. Never blocks.
    bool done() const noexcept;

private:
    friend struct detail::ParallelState;
    explicit ParallelRun(std::shared_ptr<detail::ParallelState> state) : state_(std::move(state)) {}
    std::shared_ptr<detail::ParallelState> state_;
};

}  // namespace tenon
