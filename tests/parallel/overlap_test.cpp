// The handlers of one run are inside at the same time, on the workers, while
// the host thread goes on with its own work. Shown by the event log: no
// handler can leave before the host opens the gate, and the host opens it
// only once all four have arrived.
#include "parallel_support.hpp"

#include <gtest/gtest.h>

namespace {

using parallel_test::Results;
using parallel_test::results_of;
using parallel_test::Strings;
using parallel_test::unordered;

class Overlap : public parallel_test::ParallelTest {};

TEST_F(Overlap, HandlersOverlapEachOtherAndTheHost) {
    ASSERT_NO_FATAL_FAILURE(create_host(4));
    ASSERT_NO_FATAL_FAILURE(load({"p_gate_a.so", "p_gate_b.so", "p_gate_c.so", "p_gate_d.so"}));

    tenon::ParallelRun run = work().start(0);
    control_.record("host", "own work");  // start() has returned: the host goes on while the handlers run
    ASSERT_TRUE(control_.wait_for("arrived", 4)) << testing::PrintToString(control_.events());
    EXPECT_FALSE(run.done());
    control_.record("host", "opens the gate");
    control_.open_gate();
    const tenon::ParallelOutcome &outcome = run.join();
    control_.record("host", "joined");

    const Strings events = control_.events();
    ASSERT_EQ(events.size(), 11u) << testing::PrintToString(events);
    // All four inside at once, and the host's work among them: nobody had left yet.
    EXPECT_EQ(unordered(events, 0, 5),
              (Strings{"gate_a: arrived", "gate_b: arrived", "gate_c: arrived", "gate_d: arrived", "host: own work"}));
    EXPECT_EQ(events[5], "host: opens the gate");
    EXPECT_EQ(unordered(events, 6, 4), (Strings{"gate_a: left", "gate_b: left", "gate_c: left", "gate_d: left"}));
    EXPECT_EQ(events[10], "host: joined");

    EXPECT_EQ(outcome.first_error, 0);
    EXPECT_FALSE(outcome.cancelled);
    EXPECT_EQ(results_of(outcome), (Results{{"gate_a", 0}, {"gate_b", 0}, {"gate_c", 0}, {"gate_d", 0}}));
    EXPECT_TRUE(run.done());
}

}  // namespace
