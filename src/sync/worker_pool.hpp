// Threads that run parallel hook handlers. Started on first use, so a host
// that never runs a parallel hook never creates a thread.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace tenon::detail {

class WorkerPool {
public:
    WorkerPool() = default;
    /// Lets the workers finish the queue, then joins them.
    ~WorkerPool();
    WorkerPool(const WorkerPool &) = delete;
    WorkerPool &operator=(const WorkerPool &) = delete;

    /// How many workers to start at the first post; 0 (the default) means one per CPU.
    void set_threads(unsigned threads) noexcept { requested_ = threads; }

    /// Queues `task` for a worker, starting the workers if needed. Thread-safe.
    void post(std::function<void()> task);

private:
    void work();

    unsigned requested_ = 0;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<std::function<void()>> queue_;
    std::vector<std::thread> threads_;
    bool stopping_ = false;
};

}  // namespace tenon::detail
