// Once unsubscribe returns, the callback is never started again: runner
// threads run host_started in a loop while other threads, round after round,
// subscribe a watcher, wait until it has run, unsubscribe it and only then
// mark it gone. A call that starts after the mark is a violation. Done from
// outside any callback (two unsubscribing threads at once), and from inside
// another callback of the same event, placed before or after the watcher.
#include "concurrency_support.hpp"
#include "events_support.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <thread>
#include <vector>

namespace {

using events_test::Runners;
using events_test::spin_until;

constexpr int runner_count = 2;
constexpr int rounds = 100;

// One round's watcher.
struct Watch {
    std::atomic<bool> gone{false};
    std::atomic<long> calls{0};
    std::atomic<long> violations{0};
};

void watch(void *userdata, int) {
    auto *watched = static_cast<Watch *>(userdata);
    if (watched->gone.load()) {
        watched->violations.fetch_add(1);
    }
    watched->calls.fetch_add(1);
}

class ConcurrentHostUnsubscribe : public events_test::EventsTest {
protected:
    /// Every round's watcher ran before its unsubscribe, and never after it returned.
    static void expect_no_violation(const std::unique_ptr<Watch[]> &watches, int count) {
        for (int i = 0; i < count; ++i) {
            EXPECT_GT(watches[static_cast<std::size_t>(i)].calls.load(), 0) << "round " << i;
            EXPECT_EQ(watches[static_cast<std::size_t>(i)].violations.load(), 0) << "round " << i;
        }
    }
};

TEST_F(ConcurrentHostUnsubscribe, NoCallStartsAfterUnsubscribeReturns) {
    constexpr int unsubscriber_count = 2;
    auto watches = std::make_unique<Watch[]>(unsubscriber_count * rounds);
    const auto started = event<host_started_event>();
    Runners runners(runner_count, [&] { started(1); });

    std::vector<std::thread> unsubscribers;
    for (int t = 0; t < unsubscriber_count; ++t) {
        unsubscribers.emplace_back([&, t] {
            for (int round = 0; round < rounds; ++round) {
                Watch &watched = watches[static_cast<std::size_t>(t * rounds + round)];
                const auto id = host_->subscribe<host_started_event>(watch, &watched);
                ASSERT_TRUE(id) << id.error().message;
                spin_until([&] { return watched.calls.load() > 0; });
                ASSERT_EQ(host_->unsubscribe(id.value()).code, tenon::Errc::ok);
                watched.gone.store(true);
                runners.wait_for_a_new_run();  // so that some run certainly starts after the mark
            }
        });
    }
    for (std::thread &thread : unsubscribers) {
        thread.join();
    }
    runners.stop();

    expect_no_violation(watches, unsubscriber_count * rounds);
    EXPECT_EQ(started.size(), 0u);
}

// The callback that unsubscribes a round's watcher from inside a run, once the watcher has run.
struct Cutter {
    tenon::Host *host = nullptr;
    Watch *watched = nullptr;
    std::atomic<tenon::SubscriptionId> watch_id{0};  ///< stored once subscribe has returned
    std::atomic<bool> claimed{false};
    std::atomic<bool> done{false};
    std::atomic<int> status{-1};
};

void cut(void *userdata, int) {
    auto *cutter = static_cast<Cutter *>(userdata);
    const tenon::SubscriptionId id = cutter->watch_id.load();
    if (id == 0 || cutter->watched->calls.load() == 0 || cutter->claimed.exchange(true)) {
        return;
    }
    cutter->status.store(static_cast<int>(cutter->host->unsubscribe(id).code));
    cutter->watched->gone.store(true);
    cutter->done.store(true);
}

TEST_F(ConcurrentHostUnsubscribe, NoCallStartsAfterUnsubscribeReturnsInsideACallback) {
    auto watches = std::make_unique<Watch[]>(rounds);
    auto cutters = std::make_unique<Cutter[]>(rounds);
    const auto started = event<host_started_event>();
    Runners runners(runner_count, [&] { started(1); });

    for (int round = 0; round < rounds; ++round) {
        Watch &watched = watches[static_cast<std::size_t>(round)];
        Cutter &cutter = cutters[static_cast<std::size_t>(round)];
        cutter.host = &host_.value();
        cutter.watched = &watched;
        // Even rounds: the watcher runs before the cutter; odd rounds: after it.
        tenon::SubscriptionId cutter_id = 0;
        if (round % 2 == 1) {
            cutter_id = host_->subscribe<host_started_event>(cut, &cutter).value();
        }
        cutter.watch_id.store(host_->subscribe<host_started_event>(watch, &watched).value());
        if (round % 2 == 0) {
            cutter_id = host_->subscribe<host_started_event>(cut, &cutter).value();
        }
        spin_until([&] { return cutter.done.load(); });
        ASSERT_EQ(host_->unsubscribe(cutter_id).code, tenon::Errc::ok);
        runners.wait_for_a_new_run();
        EXPECT_EQ(cutter.status.load(), static_cast<int>(tenon::Errc::ok)) << "round " << round;
    }
    runners.stop();

    expect_no_violation(watches, rounds);
    EXPECT_EQ(started.size(), 0u);
}

}  // namespace
