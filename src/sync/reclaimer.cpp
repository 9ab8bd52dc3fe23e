#include "sync/reclaimer.hpp"

#include <utility>

namespace tenon::detail {

Reclaimer::~Reclaimer() {
    for (Batch &batch : batches_) {
        for (auto &deleter : batch.deleters) {
            deleter();
        }
    }
}

void Reclaimer::retire(const GracePeriod &period, std::vector<std::function<void()>> deleters) {
    if (deleters.empty()) {
        return;
    }
    std::lock_guard lock(mutex_);
    batches_.push_back({period, std::move(deleters)});
}

void Reclaimer::reclaim_elapsed() {
    std::vector<Batch> ready;
    {
        std::lock_guard lock(mutex_);
        for (auto it = batches_.begin(); it != batches_.end();) {
            if (it->period.elapsed()) {
                ready.push_back(std::move(*it));
                it = batches_.erase(it);
            } else {
                ++it;
            }
        }
    }
    for (Batch &batch : ready) {
        for (auto &deleter : batch.deleters) {
            deleter();
        }
    }
}

}  // namespace tenon::detail
