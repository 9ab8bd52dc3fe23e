// Init and exit: order, the stage and result exit receives, and what a failing
// init does to the rest of a load in strict and in lenient mode.
#include "lifecycle_support.hpp"
#include "test_hooks.h"

#include <gtest/gtest.h>

#include <cerrno>
#include <string>
#include <vector>

namespace {

using lifecycle_test::Answers;
using lifecycle_test::answers;
using lifecycle_test::fixture_files;
using lifecycle_test::plugin_names;
using tenon_test::fixture;
using Strings = std::vector<std::string>;

std::string init_failed_message(const std::string &fixture_name, const std::string &plugin) {
    return fixture(fixture_name).string() + ": plugin '" + plugin +
           "': init(stage 11): expected 0, found -22 (Invalid argument)";
}

// HostConfig::log_load_errors off: each error is told once, in the report;
// the log has it at debug level only.
TEST(Lifecycle, LoadErrorsAreOnlyReturnedWhenTheHostPrintsItsReports) {
    for (const tenon::LoadMode mode : {tenon::LoadMode::strict, tenon::LoadMode::lenient}) {
        tenon_test::Recorder recorder;
        tenon::HostConfig config = tenon_test::test_config(mode);
        config.log_load_errors = false;
        auto host = tenon::Host::create(config);
        ASSERT_TRUE(host);
        recorder.attach(host.value());
        host->set_log_level(tenon::LogLevel::info);
        const auto report = host->load(fixture_files({"l_trace_a.so", "l_init_fails.so"}), TEST_STAGE_DUMP);
        EXPECT_EQ(tenon_test::messages(report), Strings{init_failed_message("l_init_fails.so", "init_fails")});
        EXPECT_EQ(recorder.lines(), Strings{});
        host->finish(TEST_STAGE_DUMP, 0);
    }
    tenon_test::Recorder recorder;
    tenon::HostConfig config = tenon_test::test_config();
    config.log_load_errors = false;
    auto host = tenon::Host::create(config);
    ASSERT_TRUE(host);
    recorder.attach(host.value());
    host->set_log_level(tenon::LogLevel::debug);
    (void)host->load(fixture_files({"l_init_fails.so"}), TEST_STAGE_DUMP);
    EXPECT_TRUE(recorder.has_line("[tenon] debug: " + init_failed_message("l_init_fails.so", "init_fails")));
}

TEST(Lifecycle, StrictInitFailureExitsEarlierPluginsAndLoadsNothing) {
    tenon_test::Recorder recorder;
    auto host = tenon::Host::create(tenon_test::test_config(tenon::LoadMode::strict));
    ASSERT_TRUE(host);
    recorder.attach(host.value());
    host->set_log_level(tenon::LogLevel::info);  // only the failure, not the loader's debug notes

    const auto report = host->load(fixture_files({"l_trace_a.so", "l_init_fails.so", "l_trace_c.so"}), TEST_STAGE_DUMP);

    ASSERT_EQ(report.errors.size(), 1u);
    EXPECT_EQ(report.errors[0].code, tenon::Errc::init_failed);
    EXPECT_EQ(report.errors[0].message, init_failed_message("l_init_fails.so", "init_fails"));
    EXPECT_EQ(report.errors[0].file, fixture("l_init_fails.so"));
    EXPECT_TRUE(report.loaded.empty());
    // trace_a is undone with the failing result; init_fails gets no exit; trace_c never starts.
    EXPECT_EQ(recorder.events(),
              (Strings{"trace_a: init 11", "init_fails: init 11", "trace_a: exit 11", "trace_a: result -22"}));
    EXPECT_EQ(recorder.lines(), Strings{"[tenon] error: " + init_failed_message("l_init_fails.so", "init_fails")});
    EXPECT_TRUE(host->plugins().empty());

    const auto claim = host->hook<test_claim_hook>().value();
    const auto notify = host->hook<test_notify_hook>().value();
    int answer = 0;
    EXPECT_EQ(claim(1, &answer), -ENOTSUP);  // trace_a would claim key 1 were it still chained
    EXPECT_EQ(answer, 0);
    EXPECT_EQ(claim.size(), 0u);
    int counter = 0;
    EXPECT_EQ(notify(&counter), 0);
    EXPECT_EQ(counter, 0);
    EXPECT_EQ(notify.size(), 0u);
}

TEST(Lifecycle, LenientInitFailureSkipsOnlyThatPlugin) {
    tenon_test::Recorder recorder;
    auto host = tenon::Host::create(tenon_test::test_config(tenon::LoadMode::lenient));
    ASSERT_TRUE(host);
    recorder.attach(host.value());
    host->set_log_level(tenon::LogLevel::info);

    const auto report = host->load(fixture_files({"l_trace_a.so", "l_init_fails.so", "l_trace_c.so"}), TEST_STAGE_DUMP);

    ASSERT_EQ(report.errors.size(), 1u);
    EXPECT_EQ(report.errors[0].code, tenon::Errc::init_failed);
    EXPECT_EQ(report.errors[0].message, init_failed_message("l_init_fails.so", "init_fails"));
    EXPECT_EQ(report.loaded, (Strings{"trace_a", "trace_c"}));
    EXPECT_EQ(plugin_names(host.value()), (Strings{"trace_a", "trace_c"}));
    EXPECT_EQ(recorder.lines(), Strings{"[tenon] warn: " + init_failed_message("l_init_fails.so", "init_fails")});

    const auto claim = host->hook<test_claim_hook>().value();
    int answer = 0;
    EXPECT_EQ(claim(1, &answer), 0);
    EXPECT_EQ(answer, 100);
    EXPECT_EQ(claim(3, &answer), 0);
    EXPECT_EQ(answer, 300);
    EXPECT_EQ(claim(2, &answer), -ENOTSUP);  // key 2 belongs to the skipped plugin
    const auto notify = host->hook<test_notify_hook>().value();
    int counter = 0;
    EXPECT_EQ(notify(&counter), 0);
    EXPECT_EQ(counter, 2);
    EXPECT_EQ(answers(notify.collect(&counter)), (Answers{{"trace_a", 0}, {"trace_c", 0}}));

    host->finish(TEST_STAGE_DUMP, 0);
    EXPECT_EQ(recorder.events(),
              (Strings{"trace_a: init 11", "init_fails: init 11", "trace_c: init 11", "trace_c: exit 11",
                       "trace_c: result 0", "trace_a: exit 11", "trace_a: result 0"}));
}

TEST(Lifecycle, ExitReceivesTheStageAndResultGivenToFinish) {
    tenon_test::Recorder recorder;
    auto host = tenon::Host::create(tenon_test::test_config());
    ASSERT_TRUE(host);
    recorder.attach(host.value());
    ASSERT_TRUE(host->load(fixture_files({"l_trace_a.so"}), TEST_STAGE_DUMP).ok());

    host->finish(TEST_STAGE_RESTORE, -5);

    EXPECT_EQ(recorder.events(), (Strings{"trace_a: init 11", "trace_a: exit 12", "trace_a: result -5"}));
    EXPECT_TRUE(host->plugins().empty());
}

TEST(Lifecycle, ExitRunsInReverseLoadOrder) {
    tenon_test::Recorder recorder;
    auto host = tenon::Host::create(tenon_test::test_config());
    ASSERT_TRUE(host);
    recorder.attach(host.value());
    const auto report = host->load(fixture_files({"l_trace_a.so", "l_trace_b.so", "l_trace_c.so"}), TEST_STAGE_DUMP);
    ASSERT_TRUE(report.ok()) << testing::PrintToString(tenon_test::messages(report));
    EXPECT_EQ(report.loaded, (Strings{"trace_a", "trace_b", "trace_c"}));

    host->finish(TEST_STAGE_DUMP, 0);

    EXPECT_EQ(recorder.events(), (Strings{"trace_a: init 11", "trace_b: init 11", "trace_c: init 11",
                                          "trace_c: exit 11", "trace_c: result 0", "trace_b: exit 11",
                                          "trace_b: result 0", "trace_a: exit 11", "trace_a: result 0"}));
}

TEST(Lifecycle, DirectoryLoadsInByteOrderOfFileName) {
    // Renamed copies: byte order puts "C.so" before "a.so" before "b.so", whatever the plugins are called.
    tenon_test::TempDir dir;
    dir.add_fixture("l_trace_a.so", "b.so");
    dir.add_fixture("l_trace_b.so", "a.so");
    dir.add_fixture("l_trace_c.so", "C.so");
    tenon_test::Recorder recorder;
    auto host = tenon::Host::create(tenon_test::test_config());
    ASSERT_TRUE(host);
    recorder.attach(host.value());
    tenon::PluginSources sources;
    sources.directories = {dir.path()};

    const auto report = host->load(sources, TEST_STAGE_DUMP);

    ASSERT_TRUE(report.ok()) << testing::PrintToString(tenon_test::messages(report));
    EXPECT_EQ(report.loaded, (Strings{"trace_c", "trace_b", "trace_a"}));
    EXPECT_EQ(recorder.events(), (Strings{"trace_c: init 11", "trace_b: init 11", "trace_a: init 11"}));
    EXPECT_EQ(host->plugins()[0].file, dir.path() / "C.so");
    host->finish(TEST_STAGE_DUMP, 0);
}

TEST(Lifecycle, DestroyingTheHostWithoutFinishAbandonsEveryPlugin) {
    tenon_test::Recorder recorder;  // outlives the host, which logs while it is destroyed
    {
        auto host = tenon::Host::create(tenon_test::test_config());
        ASSERT_TRUE(host);
        recorder.attach(host.value());
        host->set_log_level(tenon::LogLevel::info);
        ASSERT_TRUE(host->load(fixture_files({"l_trace_a.so", "l_trace_b.so"}), TEST_STAGE_DUMP).ok());
    }
    EXPECT_EQ(recorder.lines(),
              Strings{"[tenon] warn: host destroyed without finish(); running exit(11, -125 (Operation canceled)) "
                      "for every plugin"});
    static_assert(TENON_RESULT_ABANDONED == -125, "the expected text spells Linux's ECANCELED");
    EXPECT_EQ(recorder.events(), (Strings{"trace_a: init 11", "trace_b: init 11", "trace_b: exit 11",
                                          "trace_b: result -125", "trace_a: exit 11", "trace_a: result -125"}));
}

TEST(Lifecycle, DestroyingAFinishedHostRunsNoExitAndLogsNothing) {
    tenon_test::Recorder recorder;
    {
        auto host = tenon::Host::create(tenon_test::test_config());
        ASSERT_TRUE(host);
        recorder.attach(host.value());
        host->set_log_level(tenon::LogLevel::info);
        ASSERT_TRUE(host->load(fixture_files({"l_trace_a.so"}), TEST_STAGE_DUMP).ok());
        host->finish(TEST_STAGE_DUMP, 0);
    }
    EXPECT_TRUE(recorder.lines().empty());
    EXPECT_EQ(recorder.events(), (Strings{"trace_a: init 11", "trace_a: exit 11", "trace_a: result 0"}));
}

TEST(Lifecycle, HookHandlesStayValidWhenTheHostIsMoved) {
    tenon_test::Recorder recorder;
    auto created = tenon::Host::create(tenon_test::test_config());
    ASSERT_TRUE(created);
    recorder.attach(created.value());
    ASSERT_TRUE(created->load(fixture_files({"l_trace_a.so"}), TEST_STAGE_DUMP).ok());
    const auto claim = created->hook<test_claim_hook>().value();

    tenon::Host host(std::move(created.value()));

    int answer = 0;
    EXPECT_EQ(claim(1, &answer), 0);
    EXPECT_EQ(answer, 100);
    EXPECT_EQ(plugin_names(host), Strings{"trace_a"});
    host.finish(TEST_STAGE_RESTORE, 0);
    EXPECT_EQ(recorder.events(), (Strings{"trace_a: init 11", "trace_a: exit 12", "trace_a: result 0"}));
}

TEST(Lifecycle, MoveAssigningOverALoadedHostAbandonsItsPlugins) {
    tenon_test::Recorder recorder;
    auto host = tenon::Host::create(tenon_test::test_config());
    auto replacement = tenon::Host::create(tenon_test::test_config());
    ASSERT_TRUE(host);
    ASSERT_TRUE(replacement);
    recorder.attach(host.value());
    ASSERT_TRUE(host->load(fixture_files({"l_trace_a.so"}), TEST_STAGE_DUMP).ok());

    host.value() = std::move(replacement.value());

    EXPECT_EQ(recorder.events(), (Strings{"trace_a: init 11", "trace_a: exit 11", "trace_a: result -125"}));
    EXPECT_TRUE(
        recorder.has_line("[tenon] warn: host replaced by move assignment without finish(); running exit(11, "
                          "-125 (Operation canceled)) for every plugin"));
    EXPECT_TRUE(host->plugins().empty());
}

}  // namespace
