// A well-formed plugin judged against this host: interface, hooks, names.
#include "validation_support.hpp"

#include <gtest/gtest.h>

namespace {

using tenon::Errc;
using validation::make_host;
using validation::only_directory;
using validation::only_error;
using validation::only_file;
using validation::plugin_names;

// Loads one fixture into a fresh host built on `config`; returns the report, checks nothing was loaded.
// The caller checks the one expected error with only_error().
tenon::LoadReport refused(const std::filesystem::path &file, tenon::HostConfig config = tenon_test::test_config()) {
    tenon_test::Recorder recorder;
    tenon::Host host = make_host(recorder, std::move(config));
    tenon::LoadReport report = host.load(only_file(file), TEST_STAGE_DUMP);
    EXPECT_TRUE(host.plugins().empty());
    return report;
}

TEST(Compatibility, OtherInterfaceNameIsRefused) {
    const auto file = tenon_test::fixture("v_interface_other.so");
    const auto report = refused(file);
    ASSERT_TRUE(
        only_error(report, Errc::interface_mismatch,
                   file.string() + ": field 'interface' name: expected 'test', found 'other' (from 'other/1')"));
    EXPECT_EQ(report.errors[0].file, file);
}

TEST(Compatibility, NewerInterfaceVersionIsRefused) {
    const auto file = tenon_test::fixture("v_interface_newer.so");
    EXPECT_TRUE(only_error(
        refused(file), Errc::interface_too_new,
        file.string() + ": field 'interface' version: expected at most 2 (this host speaks test/2), found 3"));
}

TEST(Compatibility, InterfaceVersionBelowTheHostMinimumIsRefused) {
    tenon::HostConfig config = tenon_test::test_config();
    config.min_interface_version = 2;
    const auto file = tenon_test::fixture("v_interface_older.so");
    EXPECT_TRUE(only_error(refused(file, config), Errc::interface_too_old,
                           file.string() +
                               ": field 'interface' version: expected at least 2 (the oldest this host still "
                               "accepts), found 1"));
}

TEST(Compatibility, OlderInterfaceVersionWithinTheHostRangeLoads) {
    tenon_test::Recorder recorder;
    tenon::Host host = make_host(recorder);
    const auto report = host.load(only_file(tenon_test::fixture("v_interface_older.so")), TEST_STAGE_DUMP);
    EXPECT_TRUE(report.errors.empty()) << testing::PrintToString(tenon_test::messages(report));
    EXPECT_EQ(plugin_names(host), std::vector<std::string>{"v-interface-older"});
}

TEST(Compatibility, HookCompiledAgainstAnotherSignatureIsRefused) {
    const auto file = tenon_test::fixture("v_signature_mismatch.so");
    EXPECT_TRUE(only_error(
        refused(file), Errc::signature_mismatch,
        file.string() + ": hook 'test_claim': signature: expected 'int(int, int *)', found 'int(long, long *)'"));
}

TEST(Compatibility, HookCompiledAgainstAnotherDispatchModeIsRefused) {
    const auto file = tenon_test::fixture("v_mode_mismatch.so");
    EXPECT_TRUE(
        only_error(refused(file), Errc::dispatch_mode_mismatch,
                   file.string() + ": hook 'test_notify': dispatch mode: expected broadcast, found first-claimer"));
}

TEST(Compatibility, UnknownHookIsRefused) {
    const auto file = tenon_test::fixture("v_unknown_hook.so");
    EXPECT_TRUE(only_error(refused(file), Errc::unknown_hook,
                           file.string() +
                               ": hook 'v_unknown': expected a hook declared by interface test/2, found no such "
                               "hook (mark the implementation TENON_HOOK_OPTIONAL to allow this)"));
}

TEST(Compatibility, OptionalUnknownHookIsSkippedWithDebugLine) {
    const auto file = tenon_test::fixture("v_optional_hook.so");
    tenon_test::Recorder recorder;
    tenon::Host host = make_host(recorder);
    const auto report = host.load(only_file(file), TEST_STAGE_DUMP);
    EXPECT_TRUE(report.errors.empty()) << testing::PrintToString(tenon_test::messages(report));
    const auto plugins = host.plugins();
    ASSERT_EQ(plugins.size(), 1u);
    EXPECT_EQ(plugins[0].name, "v-optional-hook");
    EXPECT_EQ(plugins[0].hooks, std::vector<std::string>{"test_claim"});
    EXPECT_TRUE(recorder.has_line("[tenon] debug: " + file.string() +
                                  ": hook 'v_optional_extra' is optional and this host does not declare it; skipped"))
        << testing::PrintToString(recorder.lines());
    const auto claim = host.hook<test_claim_hook>().value();
    int answer = 0;
    EXPECT_EQ(claim(5, &answer), 0);
    EXPECT_EQ(answer, 500);
}

TEST(Compatibility, DuplicatePluginNameIsRefusedNamingBothFiles) {
    tenon_test::TempDir dir;
    const auto first = dir.add_fixture("v_duplicate_first.so", "a.so");
    const auto second = dir.add_fixture("v_duplicate_second.so", "b.so");
    tenon_test::Recorder recorder;
    tenon::Host host = make_host(recorder);
    const auto report = host.load(only_directory(dir.path()), TEST_STAGE_DUMP);
    ASSERT_TRUE(only_error(report, Errc::duplicate_plugin,
                           second.string() +
                               ": field 'name': expected a name no other plugin uses, found "
                               "'v-duplicate', already used by " +
                               first.string()));
    EXPECT_EQ(report.errors[0].file, second);
    EXPECT_TRUE(host.plugins().empty());
}

TEST(Compatibility, DuplicatePluginNameInLenientModeKeepsTheFirst) {
    tenon_test::TempDir dir;
    const auto first = dir.add_fixture("v_duplicate_first.so", "a.so");
    const auto second = dir.add_fixture("v_duplicate_second.so", "b.so");
    tenon_test::Recorder recorder;
    tenon::Host host = make_host(recorder, tenon_test::test_config(tenon::LoadMode::lenient));
    const auto report = host.load(only_directory(dir.path()), TEST_STAGE_DUMP);
    ASSERT_EQ(report.errors.size(), 1u);
    EXPECT_EQ(report.errors[0].code, Errc::duplicate_plugin);
    const auto plugins = host.plugins();
    ASSERT_EQ(plugins.size(), 1u);
    EXPECT_EQ(plugins[0].file, first);
    EXPECT_EQ(plugins[0].version, "1.0.0");
}

}  // namespace
