// One C function registered for two hooks of the same type: both hooks call
// it, and the plugin's metadata lists both registrations.
#include "lifecycle_support.hpp"
#include "more_hooks.h"

#include <gtest/gtest.h>

#include <tenon/metadata.hpp>

#include <algorithm>

namespace {

using lifecycle_test::Answers;
using lifecycle_test::answers;
using lifecycle_test::fixture_files;
using Strings = std::vector<std::string>;

tenon::HostConfig config_with_second_notify_hook() {
    tenon::HostConfig config = tenon_test::test_config();
    config.hooks.push_back(tenon::HookDecl::of<lifecycle_notify_again_hook>());
    return config;
}

TEST(SharedFunction, OneFunctionIsCalledThroughBothHooks) {
    tenon_test::Recorder recorder;
    auto host = tenon::Host::create(config_with_second_notify_hook());
    ASSERT_TRUE(host) << host.error().message;
    recorder.attach(host.value());
    const auto report = host->load(fixture_files({"l_twice.so"}), TEST_STAGE_DUMP);
    ASSERT_TRUE(report.ok()) << testing::PrintToString(tenon_test::messages(report));
    const auto notify = host->hook<test_notify_hook>().value();
    const auto again = host->hook<lifecycle_notify_again_hook>().value();

    int counter = 0;
    EXPECT_EQ(notify(&counter), 0);
    EXPECT_EQ(again(&counter), 0);
    EXPECT_EQ(answers(again.collect(&counter)), (Answers{{"twice", 0}}));
    EXPECT_EQ(answers(notify.collect(&counter)), (Answers{{"twice", 0}}));

    // bump() traces the shared counter: each call, through either hook, is the same function's body.
    EXPECT_EQ(counter, 4);
    EXPECT_EQ(recorder.events(), (Strings{"twice: bump 1", "twice: bump 2", "twice: bump 3", "twice: bump 4"}));
    host->finish(TEST_STAGE_DUMP, 0);
}

TEST(SharedFunction, LoadedPluginListsBothHooks) {
    auto host = tenon::Host::create(config_with_second_notify_hook());
    ASSERT_TRUE(host);
    ASSERT_TRUE(host->load(fixture_files({"l_twice.so"}), TEST_STAGE_DUMP).ok());
    const auto plugins = host->plugins();
    ASSERT_EQ(plugins.size(), 1u);
    Strings hooks = plugins[0].hooks;
    std::sort(hooks.begin(), hooks.end());  // record order in the file is the compiler's, not a property of Tenon
    EXPECT_EQ(hooks, (Strings{"lifecycle_notify_again", "test_notify"}));
    host->finish(TEST_STAGE_DUMP, 0);
}

TEST(SharedFunction, MetadataListsBothRegistrations) {
    const auto metadata = tenon::read_plugin_metadata(tenon_test::fixture("l_twice.so"));
    ASSERT_TRUE(metadata) << metadata.error().message;
    Strings described;
    for (const auto &hook : metadata->hooks) {
        described.push_back(hook.name + " " + hook.signature + " mode " + std::to_string(hook.mode) + " priority " +
                            std::to_string(hook.priority) + " flags " + std::to_string(hook.flags));
    }
    std::sort(described.begin(), described.end());
    EXPECT_EQ(described, (Strings{"lifecycle_notify_again int(int *) mode 2 priority 1 flags 0",
                                  "test_notify int(int *) mode 2 priority 1 flags 0"}));
}

TEST(SharedFunction, HostWithoutTheSecondHookRefusesThePlugin) {
    auto host = tenon::Host::create(tenon_test::test_config());
    ASSERT_TRUE(host);
    const auto report = host->load(fixture_files({"l_twice.so"}), TEST_STAGE_DUMP);
    ASSERT_EQ(report.errors.size(), 1u);
    EXPECT_EQ(report.errors[0].code, tenon::Errc::unknown_hook);
    EXPECT_EQ(report.errors[0].message,
              tenon_test::fixture("l_twice.so").string() +
                  ": hook 'lifecycle_notify_again': expected a hook declared by interface test/2, found no such hook "
                  "(mark the implementation TENON_HOOK_OPTIONAL to allow this)");
    EXPECT_TRUE(host->plugins().empty());
}

}  // namespace
