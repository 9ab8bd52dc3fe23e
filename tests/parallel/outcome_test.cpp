// What a joined run reports: every handler's result in chain order (load
// order here, which is not the order of the names), and the first that is
// neither 0 nor -ENOTSUP. A hook with no handlers makes an empty run that is
// done at once; join is idempotent, and a cancel after the end changes nothing.
#include "parallel_support.hpp"

#include <gtest/gtest.h>

#include <cerrno>

namespace {

using parallel_test::Results;
using parallel_test::results_of;
using parallel_test::sorted;
using parallel_test::Strings;

class Outcome : public parallel_test::ParallelTest {};

TEST_F(Outcome, GathersEveryResultAndTheFirstErrorInChainOrder) {
    ASSERT_NO_FATAL_FAILURE(create_host(4));
    ASSERT_NO_FATAL_FAILURE(load({"p_ok.so", "p_eio.so", "p_eperm.so", "p_enotsup.so"}));

    tenon::ParallelRun run = work().start(9);
    const tenon::ParallelOutcome &outcome = run.join();

    EXPECT_EQ(outcome.first_error, -EIO);
    EXPECT_EQ(results_of(outcome), (Results{{"ok", 0}, {"eio", -EIO}, {"eperm", -EPERM}, {"enotsup", -ENOTSUP}}));
    EXPECT_FALSE(outcome.cancelled);
    // Every handler ran (an error stops nothing) and got the argument; they ran in no defined order.
    EXPECT_EQ(sorted(control_.events()), (Strings{"eio: ran 9", "enotsup: ran 9", "eperm: ran 9", "ok: ran 9"}));
}

TEST_F(Outcome, NotSupportedAndZeroAreNoErrors) {
    ASSERT_NO_FATAL_FAILURE(create_host(2));
    ASSERT_NO_FATAL_FAILURE(load({"p_enotsup.so", "p_ok.so"}));

    tenon::ParallelRun run = work().start(1);
    const tenon::ParallelOutcome &outcome = run.join();

    EXPECT_EQ(outcome.first_error, 0);
    EXPECT_EQ(results_of(outcome), (Results{{"enotsup", -ENOTSUP}, {"ok", 0}}));
}

TEST_F(Outcome, ARunWithoutHandlersIsDoneAtOnce) {
    ASSERT_NO_FATAL_FAILURE(create_host(2));
    ASSERT_NO_FATAL_FAILURE(load({"p_ok.so"}));  // implements par_work, not par_idle

    tenon::ParallelRun run = hook<par_idle_hook>().start(5);
    EXPECT_TRUE(run.done());  // before any join: there was nothing to wait for
    const tenon::ParallelOutcome &outcome = run.join();

    EXPECT_EQ(outcome.first_error, 0);
    EXPECT_TRUE(outcome.results.empty());
    EXPECT_FALSE(outcome.cancelled);
    EXPECT_TRUE(control_.events().empty());  // ok's par_work handler was not called
}

TEST_F(Outcome, ADefaultRunIsEmptyAndDone) {
    tenon::ParallelRun run;
    EXPECT_TRUE(run.done());
    run.cancel();
    EXPECT_EQ(run.join().first_error, 0);
    EXPECT_TRUE(run.join().results.empty());
    EXPECT_FALSE(run.join().cancelled);
}

TEST_F(Outcome, JoinIsIdempotentAndALateCancelChangesNothing) {
    ASSERT_NO_FATAL_FAILURE(create_host(2));
    ASSERT_NO_FATAL_FAILURE(load({"p_eio.so"}));

    tenon::ParallelRun run = work().start(2);
    const tenon::ParallelOutcome &first = run.join();
    run.cancel();
    const tenon::ParallelOutcome &second = run.join();

    EXPECT_EQ(&first, &second);
    EXPECT_FALSE(second.cancelled);
    EXPECT_EQ(second.first_error, -EIO);
    EXPECT_EQ(results_of(second), (Results{{"eio", -EIO}}));
    EXPECT_EQ(control_.events(), (Strings{"eio: ran 2"}));  // one run, one call
}

}  // namespace
