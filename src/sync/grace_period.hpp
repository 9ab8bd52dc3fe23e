// The writer side of Tenon's RCU-style reclamation: grace periods.
//
// A writer publishes a new snapshot, then calls start_grace_period(). The
// returned GracePeriod lists the read sections that were running at that
// moment; once each has ended (or, for a waiting writer, once its thread is
// itself waiting), no thread can still hold what the writer replaced.
#pragma once

#include <tenon/detail/read_section.hpp>

#include <cstdint>
#include <vector>

namespace tenon::detail {

class GracePeriod {
public:
    /// True once every section this grace period saw running has ended. Never blocks.
    bool elapsed() const noexcept;

    /// Blocks until elapsed(). The caller must not be inside a read section:
    /// it would wait for itself (callers check in_read_section() first).
    void wait() const noexcept;

    /// For a writer inside a read section (an unsubscribe from a callback):
    /// blocks until each other thread's section has ended, or that thread is
    /// itself waiting here. Its own section is skipped. Enough to guarantee
    /// that no thread starts a callback whose alive flag was cleared before
    /// this grace period began, and cannot deadlock with another such waiter.
    void wait_from_inside_section() const noexcept;

private:
    friend GracePeriod start_grace_period() noexcept;
    /// True when `record` is outside any section, or in one that began after this grace period did.
    bool moved_on(const ReaderRecord &record) const noexcept;

    std::uint64_t ended_ = 0;           ///< the last epoch a section may have recorded and still be "old"
    std::vector<ReaderRecord *> busy_;  ///< records in an old section when the grace period began
};

/// Orders every thread's reads against the caller's earlier stores (one
/// membarrier system call), then records the sections running now.
/// Allocates (writer side only).
GracePeriod start_grace_period() noexcept;

}  // namespace tenon::detail
