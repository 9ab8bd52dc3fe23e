// Reader records and grace periods. See read_section.hpp for the protocol.
#include "sync/grace_period.hpp"

#include <linux/membarrier.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <ctime>
#include <mutex>
#include <new>

namespace tenon::detail {

constinit thread_local ReaderRecord *current_reader = nullptr;
std::atomic<std::uint64_t> reader_epoch{1};

namespace {

long membarrier(int command) noexcept {
    return syscall(SYS_membarrier, command, 0, 0);
}

// How writers make every thread's earlier stores visible. Decided once.
enum class BarrierKind { membarrier, page_protection };

BarrierKind barrier_kind() noexcept {
    static const BarrierKind kind = [] {
        const long supported = membarrier(MEMBARRIER_CMD_QUERY);
        const bool usable = supported >= 0 && (supported & MEMBARRIER_CMD_PRIVATE_EXPEDITED) != 0 &&
                            membarrier(MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED) == 0;
        return usable ? BarrierKind::membarrier : BarrierKind::page_protection;
    }();
    return kind;
}

// Without membarrier: revoking write access to a dirty page makes the kernel
// shoot down its TLB entry on every CPU that runs this process, and the IPI
// serialises each of them, as FlushProcessWriteBuffers does on Linux.
void barrier_by_page_protection() noexcept {
    static std::mutex mutex;
    static void *page = [] {
        void *mapped = mmap(nullptr, static_cast<std::size_t>(sysconf(_SC_PAGESIZE)), PROT_READ | PROT_WRITE,
                            MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        return mapped == MAP_FAILED ? nullptr : mapped;
    }();
    std::lock_guard lock(mutex);
    if (page == nullptr) {
        // No page to spare (mmap failed): a full barrier on this thread is all that is left to do.
        static std::atomic<int> fence_word{0};
        fence_word.exchange(1, std::memory_order_seq_cst);
        return;
    }
    const auto size = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
    mprotect(page, size, PROT_READ | PROT_WRITE);
    static_cast<volatile char *>(page)[0] = 1;  // dirty it, so the protection change must reach every TLB
    mprotect(page, size, PROT_READ);
}

void process_wide_barrier() noexcept {
    if (barrier_kind() == BarrierKind::membarrier) {
        membarrier(MEMBARRIER_CMD_PRIVATE_EXPEDITED);
    } else {
        barrier_by_page_protection();
    }
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
        // A thread cannot end inside a section, so the epoch is 0 already.
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
    // Registering for membarrier is what lets writers rely on it: done before the first section.
    (void)barrier_kind();
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
    (void)barrier_kind();
    GracePeriod period;
    // Sections that recorded an epoch up to `ended` may hold what was unpublished before this call.
    period.ended_ = reader_epoch.fetch_add(1, std::memory_order_seq_cst);
    process_wide_barrier();
    ReaderRegistry &pool = registry();
    std::lock_guard lock(pool.mutex);
    for (ReaderRecord *record : pool.all) {
        const std::uint64_t epoch = record->epoch.load(std::memory_order_seq_cst);
        if (epoch != 0 && epoch <= period.ended_) {
            period.busy_.push_back(record);
        }
    }
    return period;
}

bool GracePeriod::moved_on(const ReaderRecord &record) const noexcept {
    const std::uint64_t epoch = record.epoch.load(std::memory_order_acquire);
    return epoch == 0 || epoch > ended_;
}

bool GracePeriod::elapsed() const noexcept {
    for (const ReaderRecord *record : busy_) {
        if (!moved_on(*record)) {
            return false;
        }
    }
    return true;
}

void GracePeriod::wait() const noexcept {
    for (const ReaderRecord *record : busy_) {
        for (unsigned rounds = 0; !moved_on(*record);) {
            pause_briefly(rounds);
        }
    }
}

void GracePeriod::wait_from_inside_section() const noexcept {
    ReaderRecord *self = current_reader;
    if (self != nullptr) {
        self->waiting.fetch_add(1, std::memory_order_seq_cst);
    }
    for (const ReaderRecord *record : busy_) {
        if (record == self) {
            continue;
        }
        for (unsigned rounds = 0; !moved_on(*record) && record->waiting.load(std::memory_order_seq_cst) == 0;) {
            pause_briefly(rounds);
        }
    }
    if (self != nullptr) {
        self->waiting.fetch_sub(1, std::memory_order_seq_cst);
    }
}

}  // namespace tenon::detail
