// The runtime joins every run the host left going before plugin code runs or
// is unmapped: finish joins before any exit (cancelling first when it reports
// a failure), unload before the plugin's exit, load before any new init.
// With one worker held at the gate, opener's handler is still queued, so only
// the lifecycle call's join can run it, on the host thread: its events show
// the join happened inside that call, and that it did not cancel.
#include "parallel_support.hpp"

#include <gtest/gtest.h>

#include <cerrno>

namespace {

using parallel_test::Results;
using parallel_test::results_of;
using parallel_test::Strings;
using parallel_test::unordered;

class LifecycleJoin : public parallel_test::ParallelTest {
protected:
    // One worker, held by gate_a; opener waits in the queue.
    void start_held_run() {
        ASSERT_NO_FATAL_FAILURE(create_host(1));
        ASSERT_NO_FATAL_FAILURE(load({"p_gate_a.so", "p_opener.so"}));
        run_ = work().start(0);
        ASSERT_TRUE(control_.wait_for("arrived", 1)) << testing::PrintToString(control_.events());
    }
    // The held run joined by a lifecycle call, without cancelling.
    void expect_joined_uncancelled() {
        const tenon::ParallelOutcome &outcome = run_.join();
        EXPECT_FALSE(outcome.cancelled);
        EXPECT_EQ(results_of(outcome), (Results{{"gate_a", 0}, {"opener", 0}}));
    }
    tenon::ParallelRun run_;
};

TEST_F(LifecycleJoin, FinishWithAFailureCancelsAndJoinsBeforeAnyExit) {
    ASSERT_NO_FATAL_FAILURE(create_host(2));
    ASSERT_NO_FATAL_FAILURE(load({"p_cancel_a.so", "p_cancel_b.so"}));
    tenon::ParallelRun run = work().start(0);
    ASSERT_TRUE(control_.wait_for("arrived", 2)) << testing::PrintToString(control_.events());

    control_.record("host", "finishes with -EIO");
    host_->finish(TEST_STAGE_DUMP, -EIO);  // the host never joined: the runtime must

    const Strings events = control_.events();
    ASSERT_EQ(events.size(), 7u) << testing::PrintToString(events);
    EXPECT_EQ(unordered(events, 0, 2), (Strings{"cancel_a: arrived", "cancel_b: arrived"}));
    EXPECT_EQ(events[2], "host: finishes with -EIO");
    EXPECT_EQ(unordered(events, 3, 2), (Strings{"cancel_a: saw the cancellation", "cancel_b: saw the cancellation"}));
    EXPECT_EQ(events[5], "cancel_b: exit 11 -5");
    EXPECT_EQ(events[6], "cancel_a: exit 11 -5");
    EXPECT_TRUE(recorder_.has_line(
        "[tenon] debug: cancelled and joined 1 parallel run(s) the host had not joined, before exit"));

    // The handle still gives the outcome, naming plugins that are gone.
    const tenon::ParallelOutcome &outcome = run.join();
    EXPECT_TRUE(outcome.cancelled);
    EXPECT_EQ(results_of(outcome), (Results{{"cancel_a", -EINTR}, {"cancel_b", -EINTR}}));
    EXPECT_EQ(outcome.first_error, -EINTR);
    EXPECT_TRUE(host_->plugins().empty());
}

TEST_F(LifecycleJoin, FinishWithSuccessJoinsWithoutCancelling) {
    ASSERT_NO_FATAL_FAILURE(start_held_run());

    control_.record("host", "finishes with 0");
    host_->finish(TEST_STAGE_DUMP, 0);

    EXPECT_EQ(control_.events(), (Strings{"gate_a: arrived", "host: finishes with 0", "opener: cancelled 0",
                                          "opener: opening the gate on the host thread 1", "gate_a: left",
                                          "opener: exit 11 0", "gate_a: exit 11 0"}));
    EXPECT_TRUE(recorder_.has_line("[tenon] debug: joined 1 parallel run(s) the host had not joined, before exit"));
    expect_joined_uncancelled();
}

TEST_F(LifecycleJoin, UnloadJoinsBeforeThePluginsExit) {
    ASSERT_NO_FATAL_FAILURE(start_held_run());

    control_.record("host", "unloads gate_a");
    const tenon::Error unloaded = host_->unload("gate_a", TEST_STAGE_RESTORE);
    EXPECT_EQ(unloaded.code, tenon::Errc::ok) << unloaded.message;

    EXPECT_EQ(control_.events(),
              (Strings{"gate_a: arrived", "host: unloads gate_a", "opener: cancelled 0",
                       "opener: opening the gate on the host thread 1", "gate_a: left", "gate_a: exit 12 0"}));
    EXPECT_TRUE(recorder_.has_line("[tenon] debug: joined 1 parallel run(s) the host had not joined, before unload"));
    EXPECT_FALSE(host_->find_plugin("gate_a"));
    expect_joined_uncancelled();
}

TEST_F(LifecycleJoin, LoadJoinsBeforeTheNewPluginsInit) {
    ASSERT_NO_FATAL_FAILURE(start_held_run());

    control_.record("host", "loads ok");
    const tenon::LoadReport report = host_->load(tenon_test::fixture_files({"p_ok.so"}), TEST_STAGE_RESTORE);
    ASSERT_TRUE(report.ok()) << testing::PrintToString(tenon_test::messages(report));

    EXPECT_EQ(control_.events(),
              (Strings{"gate_a: arrived", "host: loads ok", "opener: cancelled 0",
                       "opener: opening the gate on the host thread 1", "gate_a: left", "ok: init 12"}));
    EXPECT_TRUE(recorder_.has_line("[tenon] debug: joined 1 parallel run(s) the host had not joined, before init"));
    expect_joined_uncancelled();
}

}  // namespace
