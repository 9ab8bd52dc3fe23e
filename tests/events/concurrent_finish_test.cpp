// Plugins come and go while other threads run events: runner threads run the
// host's host_started and (through its hook) ticker's ticker_tick in a loop,
// while the test loads ticker and sentinel, waits until sentinel's callbacks
// have run for both events, and finishes the host without unsubscribing.
// Finish must end the subscriptions before unmapping the plugins: a callback
// into unmapped code would crash, or be reported by the sanitizers.
#include "concurrency_support.hpp"
#include "events_support.hpp"

#include <gtest/gtest.h>

namespace {

using events_test::Runners;
using events_test::spin_until;

class ConcurrentFinish : public events_test::EventsTest {
protected:
    /// How often sentinel's watcher of `round` has run.
    int calls(int round) const {
        int answer = round;
        return claim(SENTINEL_CALLS, answer) == 0 ? answer : -1;
    }
};

TEST_F(ConcurrentFinish, FinishEndsSubscriptionsWhileOtherThreadsRunEvents) {
    constexpr int cycles = 20;
    const auto started = event<host_started_event>();
    Runners runners(3, [&] {
        started(1);
        int value = 1;
        claim(TICKER_RUN_TICK, value);  // -ENOTSUP while ticker is not loaded
    });

    for (int cycle = 0; cycle < cycles; ++cycle) {
        ASSERT_NO_FATAL_FAILURE(load({"e_ticker.so", "e_sentinel.so"}));
        EXPECT_EQ(ask(SENTINEL_SUBSCRIBE, 0), TENON_IMPORT_OK);
        EXPECT_EQ(ask(SENTINEL_SUBSCRIBE_HOST, 1), TENON_IMPORT_OK);
        spin_until([&] { return calls(0) > 0 && calls(1) > 0; });
        ASSERT_EQ(started.size(), 1u);

        host_->finish(TEST_STAGE_DUMP, 0);

        EXPECT_EQ(started.size(), 0u) << "cycle " << cycle;
        EXPECT_FALSE(host_->find_plugin("sentinel")) << "cycle " << cycle;
        runners.wait_for_a_new_run();
    }
    runners.stop();
}

}  // namespace
