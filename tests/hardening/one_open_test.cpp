// One open, one file: whatever is swapped, renamed or rewritten at the path
// at any step of a load, what the runtime validated is what it maps, and no
// code of a file phase 1 did not accept ever runs. Each test acts from the
// log sink at the step the loader announces ("FILE: opened ...", "FILE:
// validated as ...", "FILE: mapping"), on the loading thread, so the swap
// lands exactly between two steps.
#include "hardening_support.hpp"

#include <gtest/gtest.h>

#include <sys/stat.h>

namespace {

using hardening::claimed_answer;
using hardening::ConstructorTrace;
using hardening::StepHost;
using tenon::Errc;
using validation::only_error;
using validation::only_file;

constexpr const char *good_trace = "hd-good: constructor ran";
constexpr const char *refused_trace = "hd-refused: constructor ran";

// The steps after the open, where the path no longer matters.
const std::vector<std::string> steps_after_open = {"opened (inode", "validated as hd-good 1.0.0", "mapping"};

bool starts_with(const std::string &text, const std::string &prefix) {
    return text.rfind(prefix, 0) == 0;
}

// Calls `act` once, when the loader announces `step` for `file`.
void at_step(StepHost &host, const std::filesystem::path &file, const std::string &step, std::function<void()> act) {
    host.on_line = [prefix = file.string() + ": " + step, act = std::move(act),
                    done = false](const std::string &line) mutable {
        if (!done && starts_with(line, prefix)) {
            done = true;
            act();
        }
    };
}

TEST(OneOpen, EveryStepAnnouncesItself) {
    ConstructorTrace trace;
    tenon_test::TempDir dir;
    const auto file = dir.add_fixture("hd_good.so", "plugin.so");
    StepHost host;
    std::vector<std::string> steps;
    host.on_line = [&](const std::string &line) {
        if (starts_with(line, file.string() + ": ")) {
            steps.push_back(line.substr(file.string().size() + 2));
        }
    };
    ASSERT_TRUE(host.host.load(only_file(file), TEST_STAGE_DUMP).ok());
    ASSERT_EQ(steps.size(), 5u) << testing::PrintToString(steps);
    EXPECT_EQ(steps[0], "opening");
    EXPECT_TRUE(starts_with(steps[1], "opened (inode ")) << steps[1];
    EXPECT_EQ(steps[2], "validated as hd-good 1.0.0");
    EXPECT_EQ(steps[3], "mapping");
    EXPECT_EQ(steps[4], "mapped");
    host.host.finish(TEST_STAGE_DUMP, 0);
}

TEST(OneOpen, AnImpostorRenamedOverThePathAfterTheOpenNeverRuns) {
    for (const std::string &step : steps_after_open) {
        SCOPED_TRACE(step);
        ConstructorTrace trace;
        tenon_test::TempDir dir;
        const auto file = dir.add_fixture("hd_good.so", "plugin.so");
        StepHost host;
        at_step(host, file, step, [&] { hardening::swap_in(tenon_test::fixture("hd_impostor.so"), file); });
        const auto report = host.host.load(only_file(file), TEST_STAGE_DUMP);
        ASSERT_TRUE(report.ok()) << testing::PrintToString(tenon_test::messages(report));
        EXPECT_EQ(trace.lines(), std::vector<std::string>{good_trace});
        EXPECT_EQ(claimed_answer(host.host), static_cast<int>(sizeof "hd-good: constructor ran"));
        host.host.finish(TEST_STAGE_DUMP, 0);
    }
}

TEST(OneOpen, ARefusedFileRenamedOverThePathAfterTheOpenNeverRuns) {
    for (const std::string &step : steps_after_open) {
        SCOPED_TRACE(step);
        ConstructorTrace trace;
        tenon_test::TempDir dir;
        const auto file = dir.add_fixture("hd_good.so", "plugin.so");
        StepHost host;
        at_step(host, file, step, [&] { hardening::swap_in(tenon_test::fixture("hd_refused.so"), file); });
        EXPECT_TRUE(host.host.load(only_file(file), TEST_STAGE_DUMP).ok());
        EXPECT_FALSE(trace.ran(refused_trace));
        EXPECT_TRUE(trace.ran(good_trace));
        host.host.finish(TEST_STAGE_DUMP, 0);
    }
}

// Before the open, the path decides what is opened; that file is then validated on its own.
TEST(OneOpen, ARefusedFileInPlaceAtTheOpenIsRefusedAndNeverRuns) {
    ConstructorTrace trace;
    tenon_test::TempDir dir;
    const auto file = dir.add_fixture("hd_good.so", "plugin.so");
    StepHost host;
    at_step(host, file, "opening", [&] { hardening::swap_in(tenon_test::fixture("hd_refused.so"), file); });
    const auto report = host.host.load(only_file(file), TEST_STAGE_DUMP);
    EXPECT_TRUE(
        only_error(report, Errc::interface_mismatch,
                   file.string() + ": field 'interface' name: expected 'test', found 'other' (from 'other/1')"));
    EXPECT_TRUE(trace.lines().empty());
    EXPECT_TRUE(host.recorder.events().empty());
}

TEST(OneOpen, AFifoSwappedInBeforeTheOpenIsRefusedWithoutBlocking) {
    tenon_test::TempDir dir;
    const auto file = dir.add_fixture("hd_good.so", "plugin.so");
    StepHost host;
    at_step(host, file, "opening", [&] {
        std::filesystem::remove(file);
        ASSERT_EQ(mkfifo(file.c_str(), 0644), 0);
    });
    const auto report = host.host.load(only_file(file), TEST_STAGE_DUMP);
    EXPECT_TRUE(only_error(report, Errc::not_regular_file,
                           file.string() + ": file type: expected a regular file, found a FIFO"));
}

TEST(OneOpen, AFifoSwappedInAfterTheOpenChangesNothing) {
    ConstructorTrace trace;
    tenon_test::TempDir dir;
    const auto file = dir.add_fixture("hd_good.so", "plugin.so");
    StepHost host;
    at_step(host, file, "validated as hd-good 1.0.0", [&] {
        std::filesystem::remove(file);
        ASSERT_EQ(mkfifo(file.c_str(), 0644), 0);
    });
    EXPECT_TRUE(host.host.load(only_file(file), TEST_STAGE_DUMP).ok());
    EXPECT_EQ(trace.lines(), std::vector<std::string>{good_trace});
    host.host.finish(TEST_STAGE_DUMP, 0);
}

// The descriptor shares the file's pages: a rewrite in place is caught by the
// check just before dlopen, so the rewritten code is never mapped.
TEST(OneOpen, ARewriteInPlaceBeforeDlopenIsRefusedBeforeTheCodeIsMapped) {
    for (const std::string &step : {std::string("validated as hd-good 1.0.0"), std::string("mapping")}) {
        SCOPED_TRACE(step);
        ConstructorTrace trace;
        tenon_test::TempDir dir;
        const auto file = dir.add_fixture("hd_good.so", "plugin.so");
        tenon::HostConfig config = tenon_test::test_config();
        config.map_method = tenon::MapMethod::descriptor;
        StepHost host(config);
        at_step(host, file, step, [&] {
            hardening::rewrite_in_place(file, validation::read_bytes(tenon_test::fixture("hd_refused.so")));
        });
        const auto report = host.host.load(only_file(file), TEST_STAGE_DUMP);
        ASSERT_EQ(report.errors.size(), 1u);
        EXPECT_EQ(report.errors[0].code, Errc::changed_on_disk);
        EXPECT_TRUE(starts_with(report.errors[0].message, file.string() + ": file ")) << report.errors[0].message;
        EXPECT_NE(report.errors[0].message.find(" before dlopen: expected the file as validated, found it changed "
                                                "(was the file rewritten while loading?)"),
                  std::string::npos)
            << report.errors[0].message;
        EXPECT_TRUE(trace.lines().empty());
        EXPECT_TRUE(host.recorder.events().empty());
    }
}

// A sealed copy is made at the open: nothing done to the file afterwards reaches what runs.
TEST(OneOpen, ARewriteInPlaceAfterTheOpenDoesNotReachASealedCopy) {
    for (const std::string &step : steps_after_open) {
        SCOPED_TRACE(step);
        ConstructorTrace trace;
        tenon_test::TempDir dir;
        const auto file = dir.add_fixture("hd_good.so", "plugin.so");
        tenon::HostConfig config = tenon_test::test_config();
        config.map_method = tenon::MapMethod::sealed_copy;
        StepHost host(config);
        at_step(host, file, step, [&] {
            hardening::rewrite_in_place(file, validation::read_bytes(tenon_test::fixture("hd_impostor.so")));
        });
        const auto report = host.host.load(only_file(file), TEST_STAGE_DUMP);
        ASSERT_TRUE(report.ok()) << testing::PrintToString(tenon_test::messages(report));
        EXPECT_EQ(trace.lines(), std::vector<std::string>{good_trace});
        EXPECT_EQ(claimed_answer(host.host), static_cast<int>(sizeof "hd-good: constructor ran"));
        host.host.finish(TEST_STAGE_DUMP, 0);
    }
}

// The one-Host-per-file claim is taken on the opened file, so a swap cannot
// make a second Host share the first one's mapping (and its globals).
TEST(OneOpen, ASwapCannotMakeTwoHostsShareOneMapping) {
    ConstructorTrace trace;
    tenon_test::TempDir dir;
    const auto file = dir.add_fixture("hd_good.so", "plugin.so");
    const auto keep = dir.path() / "first.so";
    StepHost first;
    ASSERT_TRUE(first.host.load(only_file(file), TEST_STAGE_DUMP).ok());
    ASSERT_EQ(link(file.c_str(), keep.c_str()), 0);               // the first Host's inode, kept under another name
    hardening::swap_in(tenon_test::fixture("hd_good.so"), file);  // a copy: another inode at the path
    StepHost second;
    at_step(second, file, "validated as hd-good 1.0.0", [&] { std::filesystem::rename(keep, file); });
    const auto report = second.host.load(only_file(file), TEST_STAGE_DUMP);
    ASSERT_TRUE(report.ok()) << testing::PrintToString(tenon_test::messages(report));
    // Two mappings, two constructors: each Host has its own copy of the plugin's globals.
    EXPECT_EQ(trace.lines(), (std::vector<std::string>{good_trace, good_trace}));
    // And the other way round: opening the first Host's own inode is refused at once.
    StepHost third;
    const auto refused = third.host.load(only_file(file), TEST_STAGE_DUMP);
    EXPECT_TRUE(only_error(refused, Errc::already_loaded,
                           file.string() +
                               ": file: expected one no other tenon::Host in this process has loaded, found it "
                               "loaded by another Host (the dynamic loader maps a file once per process)"));
    second.host.finish(TEST_STAGE_DUMP, 0);
    first.host.finish(TEST_STAGE_DUMP, 0);
}

}  // namespace
