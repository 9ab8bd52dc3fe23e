// The host API around the lifecycle: typed hook handles, call order rules
// (load, finish), plugin info, and configuration errors from Host::create.
#include "lifecycle_support.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cerrno>

namespace {

using lifecycle_test::fixture_files;
using tenon_test::fixture;
using Strings = std::vector<std::string>;

tenon::HostConfig config_with_hooks(std::vector<tenon::HookDecl> hooks) {
    tenon::HostConfig config = tenon_test::test_config();
    config.hooks = std::move(hooks);
    return config;
}

void expect_invalid_config(const tenon::Error &error, const std::string &message) {
    EXPECT_EQ(error.code, tenon::Errc::invalid_config);
    EXPECT_EQ(error.message, message);
    EXPECT_TRUE(error.file.empty());
}

TEST(HostApi, HookNotDeclaredInTheConfigIsInvalidConfig) {
    auto host = tenon::Host::create(config_with_hooks({tenon::HookDecl::of<test_claim_hook>()}));
    ASSERT_TRUE(host);
    const auto notify = host->hook<test_notify_hook>();
    ASSERT_FALSE(notify);
    expect_invalid_config(notify.error(),
                          "hook 'test_notify': expected a hook declared in the host config, found no such declaration");
    EXPECT_TRUE(host->hook<test_claim_hook>());
}

TEST(HostApi, HookDeclaredWithAnotherSignatureIsInvalidConfig) {
    auto host = tenon::Host::create(config_with_hooks({{"test_claim", "int(int)", TENON_FIRST_CLAIMER}}));
    ASSERT_TRUE(host);
    const auto claim = host->hook<test_claim_hook>();
    ASSERT_FALSE(claim);
    expect_invalid_config(claim.error(),
                          "hook 'test_claim': signature: expected 'int(int)' (as declared in the host "
                          "config), found 'int(int, int *)'");
}

TEST(HostApi, HookDeclaredWithAnotherModeIsInvalidConfig) {
    auto host = tenon::Host::create(config_with_hooks({{"test_claim", "int(int, int *)", TENON_BROADCAST}}));
    ASSERT_TRUE(host);
    const auto claim = host->hook<test_claim_hook>();
    ASSERT_FALSE(claim);
    expect_invalid_config(claim.error(), "hook 'test_claim': dispatch mode: expected broadcast, found first-claimer");
}

TEST(HostApi, SecondLoadAddsToTheLoadedPlugins) {
    tenon_test::Recorder recorder;
    auto host = tenon::Host::create(tenon_test::test_config());
    ASSERT_TRUE(host);
    recorder.attach(host.value());
    ASSERT_TRUE(host->load(fixture_files({"l_trace_a.so"}), TEST_STAGE_DUMP).ok());

    const auto second = host->load(fixture_files({"l_trace_b.so"}), TEST_STAGE_RESTORE);

    ASSERT_TRUE(second.ok()) << second.errors[0].message;
    EXPECT_EQ(second.loaded, Strings{"trace_b"});
    EXPECT_EQ(lifecycle_test::plugin_names(host.value()), (Strings{"trace_a", "trace_b"}));
    host->finish(TEST_STAGE_DUMP, 0);
    EXPECT_EQ(recorder.events(), (Strings{"trace_a: init 11", "trace_b: init 12", "trace_b: exit 11",
                                          "trace_b: result 0", "trace_a: exit 11", "trace_a: result 0"}));
}

TEST(HostApi, SecondLoadOfALoadedNameIsADuplicate) {
    tenon_test::Recorder recorder;
    auto host = tenon::Host::create(tenon_test::test_config());
    ASSERT_TRUE(host);
    recorder.attach(host.value());
    ASSERT_TRUE(host->load(fixture_files({"l_trace_a.so"}), TEST_STAGE_DUMP).ok());

    const auto second = host->load(fixture_files({"l_trace_a.so"}), TEST_STAGE_RESTORE);

    ASSERT_EQ(second.errors.size(), 1u);
    EXPECT_EQ(second.errors[0].code, tenon::Errc::duplicate_plugin);
    const std::string file = tenon_test::fixture("l_trace_a.so").string();
    EXPECT_EQ(second.errors[0].message,
              file + ": field 'name': expected a name no other plugin uses, found 'trace_a', already used by " + file);
    EXPECT_TRUE(second.loaded.empty());
    EXPECT_EQ(lifecycle_test::plugin_names(host.value()), Strings{"trace_a"});  // the first load is untouched
    EXPECT_EQ(recorder.events(), Strings{"trace_a: init 11"});
    host->finish(TEST_STAGE_DUMP, 0);
}

TEST(HostApi, FinishIsIdempotent) {
    tenon_test::Recorder recorder;
    auto host = tenon::Host::create(tenon_test::test_config());
    ASSERT_TRUE(host);
    recorder.attach(host.value());
    ASSERT_TRUE(host->load(fixture_files({"l_trace_a.so"}), TEST_STAGE_DUMP).ok());

    host->finish(TEST_STAGE_DUMP, 0);
    host->finish(TEST_STAGE_RESTORE, -5);

    EXPECT_EQ(recorder.events(), (Strings{"trace_a: init 11", "trace_a: exit 11", "trace_a: result 0"}));
    EXPECT_TRUE(host->plugins().empty());
}

TEST(HostApi, FinishWithNothingLoadedDoesNothing) {
    tenon_test::Recorder recorder;
    auto host = tenon::Host::create(tenon_test::test_config());
    ASSERT_TRUE(host);
    recorder.attach(host.value());
    host->finish(TEST_STAGE_DUMP, 0);
    EXPECT_TRUE(recorder.events().empty());
    EXPECT_TRUE(recorder.lines().empty());
}

TEST(HostApi, OneHookHandleFollowsFinishAndReload) {
    tenon_test::Recorder recorder;
    auto host = tenon::Host::create(tenon_test::test_config());
    ASSERT_TRUE(host);
    recorder.attach(host.value());
    const auto claim = host->hook<test_claim_hook>().value();  // taken before anything is loaded
    int answer = 0;
    ASSERT_TRUE(host->load(fixture_files({"l_trace_a.so"}), TEST_STAGE_DUMP).ok());
    EXPECT_EQ(claim(1, &answer), 0);
    EXPECT_EQ(answer, 100);

    host->finish(TEST_STAGE_DUMP, 0);
    EXPECT_EQ(claim.size(), 0u);
    EXPECT_EQ(claim(1, &answer), -ENOTSUP);

    const auto again = host->load(fixture_files({"l_trace_b.so"}), TEST_STAGE_RESTORE);
    ASSERT_TRUE(again.ok()) << testing::PrintToString(tenon_test::messages(again));
    EXPECT_EQ(again.loaded, Strings{"trace_b"});
    EXPECT_EQ(claim(2, &answer), 0);
    EXPECT_EQ(answer, 200);
    host->finish(TEST_STAGE_RESTORE, 0);
    EXPECT_EQ(recorder.events(), (Strings{"trace_a: init 11", "trace_a: exit 11", "trace_a: result 0",
                                          "trace_b: init 12", "trace_b: exit 12", "trace_b: result 0"}));
}

TEST(HostApi, PluginsDescribesEachLoadedPlugin) {
    auto host = tenon::Host::create(tenon_test::test_config());
    ASSERT_TRUE(host);
    ASSERT_TRUE(host->load(fixture_files({"l_trace_a.so", "l_claim.so"}), TEST_STAGE_DUMP).ok());
    const auto plugins = host->plugins();
    ASSERT_EQ(plugins.size(), 2u);
    EXPECT_EQ(plugins[0].name, "trace_a");
    EXPECT_EQ(plugins[0].version, "1.0.0");
    EXPECT_EQ(plugins[0].description, "Traces its init and exit");
    EXPECT_EQ(plugins[0].interface_id, "test/2");
    EXPECT_EQ(plugins[0].file, fixture("l_trace_a.so"));
    Strings hooks = plugins[0].hooks;
    std::sort(hooks.begin(), hooks.end());  // record order in the file is the compiler's choice
    EXPECT_EQ(hooks, (Strings{"test_claim", "test_notify"}));
    EXPECT_EQ(plugins[1].name, "claim");
    EXPECT_EQ(plugins[1].hooks, Strings{"test_claim"});
    host->finish(TEST_STAGE_DUMP, 0);
}

TEST(HostConfigErrors, DuplicateHookName) {
    auto config = tenon_test::test_config();
    config.hooks.push_back(tenon::HookDecl::of<test_claim_hook>());
    const auto host = tenon::Host::create(config);
    ASSERT_FALSE(host);
    expect_invalid_config(host.error(), "host config: hook 'test_claim': expected to be declared once, found twice");
}

TEST(HostConfigErrors, BadInterfaceName) {
    auto config = tenon_test::test_config();
    config.interface_name = "test/2";
    const auto host = tenon::Host::create(config);
    ASSERT_FALSE(host);
    expect_invalid_config(host.error(),
                          "host config: field 'interface_name': expected a non-empty name of letters, "
                          "digits and ._+-, found 'test/2'");
}

TEST(HostConfigErrors, EmptyInterfaceName) {
    auto config = tenon_test::test_config();
    config.interface_name = "";
    const auto host = tenon::Host::create(config);
    ASSERT_FALSE(host);
    expect_invalid_config(host.error(),
                          "host config: field 'interface_name': expected a non-empty name of letters, "
                          "digits and ._+-, found ''");
}

TEST(HostConfigErrors, MinimumVersionAboveVersion) {
    auto config = tenon_test::test_config();
    config.min_interface_version = 3;
    const auto host = tenon::Host::create(config);
    ASSERT_FALSE(host);
    expect_invalid_config(host.error(),
                          "host config: field 'min_interface_version': expected between 1 and 2, found 3");
}

TEST(HostConfigErrors, BadHookName) {
    const auto host = tenon::Host::create(config_with_hooks({{"test claim", "int(int, int *)", TENON_FIRST_CLAIMER}}));
    ASSERT_FALSE(host);
    expect_invalid_config(host.error(),
                          "host config: hook name: expected a non-empty name of letters, digits and "
                          "._+-, found 'test claim'");
}

TEST(HostConfigErrors, UnknownDispatchMode) {
    const auto host = tenon::Host::create(config_with_hooks({{"test_claim", "int(int, int *)", TENON_NOTIFY}}));
    ASSERT_FALSE(host);
    expect_invalid_config(host.error(),
                          "host config: hook 'test_claim': dispatch mode: expected first-claimer (1), broadcast (2) "
                          "or parallel (3), found 4");
}

TEST(HostConfigErrors, EmptySignature) {
    const auto host = tenon::Host::create(config_with_hooks({{"test_claim", "", TENON_FIRST_CLAIMER}}));
    ASSERT_FALSE(host);
    expect_invalid_config(host.error(),
                          "host config: hook 'test_claim': signature: expected e.g. 'int(int)', found ''");
}

}  // namespace
