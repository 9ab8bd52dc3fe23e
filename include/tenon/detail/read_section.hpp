// tenon/detail/read_section.hpp: the reader side of Tenon's RCU-style
// reclamation, inlined into every dispatch.
//
// Not included directly; <tenon/host.hpp> provides it. Dispatch reads
// immutable snapshots (hook chains, event callback lists). A writer that
// replaces a snapshot may free the old one, or dlclose the code it points
// into, only after every thread that could still hold it has left its read
// section. Each thread announces its sections in its own ReaderRecord, so a
// reader writes only its own cache line (it reads one shared, rarely written
// epoch): no shared counter, no lock, no allocation after the thread's first
// section.
//
// Ordering: a reader's entry store is followed by a compiler barrier only.
// Writers make up for it with membarrier(MEMBARRIER_CMD_PRIVATE_EXPEDITED),
// which makes every running thread of the process execute a full barrier
// before the writer looks at the records (the "memb" flavour of userspace
// RCU). Where the kernel refuses membarrier, writers force the same barrier
// with a page-protection change (an IPI to every CPU running the process).
//
// A section records the global epoch at its start; 0 means "outside". The
// hot path stores constants and values it did not just load from its own
// record, so consecutive dispatches carry no store-to-load dependency.
#pragma once

#include <atomic>
#include <cstdint>

namespace tenon::detail {

/// One thread's announcement of its read sections. Written only by its
/// thread (except `waiting`, also only by it); read by writers. Records are
/// never freed: when a thread ends its record is recycled for a later thread,
/// so a writer may keep a pointer.
struct alignas(64) ReaderRecord {
    /// The global epoch when the outermost current section began; 0 outside any section.
    std::atomic<std::uint64_t> epoch{0};
    /// Non-zero while this thread waits for other readers from inside a
    /// section (an unsubscribe from a callback); see GracePeriod.
    std::atomic<std::uint32_t> waiting{0};
    std::uint32_t c_depth = 0;          ///< open sections begun through enter_read_section
    std::uint32_t c_owner_level = 0;    ///< the c_depth whose entry began the outermost section, or 0
    ReaderRecord *next_free = nullptr;  ///< recycling list; guarded by the reader registry
};

/// This thread's record, or nullptr before its first section. Constant-initialised,
/// so reading it costs one TLS load and no initialisation check.
extern constinit thread_local ReaderRecord *current_reader;

/// Advanced by every grace period; starts at 1, so a recorded epoch is never 0.
extern std::atomic<std::uint64_t> reader_epoch;

/// Gives this thread a record (allocating one the first time the process
/// needs that many threads at once). Out of line: runs once per thread.
ReaderRecord *register_current_reader() noexcept;

/// A read section, as an RAII scope. Sections nest (a callback may dispatch);
/// only the outermost one writes the record.
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
        outermost_ = record_->epoch.load(std::memory_order_relaxed) == 0;
        // Nesting (a dispatch from inside a handler) is the rare case: lay the
        // outermost path out straight, with no taken branch.
        if (outermost_) [[likely]] {
            record_->epoch.store(reader_epoch.load(std::memory_order_acquire), std::memory_order_relaxed);
            std::atomic_signal_fence(std::memory_order_seq_cst);
        }
    }
    ~ReadSection() {
        if (outermost_) [[likely]] {
            record_->epoch.store(0, std::memory_order_release);
        }
    }
    ReadSection(const ReadSection &) = delete;
    ReadSection &operator=(const ReadSection &) = delete;

private:
    ReaderRecord *record_;
    bool outermost_;
};

/// A read section for callers that cannot use a scope (the C services
/// table's event_enter / event_leave). Nests with ReadSection either way.
inline void enter_read_section() noexcept {
    ReaderRecord *record = current_reader;
    if (record == nullptr) [[unlikely]] {
        record = register_current_reader();
    }
    ++record->c_depth;
    if (record->epoch.load(std::memory_order_relaxed) == 0) {
        record->c_owner_level = record->c_depth;
        record->epoch.store(reader_epoch.load(std::memory_order_acquire), std::memory_order_relaxed);
        std::atomic_signal_fence(std::memory_order_seq_cst);
    }
}

/// Ends the innermost section begun by enter_read_section on this thread.
inline void leave_read_section() noexcept {
    ReaderRecord *record = current_reader;
    if (record->c_owner_level == record->c_depth) {
        record->c_owner_level = 0;
        record->epoch.store(0, std::memory_order_release);
    }
    --record->c_depth;
}

/// True when the calling thread is inside a read section (a dispatch, or a
/// callback run by one).
inline bool in_read_section() noexcept {
    const ReaderRecord *record = current_reader;
    return record != nullptr && record->epoch.load(std::memory_order_relaxed) != 0;
}

}  // namespace tenon::detail
