// A successful unload: exit runs with (stage, 0); the plugin's hooks leave the
// chains; its subscriptions to host events end; host subscriptions to its
// events end; find_plugin no longer finds it; its library is unmapped; and the
// same file loads again, into a fresh mapping whose init runs again.
#include "unload_support.hpp"

#include <gtest/gtest.h>

namespace {

using tenon::Errc;
using unload_test::fixture;
using unload_test::is_mapped;
using unload_test::Strings;

class Unload : public unload_test::UnloadTest {};

TEST_F(Unload, ExitRunsWithTheStageAndZero) {
    ASSERT_NO_FATAL_FAILURE(load({"u_provider.so"}));

    const tenon::Error unloaded = host_->unload("provider", TEST_STAGE_RESTORE);

    EXPECT_EQ(unloaded.code, Errc::ok) << unloaded.message;
    EXPECT_TRUE(unloaded.message.empty());
    EXPECT_EQ(events_of("provider"), (Strings{"provider: init 11 load 1", "provider: exit 12 0"}));
    EXPECT_TRUE(recorder_.has_line("[tenon] debug: unloaded provider 1.0.0"));
}

TEST_F(Unload, ItsHooksLeaveTheChains) {
    ASSERT_NO_FATAL_FAILURE(load({"u_provider.so", "u_requirer_a.so"}));
    ASSERT_EQ(hook<test_notify_hook>().size(), 2u);
    ASSERT_EQ(notify_sum(), PROVIDER_NOTIFY + REQUIRER_NOTIFY);

    ASSERT_EQ(host_->unload("requirer_a", TEST_STAGE_RESTORE).code, Errc::ok);

    EXPECT_EQ(hook<test_notify_hook>().size(), 1u);
    EXPECT_EQ(notify_sum(), PROVIDER_NOTIFY);
    int scratch = 0;
    EXPECT_EQ(hook<test_notify_hook>().collect(&scratch).size(), 1u);
    EXPECT_EQ(hook<test_claim_hook>().size(), 1u);

    ASSERT_EQ(host_->unload("provider", TEST_STAGE_RESTORE).code, Errc::ok);

    EXPECT_EQ(hook<test_claim_hook>().size(), 0u);
    EXPECT_EQ(hook<test_notify_hook>().size(), 0u);
    int answer = -1;
    EXPECT_EQ(claim(PROVIDER_KEY_ANSWER, answer), -ENOTSUP);
    EXPECT_EQ(answer, -1);
    EXPECT_EQ(notify_sum(), 0);
}

TEST_F(Unload, ItsSubscriptionsToHostEventsEnd) {
    ASSERT_NO_FATAL_FAILURE(load({"u_provider.so"}));
    ASSERT_EQ(host_tick_size(), 1u);
    ASSERT_EQ(host_tick_sum(), PROVIDER_HOST_TICK);

    ASSERT_EQ(host_->unload("provider", TEST_STAGE_RESTORE).code, Errc::ok);

    EXPECT_EQ(host_tick_size(), 0u);
    EXPECT_EQ(host_tick_sum(), 0);
}

TEST_F(Unload, HostSubscriptionsToItsEventsEnd) {
    ASSERT_NO_FATAL_FAILURE(load({"u_provider.so"}));
    int seen = 0;
    const auto id = host_->subscribe<provider_tick_event>(
        [](void *userdata, int value) { *static_cast<int *>(userdata) = value; }, &seen, ">=1");
    ASSERT_TRUE(id) << id.error().message;
    int answer = 9;
    ASSERT_EQ(claim(PROVIDER_KEY_TICK, answer), 0);
    ASSERT_EQ(seen, 9);

    // The host's subscription does not pin the provider.
    ASSERT_EQ(host_->unload("provider", TEST_STAGE_RESTORE).code, Errc::ok);

    const tenon::Error ended = host_->unsubscribe(id.value());
    EXPECT_EQ(ended.code, Errc::not_subscribed);
    EXPECT_EQ(ended.message,
              "unsubscribe: id: expected a live subscription made by the host, found no such "
              "subscription " +
                  std::to_string(id.value()));
    const auto again = host_->subscribe<provider_tick_event>([](void *, int) {}, nullptr, "");
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().code, Errc::not_loaded);
    EXPECT_EQ(again.error().message,
              "subscribe to 'provider_tick' of plugin 'provider': provider: expected a loaded, initialised plugin "
              "named 'provider', found none");
}

TEST_F(Unload, FindPluginNoLongerFindsIt) {
    ASSERT_NO_FATAL_FAILURE(load({"u_provider.so", "u_requirer_a.so"}));

    ASSERT_EQ(host_->unload("requirer_a", TEST_STAGE_RESTORE).code, Errc::ok);

    const auto found = host_->find_plugin("requirer_a");
    ASSERT_FALSE(found);
    EXPECT_EQ(found.error().code, Errc::not_loaded);
    EXPECT_EQ(found.error().message, "find_plugin: expected a loaded plugin named 'requirer_a', found none");
    const auto plugins = host_->plugins();
    ASSERT_EQ(plugins.size(), 1u);
    EXPECT_EQ(plugins[0].name, "provider");
}

TEST_F(Unload, ItsLibraryIsUnmapped) {
    ASSERT_NO_FATAL_FAILURE(load({"u_provider.so"}));
    ASSERT_TRUE(is_mapped(fixture("u_provider.so")));

    ASSERT_EQ(host_->unload("provider", TEST_STAGE_RESTORE).code, Errc::ok);

    EXPECT_FALSE(is_mapped(fixture("u_provider.so")));
}

TEST_F(Unload, TheFileLoadsAgainAndWorks) {
    ASSERT_NO_FATAL_FAILURE(load({"u_provider.so"}));
    ASSERT_EQ(host_->unload("provider", TEST_STAGE_RESTORE).code, Errc::ok);

    const auto report = host_->load(unload_test::fixture_files({"u_provider.so"}), TEST_STAGE_DUMP);

    ASSERT_TRUE(report.ok()) << testing::PrintToString(tenon_test::messages(report));
    EXPECT_EQ(report.loaded, (Strings{"provider"}));
    // "load 1" again: a fresh mapping, whose static data started from zero.
    EXPECT_EQ(events_of("provider"),
              (Strings{"provider: init 11 load 1", "provider: exit 12 0", "provider: init 11 load 1"}));
    int answer = 0;
    EXPECT_EQ(claim(PROVIDER_KEY_ANSWER, answer), 0);
    EXPECT_EQ(answer, PROVIDER_VALUE);
    EXPECT_EQ(host_tick_sum(), PROVIDER_HOST_TICK);
    // And it satisfies the requirements of a plugin loaded later.
    ASSERT_NO_FATAL_FAILURE(load({"u_requirer_a.so"}));
    EXPECT_EQ(notify_sum(), PROVIDER_NOTIFY + REQUIRER_NOTIFY);
}

TEST_F(Unload, FinishDoesNotRunTheExitAgain) {
    ASSERT_NO_FATAL_FAILURE(load({"u_provider.so", "u_requirer_a.so"}));
    ASSERT_EQ(host_->unload("requirer_a", TEST_STAGE_RESTORE).code, Errc::ok);

    host_->finish(TEST_STAGE_DUMP, 0);

    EXPECT_EQ(recorder_.events(), (Strings{"provider: init 11 load 1", "requirer_a: init 11 0", "requirer_a: exit 12 0",
                                           "provider: exit 11 0"}));
    EXPECT_TRUE(host_->plugins().empty());
}

}  // namespace
