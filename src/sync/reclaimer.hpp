// Deferred frees: things a writer replaced, freed once no reader can hold them.
#pragma once

#include "sync/grace_period.hpp"

#include <functional>
#include <memory>
#include <mutex>
#include <vector>

namespace tenon::detail {

/// A deleter for retire(): frees `object` when called (or when dropped).
/// std::function needs a copyable callable, hence the shared_ptr.
template <typename T>
std::function<void()> deleter_for(std::unique_ptr<T> object) {
    return [held = std::shared_ptr<T>(std::move(object))]() mutable { held.reset(); };
}

/// Holds retired objects until the grace period that follows their
/// replacement has elapsed.
///
/// Thread safety: every member may be called from any thread. The deleters
/// run without the internal lock held, on whichever thread reclaims.
class Reclaimer {
public:
    Reclaimer() = default;
    Reclaimer(const Reclaimer &) = delete;
    Reclaimer &operator=(const Reclaimer &) = delete;
    ~Reclaimer();  ///< runs every remaining deleter: the owner guarantees no reader is left

    /// Queues `deleters` behind `period` (which must have started after the
    /// objects were unpublished).
    void retire(const GracePeriod &period, std::vector<std::function<void()>> deleters);

    /// Frees what has become safe to free. Never blocks on readers.
    void reclaim_elapsed();

private:
    struct Batch {
        GracePeriod period;
        std::vector<std::function<void()>> deleters;
    };
    std::mutex mutex_;
    std::vector<Batch> batches_;
};

}  // namespace tenon::detail
