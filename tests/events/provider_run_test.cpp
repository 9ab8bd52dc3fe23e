// A provider plugin runs its events, one in each mode, with no callbacks,
// one, and a thousand: subscribed by one plugin (fan) or by the host. Each
// callback gets its own userdata and the run's value; results fold as the
// mode says, and callbacks run in subscription order. A provider may also
// subscribe to its own event, from its own init.
#include "events_support.hpp"
#include "ticker_api.h"

#include <gtest/gtest.h>

#include <cerrno>
#include <utility>
#include <vector>

namespace {

class ProviderRun : public events_test::EventsTest {};

TEST_F(ProviderRun, WithoutCallbacksEachModeHasItsEmptyResult) {
    ASSERT_NO_FATAL_FAILURE(load({"e_ticker.so"}));

    EXPECT_EQ(ask(TICKER_RUN_TICK, 5), 0);
    EXPECT_EQ(ask(TICKER_RUN_CLAIM, 5), -ENOTSUP);
    EXPECT_EQ(ask(TICKER_RUN_CHECK, 5), 0);
}

TEST_F(ProviderRun, AProviderSubscribesToItsOwnEventInItsInit) {
    ASSERT_NO_FATAL_FAILURE(load({"e_echo.so"}));

    EXPECT_EQ(ask(ECHO_RUN, 5), 10);
    EXPECT_EQ(events_test::events_of(recorder_, "echo"),
              (events_test::Strings{"echo: subscribe 0", "echo: heard 4", "echo: run in init 8", "echo: heard 5"}));
}

// The number of callbacks fan subscribes.
class ProviderRunWith : public ProviderRun, public testing::WithParamInterface<int> {
protected:
    void SetUp() override {
        ProviderRun::SetUp();
        ASSERT_NO_FATAL_FAILURE(load({"e_ticker.so", "e_fan.so"}));
    }
    void subscribe(int key) {
        const int count = GetParam();
        int answer = count;
        ASSERT_EQ(claim(key, answer), TENON_IMPORT_OK);
        ASSERT_EQ(answer, count);
    }
    int calls() const { return ask(FAN_TAKE_CALLS); }
};

TEST_P(ProviderRunWith, NotifyCallsEveryCallbackWithItsUserdata) {
    const int count = GetParam();
    ASSERT_NO_FATAL_FAILURE(subscribe(FAN_SUBSCRIBE_TICK));

    EXPECT_EQ(ask(TICKER_RUN_TICK, 3), 0);
    EXPECT_EQ(calls(), count);
    // Callback n adds n (from its userdata) plus the value 3.
    EXPECT_EQ(ask(FAN_TAKE_SUM), count * (count - 1) / 2 + 3 * count);
}

TEST_P(ProviderRunWith, FirstClaimerStopsAtTheFirstClaim) {
    const int count = GetParam();
    ASSERT_NO_FATAL_FAILURE(subscribe(FAN_SUBSCRIBE_CLAIM));

    EXPECT_EQ(ask(TICKER_RUN_CLAIM, 0), FAN_CLAIMED);
    EXPECT_EQ(calls(), 1);
    EXPECT_EQ(ask(TICKER_RUN_CLAIM, count - 1), FAN_CLAIMED + count - 1);
    EXPECT_EQ(calls(), count);
    EXPECT_EQ(ask(TICKER_RUN_CLAIM, count), -ENOTSUP);  // nobody claims: every callback ran
    EXPECT_EQ(calls(), count);
}

TEST_P(ProviderRunWith, BroadcastCallsEveryCallbackAndKeepsTheFirstError) {
    const int count = GetParam();
    ASSERT_NO_FATAL_FAILURE(subscribe(FAN_SUBSCRIBE_CHECK));

    EXPECT_EQ(ask(TICKER_RUN_CHECK, count), 0);  // only 0 and -ENOTSUP
    EXPECT_EQ(calls(), count);
    EXPECT_EQ(ask(TICKER_RUN_CHECK, count - 1), -(FAN_FAILED + count - 1));
    EXPECT_EQ(calls(), count);
    EXPECT_EQ(ask(TICKER_RUN_CHECK, 0), -FAN_FAILED);  // all fail: the first one's error, and all still ran
    EXPECT_EQ(calls(), count);
}

TEST_P(ProviderRunWith, AfterUnsubscribingAllNothingRuns) {
    const int count = GetParam();
    ASSERT_NO_FATAL_FAILURE(subscribe(FAN_SUBSCRIBE_TICK));
    ASSERT_NO_FATAL_FAILURE(subscribe(FAN_SUBSCRIBE_CLAIM));

    EXPECT_EQ(ask(FAN_UNSUBSCRIBE_ALL), 2 * count);
    EXPECT_EQ(ask(TICKER_RUN_TICK, 1), 0);
    EXPECT_EQ(ask(TICKER_RUN_CLAIM, 0), -ENOTSUP);
    EXPECT_EQ(calls(), 0);
}

INSTANTIATE_TEST_SUITE_P(Callbacks, ProviderRunWith, testing::Values(1, 1000));

// A host callback's userdata: its number, and the numbers of the callbacks called so far.
struct HostSlot {
    int number = 0;
    std::vector<int> *called = nullptr;
};

void host_tick(void *userdata, int value) {
    auto *slot = static_cast<HostSlot *>(userdata);
    slot->called->push_back(slot->number + value);
}

int host_claim(void *userdata, int value) {
    auto *slot = static_cast<HostSlot *>(userdata);
    slot->called->push_back(slot->number);
    return value == slot->number ? FAN_CLAIMED + slot->number : -ENOTSUP;
}

int host_check(void *userdata, int value) {
    auto *slot = static_cast<HostSlot *>(userdata);
    slot->called->push_back(slot->number);
    return value <= slot->number ? -(FAN_FAILED + slot->number) : 0;
}

class HostSubscribesToPlugin : public ProviderRun {
protected:
    static constexpr int count = 1000;

