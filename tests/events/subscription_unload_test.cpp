// Subscriptions and Host::unload: unloading a subscriber ends its
// subscriptions; unloading a provider ends the host's subscriptions to it;
// a plugin's subscription pins the provider (plugin_in_use, naming each
// subscriber and event once) until it unsubscribes; a plugin that is being
// unloaded cannot subscribe from its exit.
#include "events_support.hpp"
#include "ticker_api.h"

#include <gtest/gtest.h>

#include <string>

namespace {

using events_test::events_of;
using events_test::fixture;
using events_test::Strings;

struct Counter {
    int calls = 0;
};
void count(void *userdata, int) {
    ++static_cast<Counter *>(userdata)->calls;
}

class SubscriptionUnload : public events_test::EventsTest {};

std::string in_use(const std::string &users) {
    return fixture("e_ticker.so").string() +
           ": unload 'ticker': expected no other plugin to use its exports or events, found it used by " + users;
}

TEST_F(SubscriptionUnload, UnloadingASubscriberEndsItsSubscriptions) {
    ASSERT_NO_FATAL_FAILURE(load({"e_ticker.so", "e_fan.so"}));
    int three = 3;
    ASSERT_EQ(claim(FAN_SUBSCRIBE_TICK, three), TENON_IMPORT_OK);
    Counter counter;
    ASSERT_TRUE(host_->subscribe<ticker_tick_event>(count, &counter));

    ASSERT_EQ(host_->unload("fan", TEST_STAGE_DUMP).code, tenon::Errc::ok);

    EXPECT_EQ(ask(TICKER_RUN_TICK, 1), 0);  // fan is unmapped: only the host's callback may run
    EXPECT_EQ(counter.calls, 1);
}

TEST_F(SubscriptionUnload, UnloadingAProviderEndsTheHostsSubscriptionsToIt) {
    ASSERT_NO_FATAL_FAILURE(load({"e_ticker.so"}));
    Counter counter;
    const auto id = host_->subscribe<ticker_tick_event>(count, &counter);
    ASSERT_TRUE(id);

    EXPECT_EQ(host_->unload("ticker", TEST_STAGE_DUMP).code, tenon::Errc::ok);  // the host's subscription does not pin

    EXPECT_EQ(host_->unsubscribe(id.value()).code, tenon::Errc::not_subscribed);
}

TEST_F(SubscriptionUnload, APluginsSubscriptionPinsTheProviderUntilItUnsubscribes) {
    ASSERT_NO_FATAL_FAILURE(load({"e_ticker.so", "e_loose_fan.so"}));
    int one = 1;
    ASSERT_EQ(claim(FAN_SUBSCRIBE_TICK, one), TENON_IMPORT_OK);
    ASSERT_EQ(claim(FAN_SUBSCRIBE_CHECK, one), TENON_IMPORT_OK);

    const tenon::Error refused = host_->unload("ticker", TEST_STAGE_DUMP);
    EXPECT_EQ(refused.code, tenon::Errc::plugin_in_use);
    EXPECT_EQ(refused.message,
              in_use("'loose_fan' (subscribes to 'ticker_tick') and 'loose_fan' (subscribes to 'ticker_check')"));

    EXPECT_EQ(ask(FAN_UNSUBSCRIBE_ALL), 2);
    EXPECT_EQ(host_->unload("ticker", TEST_STAGE_DUMP).code, tenon::Errc::ok);
}

TEST_F(SubscriptionUnload, TheRefusalNamesEachSubscriberAndEventOnce) {
    // loose_fan subscribes, then probe_no_provider (in its init), then loose_fan again, all to ticker_tick.
    ASSERT_NO_FATAL_FAILURE(load({"e_ticker.so", "e_loose_fan.so"}));
    int one = 1;
    ASSERT_EQ(claim(FAN_SUBSCRIBE_TICK, one), TENON_IMPORT_OK);
    ASSERT_NO_FATAL_FAILURE(load({"e_probe_no_provider.so"}));
    ASSERT_EQ(events_of(recorder_, "probe_no_provider")[1], "probe_no_provider: subscribe 0");
    one = 1;
    ASSERT_EQ(claim(FAN_SUBSCRIBE_TICK, one), TENON_IMPORT_OK);

    const tenon::Error refused = host_->unload("ticker", TEST_STAGE_DUMP);

    EXPECT_EQ(refused.code, tenon::Errc::plugin_in_use);
    EXPECT_EQ(refused.message, in_use("'loose_fan' (subscribes to 'ticker_tick') and 'probe_no_provider' "
                                      "(subscribes to 'ticker_tick')"));
}

TEST_F(SubscriptionUnload, APluginBeingUnloadedCannotSubscribeFromItsExit) {
    ASSERT_NO_FATAL_FAILURE(load({"e_ticker.so", "e_probe_exit_ok.so"}));

    ASSERT_EQ(host_->unload("probe_exit_ok", TEST_STAGE_DUMP).code, tenon::Errc::ok);

    const std::string why =
        "subscribe to 'ticker_tick': subscriber: expected a plugin that has not exited, found 'probe_exit_ok' exited "
        "or unloading";
    EXPECT_EQ(events_of(recorder_, "probe_exit_ok"),
              (Strings{"probe_exit_ok: declares void(void *, int)",
                       "probe_exit_ok: subscribe " + std::to_string(TENON_IMPORT_UNSUPPORTED), "probe_exit_ok: id 0",
                       "probe_exit_ok: why " + why}));
    EXPECT_EQ(ask(TICKER_RUN_TICK, 1), 0);  // probe_exit_ok is unmapped: nothing may be called
}

}  // namespace
