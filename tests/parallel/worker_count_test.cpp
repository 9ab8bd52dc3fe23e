// HostConfig::worker_threads: that many handlers are inside at once, and no
// more. The gate handlers hold every worker; the host waits (bounded) until
// they have all arrived, which with fewer workers never happens. Then
// last_opener's run is queued behind them: with no worker free, only the
// host's join can run it, so it reports the host thread; a spare worker would
// have been free to take it.
#include "parallel_support.hpp"

#include <gtest/gtest.h>

#include <cstddef>
#include <thread>
#include <vector>

namespace {

using parallel_test::Results;
using parallel_test::results_of;
using parallel_test::Strings;

class WorkerCount : public parallel_test::ParallelTest {
protected:
    // Joins par_last (last_opener alone) on this thread while `inside` handlers hold the gate.
    void expect_opened_by_the_join(std::size_t inside) {
        tenon::ParallelRun opening = hook<par_last_hook>().start(0);
        const tenon::ParallelOutcome &outcome = opening.join();
        EXPECT_EQ(results_of(outcome), (Results{{"last_opener", 0}}));
        // Only the arrivals came before: nothing could leave until last_opener opened the gate.
        const Strings events = control_.events();
        ASSERT_GE(events.size(), inside + 2) << testing::PrintToString(events);
        EXPECT_EQ(events[inside], "last_opener: cancelled 0");
        EXPECT_EQ(events[inside + 1], "last_opener: opening the gate on the host thread 1");
    }
};

TEST_F(WorkerCount, ThreeWorkersHoldThreeHandlersAtOnce) {
    ASSERT_NO_FATAL_FAILURE(create_host(3));
    ASSERT_NO_FATAL_FAILURE(load({"p_gate_a.so", "p_gate_b.so", "p_gate_c.so", "p_last_opener.so"}));

    tenon::ParallelRun run = work().start(0);
    ASSERT_TRUE(control_.wait_for("arrived", 3))
        << "expected 3 handlers inside at once, found " << testing::PrintToString(control_.events());
    EXPECT_EQ(control_.events().size(), 3u);  // none has left: all three are inside together
    expect_opened_by_the_join(3);

    const tenon::ParallelOutcome &outcome = run.join();
    EXPECT_EQ(results_of(outcome), (Results{{"gate_a", 0}, {"gate_b", 0}, {"gate_c", 0}}));
}

TEST_F(WorkerCount, TheDefaultIsOneWorkerPerCpu) {
    const unsigned cpus = std::thread::hardware_concurrency();
    const unsigned expected = cpus != 0 ? cpus : 1;  // the runtime's fallback when the count is unknown
    ASSERT_NO_FATAL_FAILURE(create_host(0));
    ASSERT_NO_FATAL_FAILURE(load({"p_gate_a.so", "p_last_opener.so"}));

    // One handler per run, so exactly `expected` handlers wait for a worker.
    std::vector<tenon::ParallelRun> runs;
    for (unsigned i = 0; i < expected; ++i) {
        runs.push_back(work().start(static_cast<int>(i)));
    }
    ASSERT_TRUE(control_.wait_for("arrived", expected))
        << "expected " << expected << " handlers inside at once, found " << testing::PrintToString(control_.events());
    EXPECT_EQ(control_.events().size(), expected);
    expect_opened_by_the_join(expected);

    for (tenon::ParallelRun &run : runs) {
        EXPECT_EQ(results_of(run.join()), (Results{{"gate_a", 0}}));
    }
}

}  // namespace
