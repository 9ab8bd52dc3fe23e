// Unload refusals: a plugin another loaded plugin requires (TENON_REQUIRES),
// imports from (TENON_IMPORT) or subscribes to (TENON_SUBSCRIBE) is refused
// with a message naming every such plugin, and nothing changes: it stays
// loaded, its hooks and subscriptions still work, its exit does not run. An
// unknown name is refused too. Once the dependents are unloaded, it unloads.
#include "unload_support.hpp"

#include <gtest/gtest.h>

namespace {

using tenon::Errc;
using unload_test::file_of;
using unload_test::fixture;
using unload_test::Strings;

class UnloadRefusal : public unload_test::UnloadTest {};

TEST_F(UnloadRefusal, RequiredPluginIsRefusedAndNothingChanges) {
    ASSERT_NO_FATAL_FAILURE(load({"u_provider.so", "u_requirer_a.so", "u_requirer_b.so"}));
    ASSERT_EQ(notify_sum(), PROVIDER_NOTIFY + 2 * REQUIRER_NOTIFY);

    const tenon::Error refused = host_->unload("provider", TEST_STAGE_RESTORE);

    EXPECT_EQ(refused.code, Errc::plugin_required);
    const std::string message = file_of("u_provider.so") +
                                ": unload 'provider': expected no loaded plugin to require it, found it required by "
                                "'requirer_a' and 'requirer_b'";
    EXPECT_EQ(refused.message, message);
    EXPECT_EQ(refused.file, fixture("u_provider.so"));
    EXPECT_TRUE(recorder_.has_line("[tenon] warn: " + message));
    // Nothing changed: still loaded, still dispatched to, still subscribed, not exited.
    EXPECT_TRUE(loaded("provider"));
    EXPECT_EQ(hook<test_claim_hook>().size(), 1u);
    EXPECT_EQ(hook<test_notify_hook>().size(), 3u);
    int answer = 0;
    EXPECT_EQ(claim(PROVIDER_KEY_ANSWER, answer), 0);
    EXPECT_EQ(answer, PROVIDER_VALUE);
    EXPECT_EQ(notify_sum(), PROVIDER_NOTIFY + 2 * REQUIRER_NOTIFY);
    EXPECT_EQ(host_tick_sum(), PROVIDER_HOST_TICK);
    EXPECT_EQ(events_of("provider"), (Strings{"provider: init 11 load 1"}));
    // Not left half-unloading either: its events still take new subscribers.
    const auto subscribed = host_->subscribe<provider_tick_event>([](void *, int) {}, nullptr, ">=1");
    EXPECT_TRUE(subscribed) << subscribed.error().message;
}

TEST_F(UnloadRefusal, RequiredPluginUnloadsOnceItsRequirersAreGone) {
    ASSERT_NO_FATAL_FAILURE(load({"u_provider.so", "u_requirer_a.so", "u_requirer_b.so"}));

    ASSERT_EQ(host_->unload("requirer_a", TEST_STAGE_RESTORE).code, Errc::ok);
    const tenon::Error still_required = host_->unload("provider", TEST_STAGE_RESTORE);
    EXPECT_EQ(still_required.code, Errc::plugin_required);
    EXPECT_EQ(still_required.message, file_of("u_provider.so") +
                                          ": unload 'provider': expected no loaded plugin to require it, found it "
                                          "required by 'requirer_b'");
    ASSERT_EQ(host_->unload("requirer_b", TEST_STAGE_RESTORE).code, Errc::ok);
    const tenon::Error unloaded = host_->unload("provider", TEST_STAGE_RESTORE);

    EXPECT_EQ(unloaded.code, Errc::ok) << unloaded.message;
    EXPECT_FALSE(loaded("provider"));
    EXPECT_EQ(recorder_.events(), (Strings{"provider: init 11 load 1", "requirer_a: init 11 0", "requirer_b: init 11 0",
                                           "requirer_a: exit 12 0", "requirer_b: exit 12 0", "provider: exit 12 0"}));
}

TEST_F(UnloadRefusal, ImportedFromPluginIsRefusedAndNothingChanges) {
    ASSERT_NO_FATAL_FAILURE(load({"u_provider.so", "u_importer.so"}));

    const tenon::Error refused = host_->unload("provider", TEST_STAGE_RESTORE);

    EXPECT_EQ(refused.code, Errc::plugin_in_use);
    const std::string message = file_of("u_provider.so") +
                                ": unload 'provider': expected no other plugin to use its exports or events, found it "
                                "used by 'importer' (imports 'provider_value')";
    EXPECT_EQ(refused.message, message);
    EXPECT_EQ(refused.file, fixture("u_provider.so"));
    EXPECT_TRUE(recorder_.has_line("[tenon] warn: " + message));
    EXPECT_TRUE(loaded("provider"));
    int answer = 0;
    EXPECT_EQ(claim(IMPORTER_KEY_ANSWER, answer), 0);  // the import still calls into provider
    EXPECT_EQ(answer, PROVIDER_VALUE + 1);
    EXPECT_EQ(events_of("provider"), (Strings{"provider: init 11 load 1"}));
}

TEST_F(UnloadRefusal, ImportedFromPluginUnloadsOnceItsImporterIsGone) {
    ASSERT_NO_FATAL_FAILURE(load({"u_provider.so", "u_importer.so"}));
    ASSERT_EQ(host_->unload("provider", TEST_STAGE_RESTORE).code, Errc::plugin_in_use);

    ASSERT_EQ(host_->unload("importer", TEST_STAGE_RESTORE).code, Errc::ok);
    const tenon::Error unloaded = host_->unload("provider", TEST_STAGE_RESTORE);

    EXPECT_EQ(unloaded.code, Errc::ok) << unloaded.message;
    EXPECT_EQ(recorder_.events(), (Strings{"provider: init 11 load 1", "importer: init 11 import 0",
                                           "importer: exit 12 0", "provider: exit 12 0"}));
}

TEST_F(UnloadRefusal, SubscribedToPluginIsRefusedAndNothingChanges) {
    ASSERT_NO_FATAL_FAILURE(load({"u_provider.so", "u_subscriber.so"}));

    const tenon::Error refused = host_->unload("provider", TEST_STAGE_RESTORE);

    EXPECT_EQ(refused.code, Errc::plugin_in_use);
    const std::string message = file_of("u_provider.so") +
                                ": unload 'provider': expected no other plugin to use its exports or events, found it "
                                "used by 'subscriber' (subscribes to 'provider_tick')";
    EXPECT_EQ(refused.message, message);
    EXPECT_TRUE(recorder_.has_line("[tenon] warn: " + message));
    EXPECT_TRUE(loaded("provider"));
    int answer = 7;
    EXPECT_EQ(claim(PROVIDER_KEY_TICK, answer), 0);  // provider runs provider_tick(7): the subscription stands
    EXPECT_EQ(events_of("subscriber"), (Strings{"subscriber: init 11 subscribed 1", "subscriber: tick 7"}));
    EXPECT_EQ(events_of("provider"), (Strings{"provider: init 11 load 1"}));
}

TEST_F(UnloadRefusal, SubscribedToPluginUnloadsOnceItsSubscriberIsGone) {
    ASSERT_NO_FATAL_FAILURE(load({"u_provider.so", "u_subscriber.so"}));
    ASSERT_EQ(host_->unload("provider", TEST_STAGE_RESTORE).code, Errc::plugin_in_use);

    ASSERT_EQ(host_->unload("subscriber", TEST_STAGE_RESTORE).code, Errc::ok);
    const tenon::Error unloaded = host_->unload("provider", TEST_STAGE_RESTORE);

    EXPECT_EQ(unloaded.code, Errc::ok) << unloaded.message;
    EXPECT_EQ(events_of("provider"), (Strings{"provider: init 11 load 1", "provider: exit 12 0"}));
}

TEST_F(UnloadRefusal, EveryUserIsNamed) {
    ASSERT_NO_FATAL_FAILURE(load({"u_provider.so", "u_importer.so", "u_subscriber.so"}));

    const tenon::Error refused = host_->unload("provider", TEST_STAGE_RESTORE);

    EXPECT_EQ(refused.code, Errc::plugin_in_use);
    EXPECT_EQ(refused.message, file_of("u_provider.so") +
                                   ": unload 'provider': expected no other plugin to use its exports or events, "
                                   "found it used by 'importer' (imports 'provider_value') and 'subscriber' "
                                   "(subscribes to 'provider_tick')");
}

TEST_F(UnloadRefusal, RequirersAreReportedBeforeUsers) {
    ASSERT_NO_FATAL_FAILURE(load({"u_provider.so", "u_importer.so", "u_requirer_a.so"}));

    const tenon::Error refused = host_->unload("provider", TEST_STAGE_RESTORE);

    EXPECT_EQ(refused.code, Errc::plugin_required);
    EXPECT_EQ(refused.message, file_of("u_provider.so") +
                                   ": unload 'provider': expected no loaded plugin to require it, found it required "
                                   "by 'requirer_a'");
}

TEST_F(UnloadRefusal, UnknownNameIsRefused) {
    ASSERT_NO_FATAL_FAILURE(load({"u_provider.so"}));

    const tenon::Error refused = host_->unload("nobody", TEST_STAGE_RESTORE);

    EXPECT_EQ(refused.code, Errc::not_loaded);
    EXPECT_EQ(refused.message, "unload: expected a loaded plugin named 'nobody', found none");
    EXPECT_TRUE(refused.file.empty());
    EXPECT_TRUE(loaded("provider"));
    EXPECT_EQ(events_of("provider"), (Strings{"provider: init 11 load 1"}));
}

TEST_F(UnloadRefusal, ASecondUnloadOfTheSameNameIsRefused) {
    ASSERT_NO_FATAL_FAILURE(load({"u_provider.so"}));
    ASSERT_EQ(host_->unload("provider", TEST_STAGE_RESTORE).code, Errc::ok);

    const tenon::Error again = host_->unload("provider", TEST_STAGE_RESTORE);

    EXPECT_EQ(again.code, Errc::not_loaded);
    EXPECT_EQ(again.message, "unload: expected a loaded plugin named 'provider', found none");
    EXPECT_EQ(events_of("provider"), (Strings{"provider: init 11 load 1", "provider: exit 12 0"}));
}

TEST_F(UnloadRefusal, NothingLoadedMeansNotLoaded) {
    const tenon::Error refused = host_->unload("provider", TEST_STAGE_RESTORE);

    EXPECT_EQ(refused.code, Errc::not_loaded);
    EXPECT_EQ(refused.message, "unload: expected a loaded plugin named 'provider', found none");
}

}  // namespace
