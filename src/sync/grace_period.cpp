// Reader records and grace periods. See read_section.hpp for the protocol.
#include "sync/grace_period.hpp"

#include <linux/membarrier.h>
#include <sched.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <ctime>
#include <mutex>
#include <new>

namespace tenon::detail {

constinit thread_local ReaderRecord *current_reader = nullptr;
std::atomic<bool> readers_must_fence{false};

namespace {

long membarrier(int command) noexcept {
    return syscall(SYS_membarrier, command, 0, 0);
}

// Decides, once and before any record exists, whether readers may rely on membarrier.
void settle_barrier_mode() noexcept {
    static std::once_flag once;
    std::call_once(once, [] {
        const long supported = membarrier(MEMBARRIER_CMD_QUERY);
        const bool usable = supported >= 0 && (supported & MEMBARRIER_CMD_PRIVATE_EXPEDITED) != 0 &&
                            membarrier(MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED) == 0;
        readers_must_fence.store(!usable, std::memory_order_seq_cst);
    });
}

// Every record ever handed out, plus the free ones. Records are never freed:
// a writer may hold a pointer to one across a thread's exit.
struct ReaderRegistry {
    std::mutex mutex;
    std::vector<ReaderRecord *> all;
    ReaderRecord *free_list = nullptr;
};

ReaderRegistry &registry() noexcept {
    static ReaderRegistry *instance = new ReaderRegistry;  // never destroyed: threads may outlive static destructors
    return *instance;
}

// Returns the thread's record to the pool when the thread ends.
struct ReaderRelease {
    ~ReaderRelease() {
        ReaderRecord *record = current_reader;
        if (record == nullptr) {
            return;
        }
        current_reader = nullptr;
        // A thread cannot end inside a section, so the depth is 0 here; bumping the
        // completed count tells any writer that snapshotted this record it moved on.
        record->word.fetch_add(ReaderRecord::one_completed, std::memory_order_release);
        ReaderRegistry &pool = registry();
        std::lock_guard lock(pool.mutex);
        record->next_free = pool.free_list;
        pool.free_list = record;
    }
};
thread_local ReaderRelease release_at_thread_exit;

void pause_briefly(unsigned &rounds) noexcept {
    ++rounds;
    if (rounds < 64) {
        sched_yield();
        return;
    }
    // A reader may sit in a long callback; stop burning the core while it does.
    const timespec delay{0, 50'000};
    nanosleep(&delay, nullptr);
}

}  // namespace

ReaderRecord *register_current_reader() noexcept {
    settle_barrier_mode();
    ReaderRegistry &pool = registry();
    ReaderRecord *record = nullptr;
    {
        std::lock_guard lock(pool.mutex);
        if (pool.free_list != nullptr) {
            record = pool.free_list;
            pool.free_list = record->next_free;
        } else {
            record = new ReaderRecord;  // once per concurrently live thread, ever
            pool.all.push_back(record);
        }
    }
    (void)&release_at_thread_exit;  // odr-use: constructs it, so its destructor runs at thread exit
    current_reader = record;
    return record;
}

GracePeriod start_grace_period() noexcept {
    settle_barrier_mode();
    if (!readers_must_fence.load(std::memory_order_relaxed)) {
        membarrier(MEMBARRIER_CMD_PRIVATE_EXPEDITED);
    }
    GracePeriod period;
    ReaderRegistry &pool = registry();
    std::lock_guard lock(pool.mutex);
    for (ReaderRecord *record : pool.all) {
        const std::uint64_t word = record->word.load(std::memory_order_seq_cst);
        if ((word & ReaderRecord::depth_mask) != 0) {
            period.busy_.push_back({record, word});
        }
    }
    return period;
}

namespace {
bool moved_on(const ReaderRecord &record, std::uint64_t seen) noexcept {
    return (record.word.load(std::memory_order_acquire) >> 32) != (seen >> 32);
}
}  // namespace

bool GracePeriod::elapsed() const noexcept {
    for (const Busy &busy : busy_) {
        if (!moved_on(*busy.record, busy.word)) {
            return false;
        }
    }
    return true;
}

void GracePeriod::wait() const noexcept {
    for (const Busy &busy : busy_) {
        for (unsigned rounds = 0; !moved_on(*busy.record, busy.word);) {
            pause_briefly(rounds);
        }
    }
}

void GracePeriod::wait_from_inside_section() const noexcept {
    ReaderRecord *self = current_reader;
    if (self != nullptr) {
        self->waiting.fetch_add(1, std::memory_order_seq_cst);
    }
    for (const Busy &busy : busy_) {
        if (busy.record == self) {
            continue;
        }
        for (unsigned rounds = 0; !moved_on(*busy.record, busy.word) &&
                                  busy.record->waiting.load(std::memory_order_seq_cst) == 0;) {
            pause_briefly(rounds);
        }
    }
    if (self != nullptr) {
        self->waiting.fetch_sub(1, std::memory_order_seq_cst);
    }
}

}  // namespace tenon::detail
