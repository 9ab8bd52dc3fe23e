// Automatic removal of a plugin's registrations when it unloads: its hook
// handlers, its subscriptions (made in init, or later from inside a hook) to
// the host's events and to another plugin's events, and the host's
// subscriptions to its own events all end without any call from the plugin
// or the host; and the plugin it subscribed to is no longer pinned.
#include "unload_support.hpp"

#include <gtest/gtest.h>

namespace {

using tenon::Errc;
using unload_test::Strings;

class AutomaticRemoval : public unload_test::UnloadTest {};

TEST_F(AutomaticRemoval, APluginsRegistrationsAreRemovedWhenItUnloads) {
    ASSERT_NO_FATAL_FAILURE(load({"u_provider.so", "u_subscriber.so"}));
    int host_seen = 0;
    const auto host_id = host_->subscribe<subscriber_tick_event>(
        [](void *userdata, int value) { *static_cast<int *>(userdata) = value; }, &host_seen, "");
    ASSERT_TRUE(host_id) << host_id.error().message;
    int answer = -1;
    ASSERT_EQ(claim(SUBSCRIBER_KEY_SUBSCRIBE, answer), 0);  // one more subscription, made from inside a hook
    ASSERT_EQ(answer, TENON_IMPORT_OK);
    // Before: every registration is live.
    ASSERT_EQ(hook<test_claim_hook>().size(), 2u);
    ASSERT_EQ(hook<test_notify_hook>().size(), 2u);
    ASSERT_EQ(notify_sum(), PROVIDER_NOTIFY + SUBSCRIBER_NOTIFY);
    ASSERT_EQ(host_tick_size(), 3u);
    ASSERT_EQ(host_tick_sum(), PROVIDER_HOST_TICK + 2 * SUBSCRIBER_HOST_TICK);
    answer = 5;
    ASSERT_EQ(claim(PROVIDER_KEY_TICK, answer), 0);  // provider_tick(5) reaches subscriber
    answer = 6;
    ASSERT_EQ(claim(SUBSCRIBER_KEY_TICK, answer), 0);  // subscriber_tick(6) reaches the host
    ASSERT_EQ(host_seen, 6);

    ASSERT_EQ(host_->unload("subscriber", TEST_STAGE_RESTORE).code, Errc::ok);

    // Its hook handlers are gone.
    EXPECT_EQ(hook<test_claim_hook>().size(), 1u);
    EXPECT_EQ(hook<test_notify_hook>().size(), 1u);
    EXPECT_EQ(notify_sum(), PROVIDER_NOTIFY);
    EXPECT_EQ(claim(SUBSCRIBER_KEY_ANSWER, answer), -ENOTSUP);
    // Both of its subscriptions to the host event are gone.
    EXPECT_EQ(host_tick_size(), 1u);
    EXPECT_EQ(host_tick_sum(), PROVIDER_HOST_TICK);
    // Its subscription to provider_tick is gone: the run reaches no one (and no unmapped code).
    answer = 8;
    EXPECT_EQ(claim(PROVIDER_KEY_TICK, answer), 0);
    EXPECT_EQ(events_of("subscriber"),
              (Strings{"subscriber: init 11 subscribed 1", "subscriber: tick 5", "subscriber: exit 12 0"}));
    // The host's subscription to its event ended with it.
    EXPECT_EQ(host_->unsubscribe(host_id.value()).code, Errc::not_subscribed);
    // And provider, no longer subscribed to, unloads.
    EXPECT_EQ(host_->unload("provider", TEST_STAGE_RESTORE).code, Errc::ok);
    EXPECT_EQ(host_tick_size(), 0u);
}

}  // namespace
