// The boundary between validation and execution: a refused plugin's code
// never runs, and what only the dynamic loader can detect is still reported.
#include "validation_support.hpp"

#include <gtest/gtest.h>

namespace {

using tenon::Errc;
using validation::make_host;
using validation::only_directory;
using validation::only_error;
using validation::only_file;
using validation::read_bytes;
using validation::ScopedEnv;

// Read by fixtures/constructor_trace.h.
constexpr const char *constructor_trace_variable = "TENON_TEST_CONSTRUCTOR_TRACE";

TEST(Dlopen, UnresolvedSymbolIsRefusedWithTheLoaderMessage) {
    const auto file = tenon_test::fixture("v_unresolved_symbol.so");
    tenon_test::Recorder recorder;
    tenon::Host host = make_host(recorder);
    const auto report = host.load(only_file(file), TEST_STAGE_DUMP);
    ASSERT_TRUE(only_error(report, Errc::dlopen_failed,
                           file.string() + ": dlopen failed: undefined symbol: v_nobody_defines_this"));
    EXPECT_EQ(report.errors[0].file, file);
    EXPECT_TRUE(host.plugins().empty());
}

TEST(Dlopen, UnresolvedSymbolInStrictModeLeavesNothingLoaded) {
    tenon_test::TempDir dir;
    dir.add_fixture("v_good_c.so", "a.so");
    const auto bad = dir.add_fixture("v_unresolved_symbol.so", "b.so");
    tenon_test::Recorder recorder;
    tenon::Host host = make_host(recorder);
    const auto report = host.load(only_directory(dir.path()), TEST_STAGE_DUMP);
    EXPECT_EQ(tenon_test::messages(report),
              std::vector<std::string>{bad.string() + ": dlopen failed: undefined symbol: v_nobody_defines_this"});
    EXPECT_TRUE(host.plugins().empty());
    EXPECT_TRUE(report.loaded.empty());
    EXPECT_TRUE(recorder.events().empty());  // a.so was mapped, but its init never ran
}

TEST(Dlopen, ConstructorOfARejectedPluginNeverRuns) {
    tenon_test::TempDir dir;
    const auto trace = dir.path() / "constructor.trace";
    const ScopedEnv env(constructor_trace_variable, trace.string());
    tenon_test::Recorder recorder;
    tenon::Host host = make_host(recorder);
    const auto report = host.load(only_file(tenon_test::fixture("v_constructor_rejected.so")), TEST_STAGE_DUMP);
    ASSERT_EQ(report.errors.size(), 1u);
    EXPECT_EQ(report.errors[0].code, Errc::interface_mismatch);
    EXPECT_FALSE(std::filesystem::exists(trace));
}

// Positive control: the same constructor does leave its trace once the plugin is accepted.
TEST(Dlopen, ConstructorOfAnAcceptedPluginRuns) {
    tenon_test::TempDir dir;
    const auto trace = dir.path() / "constructor.trace";
    const ScopedEnv env(constructor_trace_variable, trace.string());
    tenon_test::Recorder recorder;
    tenon::Host host = make_host(recorder);
    const auto report = host.load(only_file(tenon_test::fixture("v_constructor_valid.so")), TEST_STAGE_DUMP);
    EXPECT_TRUE(report.errors.empty()) << testing::PrintToString(tenon_test::messages(report));
    EXPECT_EQ(read_bytes(trace), "v-constructor-valid: constructor ran\n");
}

// Strict mode validates every file before mapping any: a bad neighbour keeps valid code from running at all.
TEST(Dlopen, StrictModeRunsNoConstructorWhenAnotherFileIsBad) {
    tenon_test::TempDir plugins;
    tenon_test::TempDir scratch;
    plugins.add_fixture("v_constructor_valid.so", "a.so");
    plugins.add_fixture("v_bad_magic.so", "b.so");
    const auto trace = scratch.path() / "constructor.trace";
    const ScopedEnv env(constructor_trace_variable, trace.string());
    tenon_test::Recorder recorder;
    tenon::Host host = make_host(recorder);
    const auto report = host.load(only_directory(plugins.path()), TEST_STAGE_DUMP);
    ASSERT_EQ(report.errors.size(), 1u);
    EXPECT_EQ(report.errors[0].code, Errc::bad_magic);
    EXPECT_TRUE(host.plugins().empty());
    EXPECT_FALSE(std::filesystem::exists(trace));
}

}  // namespace
