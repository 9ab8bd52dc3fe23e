#include "host/deferred_destruction.hpp"

#include "sync/grace_period.hpp"

#include <mutex>
#include <thread>
#include <vector>

namespace tenon::detail {
namespace {

// What a deferred destruction shares with whoever joins it. `state` is
// alive while `done` is false, and the reaper sets `done` under the mutex
// before it frees the state, so a checker holding the mutex may look at it.
struct Control {
    std::mutex mutex;
    bool done = false;
    HostState *state = nullptr;
};

struct Pending {
    std::thread thread;
    std::shared_ptr<Control> control;
};

// The threads of deferred destructions not joined yet. At exit they are
// joined, except one waiting on a lifecycle the exiting thread holds (a
// plugin that called exit() from its own init): that one could never end.
class Pendings {
public:
    void add(Pending pending) {
        std::lock_guard lock(mutex_);
        pending_.push_back(std::move(pending));
    }
    std::vector<Pending> take() {
        std::lock_guard lock(mutex_);
        return std::exchange(pending_, {});
    }
    ~Pendings() {
        for (Pending &pending : take()) {
            bool stuck = false;
            {
                std::lock_guard lock(pending.control->mutex);
                stuck = !pending.control->done && LifecycleLock::held_by_caller(*pending.control->state);
            }
            if (stuck) {
                pending.thread.detach();
            } else {
                pending.thread.join();
            }
        }
    }

private:
    std::mutex mutex_;
    std::vector<Pending> pending_;
};

Pendings &pendings() {
    static Pendings all;
    return all;
}

}  // namespace

void finish_state(HostState &state, int stage, int result) {
    LifecycleLock lifecycle(state);
    // A host finishing after a failure (result != 0) cancels what it left running.
    roll_back(state, 0, stage, result, result != 0);
}

void defer_destruction(std::unique_ptr<HostState> state, std::string why) noexcept {
    state->log(LogLevel::warn, why + " from inside its own plugin code: deferred; its plugins get exit(" +
                                   std::to_string(state->last_stage) + ", " + describe_result(TENON_RESULT_ABANDONED) +
                                   ") and its state is freed on another thread once that code has returned");
    auto control = std::make_shared<Control>();
    control->state = state.release();  // owned by the reaper from here; never freed if it cannot start
    try {
        std::thread reaper([control] {
            std::unique_ptr<HostState> owned(control->state);
            // Every dispatch running now (the one that destroyed the Host among them) ends first.
            start_grace_period().wait();
            // The lifecycle lock waits out an init or exit still on the stack; finish joins parallel runs.
            finish_state(*owned, owned->last_stage, TENON_RESULT_ABANDONED);
            {
                std::lock_guard lock(control->mutex);
                control->done = true;
            }
            owned.reset();
        });
        pendings().add({std::move(reaper), std::move(control)});
    } catch (...) {
        // No thread to defer to: keeping the state alive (leaked) is the one safe choice left.
    }
}

void join_deferred_destructions() {
    for (Pending &pending : pendings().take()) {
        pending.thread.join();
    }
}

}  // namespace tenon::detail
