// Running an event allocates nothing once the running thread has run one
// event: counted by replacing the global operator new in this test binary,
// for a host event and for a plugin's event (through ticker's hook), each
// with a thousand callbacks.
#include "events_support.hpp"
#include "ticker_api.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <new>

namespace {
thread_local long allocations = 0;  // operator new calls on this thread
}  // namespace

// Every replaceable form without an alignment goes through malloc and free, so
// that none is left to the sanitizers' own allocator (which would report a mismatch).
namespace {
void *counted_allocation(std::size_t size) noexcept {
    ++allocations;
    return std::malloc(size == 0 ? 1 : size);
}
// Out of line: once inlined into a delete-expression, GCC would warn that free() meets operator new.
[[gnu::noinline]] void release(void *memory) noexcept {
    std::free(memory);
}
}  // namespace

void *operator new(std::size_t size) {
    if (void *memory = counted_allocation(size)) {
        return memory;
    }
    throw std::bad_alloc();
}
void *operator new[](std::size_t size) {
    return ::operator new(size);
}
void *operator new(std::size_t size, const std::nothrow_t &) noexcept {
    return counted_allocation(size);
}
void *operator new[](std::size_t size, const std::nothrow_t &) noexcept {
    return counted_allocation(size);
}
void operator delete(void *memory) noexcept {
    release(memory);
}
void operator delete[](void *memory) noexcept {
    release(memory);
}
void operator delete(void *memory, std::size_t) noexcept {
    release(memory);
}
void operator delete[](void *memory, std::size_t) noexcept {
    release(memory);
}
void operator delete(void *memory, const std::nothrow_t &) noexcept {
    release(memory);
}
void operator delete[](void *memory, const std::nothrow_t &) noexcept {
    release(memory);
}

namespace {

constexpr int count = 1000;

void tick(void *userdata, int value) {
    *static_cast<long *>(userdata) += value;
}

int vote(void *userdata, int key) {
    ++*static_cast<long *>(userdata);
    return key == 0 ? -1 : 0;
}

class RunAllocation : public events_test::EventsTest {};

TEST_F(RunAllocation, RunningAHostEventAllocatesNothing) {
    long sum = 0;
    for (int i = 0; i < count; ++i) {
        ASSERT_TRUE(host_->subscribe<host_vote_event>(vote, &sum));
    }
    const auto run = event<host_vote_event>();
    ASSERT_EQ(run(1), 0);  // this thread's first read section may allocate its record

    const long before = allocations;
    for (int i = 0; i < 100; ++i) {
        ASSERT_EQ(run(0), -1);
    }
    EXPECT_EQ(allocations - before, 0);
    EXPECT_EQ(sum, 101L * count);
}

TEST_F(RunAllocation, RunningAPluginsEventAllocatesNothing) {
    ASSERT_NO_FATAL_FAILURE(load({"e_ticker.so", "e_fan.so"}));
    int wanted = count;
    ASSERT_EQ(claim(FAN_SUBSCRIBE_TICK, wanted), TENON_IMPORT_OK);
    long sum = 0;
    for (int i = 0; i < count; ++i) {
        ASSERT_TRUE(host_->subscribe<ticker_tick_event>(tick, &sum));
    }
    const auto hook = host_->hook<test_claim_hook>().value();
    int answer = 1;
    ASSERT_EQ(hook(TICKER_RUN_TICK, &answer), 0);

    const long before = allocations;
    for (int i = 0; i < 100; ++i) {
        answer = 2;
        ASSERT_EQ(hook(TICKER_RUN_TICK, &answer), 0);
    }
    EXPECT_EQ(allocations - before, 0);
    EXPECT_EQ(sum, (1 + 100 * 2) * static_cast<long>(count));
    EXPECT_EQ(ask(FAN_TAKE_CALLS), 101 * count);
}

TEST_F(RunAllocation, TheCounterSeesAllocations) {
    const long before = allocations;
    void *memory = ::operator new(16);  // a call, not a new-expression: never elided
    ::operator delete(memory);
    EXPECT_EQ(allocations - before, 1);
}

}  // namespace
