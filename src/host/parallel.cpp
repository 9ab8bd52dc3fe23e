// Parallel hooks: each handler is a task on the host's worker pool; the
// joiner runs tasks no worker has taken yet, so a join never waits on a
// queue, and joining from inside a handler cannot deadlock.
#include "host/parallel.hpp"

#include "host/host_state.hpp"

#include <cerrno>

namespace tenon {

namespace detail {
namespace {

thread_local unsigned parallel_depth = 0;

// Marks the thread as running plugin code of a parallel run, for as long as it does.
class InParallelHandler {
public:
    InParallelHandler() noexcept { ++parallel_depth; }
    ~InParallelHandler() { --parallel_depth; }
    InParallelHandler(const InParallelHandler &) = delete;
    InParallelHandler &operator=(const InParallelHandler &) = delete;
};

}  // namespace

bool in_parallel_handler() noexcept {
    return parallel_depth != 0;
}

void ParallelState::run_one(std::size_t index) {
    unsigned char expected = 0;
    if (!started[index].compare_exchange_strong(expected, 1, std::memory_order_acq_rel)) {
        return;  // a worker or the joiner has it
    }
    int result = -ECANCELED;
    if (!tenon_cancel_requested(&token)) {
        const InParallelHandler marker;
        result = invoke(handlers[index], arguments.get(), &token);
    }
    std::lock_guard lock(mutex);
    results[index] = result;
    if (--remaining == 0) {
        finished.notify_all();
    }
}

void ParallelState::wait_all() {
    for (std::size_t i = 0; i < handlers.size(); ++i) {
        run_one(i);
    }
    std::unique_lock lock(mutex);
    finished.wait(lock, [this] { return remaining == 0; });
}

const ParallelOutcome &ParallelState::join() {
    wait_all();
    std::lock_guard lock(mutex);
    if (!joined) {
        joined = true;
        outcome.cancelled = cancelled;
        for (std::size_t i = 0; i < handlers.size(); ++i) {
            outcome.results.push_back({plugins[i], results[i]});
            if (results[i] != 0 && results[i] != -ENOTSUP && outcome.first_error == 0) {
                outcome.first_error = results[i];
            }
        }
    }
    return outcome;
}

void ParallelState::cancel() noexcept {
    std::lock_guard lock(mutex);
    if (remaining != 0) {
        cancelled = true;
        __atomic_store_n(&token.cancelled, 1, __ATOMIC_RELEASE);
    }
}

bool ParallelState::done() const noexcept {
    std::lock_guard lock(mutex);
    return remaining == 0;
}

void ParallelRuns::add(const std::shared_ptr<ParallelState> &run) {
    std::lock_guard lock(mutex_);
    std::erase_if(runs_, [](const std::weak_ptr<ParallelState> &old) { return old.expired(); });
    runs_.push_back(run);
}

std::size_t ParallelRuns::join_all(bool cancel) {
    std::vector<std::shared_ptr<ParallelState>> live;
    {
        std::lock_guard lock(mutex_);
        for (const auto &weak : runs_) {
            if (auto run = weak.lock()) {
                live.push_back(std::move(run));
            }
        }
        runs_.clear();
    }
    std::size_t going = 0;
    for (const auto &run : live) {
        if (!run->done()) {
            ++going;
            if (cancel) {
                run->cancel();
            }
        }
        run->wait_all();
    }
    return going;
}

ParallelRun start_parallel(HostState &host, const HookSlot &slot, ParallelInvoker invoke,
                           std::shared_ptr<const void> arguments) {
    auto run = std::make_shared<ParallelState>();
    run->invoke = invoke;
    run->arguments = std::move(arguments);
    {
        // Snapshot and register inside one read section: an unload that
        // removes one of these handlers waits for this section, then joins
        // the registered runs before it dlcloses anything.
        const ReadSection section;
        const Chain &chain = *slot.chain.load(std::memory_order_seq_cst);
        for (std::size_t i = 0; i < chain.count; ++i) {
            run->handlers.push_back(chain.entries()[i].handler);
        }
        run->plugins.assign(chain.plugin_names, chain.plugin_names + chain.count);
        run->started = std::make_unique<std::atomic<unsigned char>[]>(chain.count);
        run->results.assign(chain.count, 0);
        run->remaining = chain.count;
        host.parallel_runs.add(run);
    }
    for (std::size_t i = 0; i < run->handlers.size(); ++i) {
        host.workers.post([run, i] { run->run_one(i); });
    }
    return ParallelState::handle(std::move(run));
}

}  // namespace detail

ParallelRun::ParallelRun(ParallelRun &&) noexcept = default;

ParallelRun &ParallelRun::operator=(ParallelRun &&other) noexcept {
    if (this != &other) {
        if (state_ != nullptr) {
            state_->cancel();  // as the destructor: a no-op once every handler has returned
            state_->wait_all();
        }
        state_ = std::move(other.state_);
    }
    return *this;
}

ParallelRun::~ParallelRun() {
    if (state_ != nullptr) {
        state_->cancel();  // a no-op once every handler has returned
        state_->wait_all();
    }
}

const ParallelOutcome &ParallelRun::join() {
    static const ParallelOutcome empty{};
    return state_ != nullptr ? state_->join() : empty;
}

void ParallelRun::cancel() noexcept {
    if (state_ != nullptr) {
        state_->cancel();
    }
}

bool ParallelRun::done() const noexcept {
    return state_ == nullptr || state_->done();
}

}  // namespace tenon
