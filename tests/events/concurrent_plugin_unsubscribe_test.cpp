// The same guarantee for a plugin's subscriptions to a plugin's event:
// runner threads make ticker run ticker_tick in a loop while two driver
// threads, round after round, have sentinel subscribe a watcher, wait until
// it has run, unsubscribe it (TENON_UNSUBSCRIBE, from the driver's thread)
// and only then mark it gone. A call that starts after the mark is a violation.
#include "concurrency_support.hpp"
#include "events_support.hpp"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace {

using events_test::Runners;
using events_test::spin_until;

class ConcurrentPluginUnsubscribe : public events_test::EventsTest {};

TEST_F(ConcurrentPluginUnsubscribe, NoCallStartsAfterUnsubscribeReturns) {
    ASSERT_NO_FATAL_FAILURE(load({"e_ticker.so", "e_sentinel.so"}));
    constexpr int drivers = 2;
    constexpr int rounds = 64;  // per driver; sentinel has SENTINEL_ROUNDS slots
    Runners runners(2, [&] {
        int value = 1;
        claim(TICKER_RUN_TICK, value);
    });

    std::vector<std::thread> threads;
    std::vector<int> failures(drivers, 0);
    for (int t = 0; t < drivers; ++t) {
        threads.emplace_back([&, t] {
            for (int round = t * rounds; round < (t + 1) * rounds; ++round) {
                int status = round;
                if (claim(SENTINEL_SUBSCRIBE, status) != 0 || status != TENON_IMPORT_OK) {
                    ++failures[static_cast<std::size_t>(t)];
                    return;
                }
                spin_until([&] {
                    int calls = round;
                    return claim(SENTINEL_CALLS, calls) == 0 && calls > 0;
                });
                status = round;
                if (claim(SENTINEL_UNSUBSCRIBE, status) != 0 || status != TENON_IMPORT_OK) {
                    ++failures[static_cast<std::size_t>(t)];
                }
                runners.wait_for_a_new_run();  // so that some run certainly starts after the mark
            }
        });
    }
    for (std::thread &thread : threads) {
        thread.join();
    }
    runners.stop();

    EXPECT_EQ(failures, std::vector<int>(drivers, 0));
    for (int round = 0; round < drivers * rounds; ++round) {
        int calls = round;
        ASSERT_EQ(claim(SENTINEL_CALLS, calls), 0);
        EXPECT_GT(calls, 0) << "round " << round;
    }
    EXPECT_EQ(ask(SENTINEL_VIOLATIONS), 0);
}

}  // namespace
