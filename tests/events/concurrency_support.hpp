// Helpers for the events concurrency tests: runner threads that run an event
// until told to stop, counting the runs they start, and a spin wait.
#pragma once

#include <atomic>
#include <functional>
#include <latch>
#include <thread>
#include <vector>

namespace events_test {

/// Yields until `done()` holds: for waits on another thread's progress (never a timed sleep).
template <typename Done>
void spin_until(Done done) {
    while (!done()) {
        std::this_thread::yield();
    }
}

/// `count` threads calling `run()` in a loop from construction (once all have
/// started) until stop(); `started()` counts the calls begun so far.
class Runners {
public:
    Runners(int count, std::function<void()> run) : run_(std::move(run)), ready_(count + 1) {
        for (int i = 0; i < count; ++i) {
            threads_.emplace_back([this] {
                ready_.arrive_and_wait();
                while (!stop_.load()) {
                    started_.fetch_add(1);
                    run_();
                }
            });
        }
        ready_.arrive_and_wait();
    }
    ~Runners() { stop(); }
    Runners(const Runners &) = delete;
    Runners &operator=(const Runners &) = delete;

    long started() const { return started_.load(); }
    /// Returns once a run has begun after this call.
    void wait_for_a_new_run() const {
        const long seen = started();
        spin_until([&] { return started() > seen; });
    }
    void stop() {
        stop_.store(true);
        for (std::thread &thread : threads_) {
            if (thread.joinable()) {
                thread.join();
            }
        }
    }

private:
    std::function<void()> run_;
    std::latch ready_;
    std::atomic<bool> stop_{false};
    std::atomic<long> started_{0};
    std::vector<std::thread> threads_;
};

}  // namespace events_test
