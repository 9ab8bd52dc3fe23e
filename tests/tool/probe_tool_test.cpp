// `tenon check --probe`: each accepted plugin's init and exit run in a child
// process; a crash, a hang, a failing init or exit, and a plugin whose
// requirement failed are each reported under the plugin, the tool survives
// them all, and what the plugins wrote is captured, not passed through.
#include "test_support.hpp"
#include "tool_support.hpp"

#include <tenon/interface.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <fstream>

namespace {

using namespace tool_test;

class Probe : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_EQ(setenv("TENON_TEST_PROBE_TRACE", trace().c_str(), 1), 0);
        std::ofstream(interface()) << tenon::interface_json(tenon_test::test_config());
    }
    void TearDown() override { unsetenv("TENON_TEST_PROBE_TRACE"); }

    fs::path interface() const { return scratch_.path() / "host.json"; }
    fs::path trace() const { return scratch_.path() / "probe-trace"; }
    std::string traced() const { return fs::exists(trace()) ? read_file(trace()) : ""; }
    Outcome check(const std::vector<std::string> &extra) const {
        std::vector<std::string> args{"check", "--interface", interface().string(), "--probe"};
        args.insert(args.end(), extra.begin(), extra.end());
        args.push_back(plugins_.path().string());
        return run_tenon(scratch_.path(), args);
    }
    fs::path add(const std::string &fixture, const std::string &as) const {
        return plugins_.add_fixture(fixture + ".so", as);
    }
    // A directory of one plugin, a.so, which fails its probe.
    fs::path one() const { return plugins_.path() / "a.so"; }
    Outcome check_one(const std::string &fixture, const std::vector<std::string> &extra) const {
        add(fixture, "a.so");
        return check(extra);
    }
    std::string one_failed(const std::string &name, const std::string &why) const;

    tenon_test::TempDir scratch_;
    tenon_test::TempDir plugins_;
};

std::string accepted(const fs::path &file, const std::string &name, int position) {
    return "accepted " + file.string() + ": " + name + " 1.0.0 (load position " + std::to_string(position) + ")\n";
}

std::string plugin_output(const std::string &name) {
    return "         | " + name + ": init on stdout\n" + "         | " + name + ": init on stderr\n";
}

std::string Probe::one_failed(const std::string &name, const std::string &why) const {
    return accepted(one(), name, 1) + "         probe failed: " + why + "\n" + plugin_output(name) +
           "1 accepted, 0 refused; probes: 0 passed, 1 failed\n";
}

TEST_F(Probe, AGoodPluginPassesAndItsInitAndExitRanWithTheStage) {
    const auto good = add("t_probe_good", "a.so");
    const Outcome outcome = check({"--stage", "7"});
    EXPECT_EQ(outcome.status, 0);
    EXPECT_EQ(outcome.err, "");  // what the plugin wrote stays in the child
    EXPECT_EQ(outcome.out, accepted(good, "probe-good", 1) +
                               "         probe passed: init(stage 7) returned 0 and exit(stage 7, 0) returned\n" +
                               "1 accepted, 0 refused; probes: 1 passed, 0 failed\n");
    EXPECT_EQ(traced(), "probe-good init 7\nprobe-good exit 7\n");
}

TEST_F(Probe, ACrashInInitIsReportedWithItsSignalAndTheToolGoesOn) {
    const auto crash = add("t_probe_crash_init", "a.so");
    const auto good = add("t_probe_good", "b.so");
    const Outcome outcome = check({});
    EXPECT_EQ(outcome.status, 1);
    EXPECT_EQ(outcome.err, "");
    EXPECT_EQ(outcome.out, accepted(crash, "probe-crash-init", 1) +
                               "         probe failed: killed by signal 11 (SIGSEGV) while loading "
                               "'probe-crash-init' (its constructors and init(stage 0))\n" +
                               plugin_output("probe-crash-init") + accepted(good, "probe-good", 2) +
                               "         probe passed: init(stage 0) returned 0 and exit(stage 0, 0) returned\n" +
                               "2 accepted, 0 refused; probes: 1 passed, 1 failed\n");
    EXPECT_EQ(traced(), "probe-crash-init init 0\nprobe-good init 0\nprobe-good exit 0\n");
}

TEST_F(Probe, AHangInInitIsKilledAndReportedAfterTheTimeout) {
    const Outcome outcome = check_one("t_probe_hang_init", {"--timeout", "1"});
    EXPECT_EQ(outcome.status, 1);
    EXPECT_EQ(outcome.out, one_failed("probe-hang-init",
                                      "no answer within 1 s while loading 'probe-hang-init' (its constructors and "
                                      "init(stage 0)); killed"));
    EXPECT_EQ(traced(), "probe-hang-init init 0\n");
}

