#include "sync/worker_pool.hpp"

namespace tenon::detail {

WorkerPool::~WorkerPool() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    for (std::thread &thread : threads_) {
        thread.join();
    }
}

void WorkerPool::post(std::function<void()> task) {
    {
        std::lock_guard lock(mutex_);
        queue_.push_back(std::move(task));
        if (threads_.empty()) {
            unsigned count = requested_ != 0 ? requested_ : std::thread::hardware_concurrency();
            count = count != 0 ? count : 1;  // hardware_concurrency may not know
            for (unsigned i = 0; i < count; ++i) {
                threads_.emplace_back([this] { work(); });
            }
        }
    }
    wake_.notify_one();
}

void WorkerPool::work() {
    std::unique_lock lock(mutex_);
    for (;;) {
        wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
        if (queue_.empty()) {
            return;  // stopping, and nothing left to do
        }
        std::function<void()> task = std::move(queue_.front());
        queue_.pop_front();
        lock.unlock();
        task();
        lock.lock();
    }
}

}  // namespace tenon::detail
