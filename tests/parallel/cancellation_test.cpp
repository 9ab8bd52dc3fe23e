// Cancelling a run: cancel() sets the token that running handlers poll, and a
// handler no worker has started yet is skipped with -ECANCELED and never
// runs. A run dropped (or assigned over) without a join is cancelled and
// joined on the spot, so no handler outlives the host's handle to it.
#include "parallel_support.hpp"

#include <gtest/gtest.h>

#include <cerrno>

namespace {

using parallel_test::Results;
using parallel_test::results_of;
using parallel_test::Strings;
using parallel_test::unordered;

class Cancellation : public parallel_test::ParallelTest {};

TEST_F(Cancellation, CancelReachesRunningHandlersAndSkipsTheOthers) {
    // One worker: cancel_a holds it, so ok is still queued when the host cancels.
    ASSERT_NO_FATAL_FAILURE(create_host(1));
    ASSERT_NO_FATAL_FAILURE(load({"p_cancel_a.so", "p_ok.so"}));

    tenon::ParallelRun run = work().start(3);
    ASSERT_TRUE(control_.wait_for("arrived", 1)) << testing::PrintToString(control_.events());
    control_.record("host", "cancels");
    run.cancel();
    const tenon::ParallelOutcome &outcome = run.join();
    control_.record("host", "joined");

    // ok never ran: no "ok: ran 3".
    EXPECT_EQ(control_.events(),
              (Strings{"cancel_a: arrived", "host: cancels", "cancel_a: saw the cancellation", "host: joined"}));
    EXPECT_TRUE(outcome.cancelled);
    EXPECT_EQ(results_of(outcome), (Results{{"cancel_a", -EINTR}, {"ok", -ECANCELED}}));
    EXPECT_EQ(outcome.first_error, -EINTR);
}

TEST_F(Cancellation, DroppingAnUnjoinedRunCancelsAndJoinsIt) {
    ASSERT_NO_FATAL_FAILURE(create_host(2));
    ASSERT_NO_FATAL_FAILURE(load({"p_cancel_a.so", "p_cancel_b.so"}));

    {
        tenon::ParallelRun run = work().start(0);
        ASSERT_TRUE(control_.wait_for("arrived", 2)) << testing::PrintToString(control_.events());
        control_.record("host", "drops the run");
    }
    control_.record("host", "dropped it");

    // Both saw the token and returned before the destructor did.
    const Strings events = control_.events();
    ASSERT_EQ(events.size(), 6u) << testing::PrintToString(events);
    EXPECT_EQ(unordered(events, 0, 2), (Strings{"cancel_a: arrived", "cancel_b: arrived"}));
    EXPECT_EQ(events[2], "host: drops the run");
    EXPECT_EQ(unordered(events, 3, 2), (Strings{"cancel_a: saw the cancellation", "cancel_b: saw the cancellation"}));
    EXPECT_EQ(events[5], "host: dropped it");
    EXPECT_EQ(host_->plugins().size(), 2u);  // a dropped run is not a failure of the host: nothing exited
}

TEST_F(Cancellation, AssigningOverAnUnjoinedRunCancelsAndJoinsIt) {
    ASSERT_NO_FATAL_FAILURE(create_host(2));
    ASSERT_NO_FATAL_FAILURE(load({"p_cancel_a.so", "p_cancel_b.so"}));

    tenon::ParallelRun run = work().start(0);
    ASSERT_TRUE(control_.wait_for("arrived", 2)) << testing::PrintToString(control_.events());
    control_.record("host", "replaces the run");
    run = tenon::ParallelRun();
    control_.record("host", "replaced it");

    const Strings events = control_.events();
    ASSERT_EQ(events.size(), 6u) << testing::PrintToString(events);
    EXPECT_EQ(unordered(events, 0, 2), (Strings{"cancel_a: arrived", "cancel_b: arrived"}));
    EXPECT_EQ(events[2], "host: replaces the run");
    EXPECT_EQ(unordered(events, 3, 2), (Strings{"cancel_a: saw the cancellation", "cancel_b: saw the cancellation"}));
    EXPECT_EQ(events[5], "host: replaced it");
    EXPECT_TRUE(run.done());  // now the empty run
    EXPECT_TRUE(run.join().results.empty());
}

}  // namespace