TEST_F(Probe, AFailingInitGivesTheLoadersMessage) {
    const Outcome outcome = check_one("t_probe_fail_init", {"--stage", "2"});
    EXPECT_EQ(outcome.status, 1);
    EXPECT_EQ(outcome.out,
              one_failed("probe-fail-init", one().string() + ": plugin 'probe-fail-init': init(stage 2): expected 0, "
                                                             "found -5 (Input/output error) [init_failed]"));
    EXPECT_EQ(traced(), "probe-fail-init init 2\n");  // a failed init gets no exit
}

TEST_F(Probe, ACrashInExitIsReportedAsSuch) {
    const Outcome outcome = check_one("t_probe_crash_exit", {});
    EXPECT_EQ(outcome.status, 1);
    EXPECT_EQ(outcome.out,
              one_failed("probe-crash-exit", "killed by signal 6 (SIGABRT) in exit(stage 0, 0) of 'probe-crash-exit'"));
    EXPECT_EQ(traced(), "probe-crash-exit init 0\nprobe-crash-exit exit 0\n");
}

TEST_F(Probe, APluginRunsAfterWhatItRequiresAndNotAtAllWhenThatFailed) {
    const auto needs_good = add("t_probe_needs_good", "a.so");
    const auto needs_crash = add("t_probe_needs_crash", "b.so");
    const auto crash = add("t_probe_crash_init", "c.so");
    const auto good = add("t_probe_good", "d.so");
    const Outcome outcome = check({});
    EXPECT_EQ(outcome.status, 1);
    // Verdicts by file name; probes in load order: c, then b not at all, d, and a after d.
    EXPECT_EQ(outcome.out,
              accepted(needs_good, "probe-needs-good", 4) +
                  "         probe passed: init(stage 0) returned 0 and exit(stage 0, 0) returned, after the 1 "
                  "plugin(s) it requires\n" +
                  accepted(needs_crash, "probe-needs-crash", 2) +
                  "         probe failed: not run: it requires 'probe-crash-init', whose probe failed\n" +
                  accepted(crash, "probe-crash-init", 1) +
                  "         probe failed: killed by signal 11 (SIGSEGV) while loading 'probe-crash-init' (its "
                  "constructors and init(stage 0))\n" +
                  plugin_output("probe-crash-init") + accepted(good, "probe-good", 3) +
                  "         probe passed: init(stage 0) returned 0 and exit(stage 0, 0) returned\n" +
                  "4 accepted, 0 refused; probes: 2 passed, 2 failed\n");
    EXPECT_EQ(traced(),
              "probe-crash-init init 0\n"
              "probe-good init 0\nprobe-good exit 0\n"
              "probe-good init 0\nprobe-needs-good init 0\nprobe-needs-good exit 0\nprobe-good exit 0\n");
}

TEST_F(Probe, JsonCarriesEachProbe) {
    add("t_probe_good", "a.so");
    const auto fail = add("t_probe_fail_init", "b.so");
    const Outcome outcome = check({"--json"});
    EXPECT_EQ(outcome.status, 1);
    const auto document = nlohmann::ordered_json::parse(outcome.out);
    EXPECT_EQ(document["plugins"][0]["probe"],
              (nlohmann::ordered_json{{"passed", true},
                                      {"result", "init(stage 0) returned 0 and exit(stage 0, 0) returned"},
                                      {"output", nlohmann::ordered_json::array()}}));
    EXPECT_EQ(
        document["plugins"][1]["probe"],
        (nlohmann::ordered_json{
            {"passed", false},
            {"result",
             fail.string() +
                 ": plugin 'probe-fail-init': init(stage 0): expected 0, found -5 (Input/output error) [init_failed]"},
            {"output", {"probe-fail-init: init on stdout", "probe-fail-init: init on stderr"}}}));
    EXPECT_EQ(document["probes"], (nlohmann::ordered_json{{"passed", 1}, {"failed", 1}}));
    EXPECT_EQ(document["ok"], false);
}

TEST_F(Probe, RefusedFilesAreNeverProbed) {
    const auto good = add("t_probe_good", "a.so");
    plugins_.write_file("b.so", "not a plugin\n");
    const Outcome outcome = check({});
    EXPECT_EQ(outcome.status, 1);
    EXPECT_EQ(outcome.out, accepted(good, "probe-good", 1) +
                               "         probe passed: init(stage 0) returned 0 and exit(stage 0, 0) returned\n" +
                               "refused  " + (plugins_.path() / "b.so").string() +
                               ": not an ELF file: expected magic 7f 45 4c 46, found 6e 6f 74 20 [not_elf]\n" +
                               "1 accepted, 1 refused; probes: 1 passed, 0 failed\n");
}

TEST_F(Probe, ATimeoutOutOfRangeIsAUsageError) {
    const Outcome outcome = check({"--timeout", "0"});
    EXPECT_EQ(outcome.status, 2);
    EXPECT_EQ(outcome.out, "");
    EXPECT_EQ(outcome.err,
              "--timeout: Value 0 not in range 0.001000 to 86400.000000\nRun with --help for more information.\n");
}

}  // namespace
