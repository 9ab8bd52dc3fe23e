// Host::check: phase 1 of a load and nothing after it. The verdicts and
// messages are the load's; nothing is mapped, so no plugin code runs.
#include "validation_support.hpp"

#include <gtest/gtest.h>

namespace {

using validation::make_host;
using validation::only_directory;
using validation::ScopedEnv;

TEST(Check, JudgesEveryFileAsALoadWouldAndRunsNothing) {
    tenon_test::TempDir plugins;
    tenon_test::TempDir scratch;
    plugins.add_fixture("v_constructor_valid.so", "a.so");
    const auto refused = plugins.add_fixture("v_interface_other.so", "b.so");
    plugins.add_fixture("v_unresolved_symbol.so", "c.so");
    const auto trace = scratch.path() / "constructor.trace";
    const ScopedEnv env("TENON_TEST_CONSTRUCTOR_TRACE", trace.string());
    tenon_test::Recorder recorder;
    tenon::Host host = make_host(recorder);  // strict: a check still judges each file on its own

    const tenon::CheckReport report = host.check(only_directory(plugins.path()));

    std::vector<std::string> messages;
    for (const auto &error : report.errors) {
        messages.push_back(error.message);
    }
    EXPECT_EQ(messages, std::vector<std::string>{refused.string() +
                                                 ": field 'interface' name: expected 'test', found 'other' (from "
                                                 "'other/1')"});
    // The missing symbol is for dlopen to find: a check does not map.
    std::vector<std::string> accepted;
    for (const tenon::CheckedPlugin &plugin : report.would_load) {
        accepted.push_back(plugin.name + " " + plugin.version + " " + plugin.file.filename().string());
    }
    EXPECT_EQ(accepted, (std::vector<std::string>{"v-constructor-valid 1.0.0 a.so", "v-unresolved-symbol 1.0.0 c.so"}));
    EXPECT_FALSE(std::filesystem::exists(trace));  // no constructor ran
    EXPECT_TRUE(host.plugins().empty());

    // Nothing is left held: the same files load afterwards.
    tenon::PluginSources one;
    one.files = {plugins.path() / "a.so"};
    EXPECT_EQ(tenon_test::messages(host.load(one, TEST_STAGE_DUMP)), std::vector<std::string>{});
    EXPECT_EQ(validation::read_bytes(trace), "v-constructor-valid: constructor ran\n");
}

TEST(Check, APluginAlreadyLoadedKeepsItsName) {
    tenon_test::TempDir plugins;
    const auto file = plugins.add_fixture("v_good_c.so", "a.so");
    tenon_test::Recorder recorder;
    tenon::Host host = make_host(recorder);
    tenon::PluginSources one;
    one.files = {file};
    ASSERT_EQ(tenon_test::messages(host.load(one, TEST_STAGE_DUMP)), std::vector<std::string>{});
    tenon_test::TempDir others;
    const auto again = others.add_fixture("v_good_c.so", "again.so");
    tenon::PluginSources second;
    second.files = {again};
    const tenon::CheckReport report = host.check(second);
    ASSERT_EQ(report.errors.size(), 1u);
    EXPECT_EQ(report.errors[0].code, tenon::Errc::duplicate_plugin);
    EXPECT_EQ(report.errors[0].message, again.string() +
                                            ": field 'name': expected a name no other plugin uses, found 'v-good-c', "
                                            "already used by " +
                                            file.string());
    EXPECT_TRUE(report.would_load.empty());
}

}  // namespace