    void SetUp() override {
        ProviderRun::SetUp();
        ASSERT_NO_FATAL_FAILURE(load({"e_ticker.so"}));
        for (int i = 0; i < count; ++i) {
            slots_[static_cast<std::size_t>(i)] = {i, &called_};
        }
    }
    template <typename Decl>
    void subscribe_all(typename Decl::callback callback) {
        for (HostSlot &slot : slots_) {
            const auto id = host_->subscribe<Decl>(callback, &slot, ">=2.1 <3");
            ASSERT_TRUE(id) << id.error().message;
            ASSERT_NE(id.value(), 0u);
        }
    }
    /// The numbers 0 .. n-1, each plus `offset`.
    static std::vector<int> numbers(int n, int offset = 0) {
        std::vector<int> out;
        for (int i = 0; i < n; ++i) {
            out.push_back(i + offset);
        }
        return out;
    }
    std::vector<int> take_called() { return std::exchange(called_, {}); }

    std::vector<HostSlot> slots_ = std::vector<HostSlot>(count);
    std::vector<int> called_;
};

TEST_F(HostSubscribesToPlugin, NotifyRunsAThousandHostCallbacksInOrder) {
    ASSERT_NO_FATAL_FAILURE(subscribe_all<ticker_tick_event>(host_tick));

    EXPECT_EQ(ask(TICKER_RUN_TICK, 10), 0);
    EXPECT_EQ(take_called(), numbers(count, 10));
}

TEST_F(HostSubscribesToPlugin, FirstClaimerStopsAtTheClaimingHostCallback) {
    ASSERT_NO_FATAL_FAILURE(subscribe_all<ticker_claim_event>(host_claim));

    EXPECT_EQ(ask(TICKER_RUN_CLAIM, 700), FAN_CLAIMED + 700);
    EXPECT_EQ(take_called(), numbers(701));
    EXPECT_EQ(ask(TICKER_RUN_CLAIM, count), -ENOTSUP);
    EXPECT_EQ(take_called(), numbers(count));
}

TEST_F(HostSubscribesToPlugin, BroadcastRunsEveryHostCallback) {
    ASSERT_NO_FATAL_FAILURE(subscribe_all<ticker_check_event>(host_check));

    EXPECT_EQ(ask(TICKER_RUN_CHECK, 999), -(FAN_FAILED + 999));
    EXPECT_EQ(take_called(), numbers(count));
    EXPECT_EQ(ask(TICKER_RUN_CHECK, count), 0);
    EXPECT_EQ(take_called(), numbers(count));
}

TEST_F(HostSubscribesToPlugin, HostAndPluginCallbacksRunInSubscriptionOrder) {
    ASSERT_NO_FATAL_FAILURE(load({"e_fan.so"}));
    // Subscribed in this order: host callback 100, fan's callback 0, host callback 1; each claims its own number.
    slots_[0].number = 100;
    ASSERT_TRUE(host_->subscribe<ticker_claim_event>(host_claim, &slots_[0]));
    int one = 1;
    ASSERT_EQ(claim(FAN_SUBSCRIBE_CLAIM, one), TENON_IMPORT_OK);
    ASSERT_TRUE(host_->subscribe<ticker_claim_event>(host_claim, &slots_[1]));

    EXPECT_EQ(ask(TICKER_RUN_CLAIM, 0), FAN_CLAIMED);  // fan's callback claims: host callback 1 never runs
    EXPECT_EQ(take_called(), std::vector<int>{100});
    EXPECT_EQ(ask(FAN_TAKE_CALLS), 1);

    EXPECT_EQ(ask(TICKER_RUN_CLAIM, 1), FAN_CLAIMED + 1);  // fan's declines, host callback 1 claims
    EXPECT_EQ(take_called(), (std::vector<int>{100, 1}));
    EXPECT_EQ(ask(FAN_TAKE_CALLS), 1);

    EXPECT_EQ(ask(TICKER_RUN_CLAIM, 100), FAN_CLAIMED + 100);  // the first subscribed claims: nothing else runs
    EXPECT_EQ(take_called(), std::vector<int>{100});
    EXPECT_EQ(ask(FAN_TAKE_CALLS), 0);
}

}  // namespace
