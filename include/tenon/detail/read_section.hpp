// tenon/detail/read_section.hpp: the reader side of Tenon's RCU-style
// reclamation, inlined into every dispatch.
//
// Not included directly; <tenon/host.hpp> provides it. Dispatch reads
// immutable snapshots (hook chains, event callback lists). A writer that
// replaces a snapshot may free the old one, or dlclose the code it points
// into, only after every thread that could still hold it has left its read
// section. Each thread announces its sections in its own ReaderRecord, so a
// reader touches only its own cache line: no shared counter, no lock, no
// allocation after the thread's first section.
//
// Ordering: a reader's entry store is followed by a compiler barrier only.
// Writers make up for it with membarrier(MEMBARRIER_CMD_PRIVATE_EXPEDITED),
// which makes every running thread of the process execute a full barrier
// before the writer looks at the records (the "memb" flavour of userspace
// RCU). If the kernel refuses membarrier, `readers_must_fence` is set before
// the first section and readers use a sequentially consistent exchange instead.
#pragma once

#include <atomic>
#include <cstdint>

namespace tenon::detail {

/// One thread's announcement of its read sections. Written only by its
/// thread; read by writers. Records are never freed: when a thread ends its
/// record is recycled for a later thread, so a writer may keep a pointer.
///
/// `word` packs the nesting depth (low 32 bits) and the number of outermost
/// sections completed (high 32 bits). A writer that saw depth != 0 knows the
/// section it saw has ended once the completed count changes.
struct alignas(64) ReaderRecord {
    static constexpr std::uint64_t depth_mask = 0xffffffffu;
    static constexpr std::uint64_t one_completed = std::uint64_t{1} << 32;

    std::atomic<std::uint64_t> word{0};
    /// Non-zero while this thread waits for other readers from inside a
    /// section (an unsubscribe from a callback); see wait_for_readers.
    std::atomic<std::uint32_t> waiting{0};
    ReaderRecord *next_free = nullptr;  ///< recycling list; guarded by the reader registry
};

/// This thread's record, or nullptr before its first section. Constant-initialised,
/// so reading it costs one TLS load and no initialisation check.
extern constinit thread_local ReaderRecord *current_reader;

/// True when membarrier is unavailable and readers must fence themselves.
/// Settled before any record exists, then never changes.
extern std::atomic<bool> readers_must_fence;

/// Gives this thread a record (allocating one the first time the process
/// needs that many threads at once). Out of line: runs once per thread.
ReaderRecord *register_current_reader() noexcept;

/// A read section, as an RAII scope. Sections nest (a callback may dispatch).
///
/// Thread safety: a ReadSection belongs to the thread that made it and must be
/// destroyed on that thread, in LIFO order with its other sections.
class ReadSection {
public:
    ReadSection() noexcept {
        record_ = current_reader;
        if (record_ == nullptr) [[unlikely]] {
            record_ = register_current_reader();
        }
        entry_word_ = record_->word.load(std::memory_order_relaxed);
        if (readers_must_fence.load(std::memory_order_relaxed)) [[unlikely]] {
            record_->word.exchange(entry_word_ + 1, std::memory_order_seq_cst);
        } else {
            record_->word.store(entry_word_ + 1, std::memory_order_relaxed);
            std::atomic_signal_fence(std::memory_order_seq_cst);
        }
    }
    ~ReadSection() {
        // Leaving the outermost section counts one completed section; an inner one just restores the depth.
        const bool outermost = (entry_word_ & ReaderRecord::depth_mask) == 0;
        record_->word.store(entry_word_ + (outermost ? ReaderRecord::one_completed : 0), std::memory_order_release);
    }
    ReadSection(const ReadSection &) = delete;
    ReadSection &operator=(const ReadSection &) = delete;

private:
    ReaderRecord *record_;
    std::uint64_t entry_word_;
};

/// A read section for callers that cannot use a scope (the C services
/// table's event_enter / event_leave). Same protocol as ReadSection.
inline void enter_read_section() noexcept {
    ReaderRecord *record = current_reader;
    if (record == nullptr) [[unlikely]] {
        record = register_current_reader();
    }
    const std::uint64_t word = record->word.load(std::memory_order_relaxed);
    if (readers_must_fence.load(std::memory_order_relaxed)) [[unlikely]] {
        record->word.exchange(word + 1, std::memory_order_seq_cst);
    } else {
        record->word.store(word + 1, std::memory_order_relaxed);
        std::atomic_signal_fence(std::memory_order_seq_cst);
    }
}

/// Ends the innermost section begun by enter_read_section on this thread.
inline void leave_read_section() noexcept {
    ReaderRecord *record = current_reader;
    std::uint64_t word = record->word.load(std::memory_order_relaxed) - 1;
    if ((word & ReaderRecord::depth_mask) == 0) {
        word += ReaderRecord::one_completed;
    }
    record->word.store(word, std::memory_order_release);
}

/// True when the calling thread is inside a read section (a dispatch, or a
/// callback run by one).
inline bool in_read_section() noexcept {
    const ReaderRecord *record = current_reader;
    return record != nullptr && (record->word.load(std::memory_order_relaxed) & ReaderRecord::depth_mask) != 0;
}

}  // namespace tenon::detail
