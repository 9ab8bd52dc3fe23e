// Phase 1 of a large load (32 files or more) runs on several threads. What
// a caller sees must not show it: errors in file order, plugins loaded in
// file order, duplicate names judged across the threads' runs, and still no
// code of a refused or swapped-in file ever runs. Labelled `concurrency`, so
// the tsan preset runs it.
#include "hardening_support.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <set>
#include <thread>

namespace {

using hardening::ConstructorTrace;
using hardening::StepHost;
using tenon::Errc;
using validation::only_directory;

constexpr std::size_t file_count = 40;  // above the threshold, so at least two runs on two cores

std::string numbered(const char *format, std::size_t i) {
    char text[32];
    std::snprintf(text, sizeof text, format, i);
    return text;
}

// Every "hd-good" in the good fixture's bytes (its name and its trace line)
// replaced by a name of the same length, so each copy is its own plugin.
std::string renamed_good(const std::string &name) {
    std::string bytes = validation::read_bytes(tenon_test::fixture("hd_good.so"));
    const std::string from = "hd-good";
    for (std::size_t at = bytes.find(from); at != std::string::npos; at = bytes.find(from, at + 1)) {
        bytes.replace(at, from.size(), name);
    }
    return bytes;
}

std::string plugin_name(std::size_t i) {
    return numbered("hd-g%03zu", i);
}
std::string file_name(std::size_t i) {
    return numbered("p%03zu.so", i);
}

// A directory of `file_count` distinct good plugins, p000.so ... p039.so.
void fill(const tenon_test::TempDir &dir) {
    for (std::size_t i = 0; i < file_count; ++i) {
        dir.write_file(file_name(i), renamed_good(plugin_name(i)));
    }
}

std::string interface_error(const std::filesystem::path &file) {
    return file.string() + ": field 'interface' name: expected 'test', found 'other' (from 'other/1')";
}

TEST(ParallelValidation, ErrorsAndPluginsComeInFileOrder) {
    ConstructorTrace trace;
    tenon_test::TempDir dir;
    fill(dir);
    // Refusals spread over both halves, the duplicate's first holder in the other half.
    const auto early = dir.add_fixture("hd_refused.so", file_name(3));
    const auto late = dir.add_fixture("hd_refused.so", file_name(36));
    const auto duplicate = dir.write_file(file_name(27), renamed_good(plugin_name(5)));
    const auto garbage = dir.write_file(file_name(20), "not an ELF file");
    tenon_test::Recorder recorder;
    tenon::Host host = validation::make_host(recorder, tenon_test::test_config(tenon::LoadMode::lenient));
    const auto report = host.load(only_directory(dir.path()), TEST_STAGE_DUMP);

    std::vector<std::string> expected_errors = {
        interface_error(early),
        garbage.string() + ": not an ELF file: expected magic 7f 45 4c 46, found 6e 6f 74 20",
        duplicate.string() + ": field 'name': expected a name no other plugin uses, found 'hd-g005', already used by " +
            (dir.path() / file_name(5)).string(),
        interface_error(late),
    };
    EXPECT_EQ(tenon_test::messages(report), expected_errors);
    std::vector<std::string> expected_plugins;
    std::vector<std::string> expected_traces;
    for (std::size_t i = 0; i < file_count; ++i) {
        if (i != 3 && i != 20 && i != 27 && i != 36) {
            expected_plugins.push_back(plugin_name(i));
            expected_traces.push_back(plugin_name(i) + ": constructor ran");
        }
    }
    EXPECT_EQ(validation::plugin_names(host), expected_plugins);
    // Constructors ran for the loaded plugins only, in load order: not the
    // refused ones, and not the duplicate (whose trace line is hd-g005's).
    EXPECT_EQ(trace.lines(), expected_traces);
}

TEST(ParallelValidation, OneRefusalInAStrictLoadRunsNoCode) {
    ConstructorTrace trace;
    tenon_test::TempDir dir;
    fill(dir);
    const auto refused = dir.add_fixture("hd_refused.so", file_name(33));
    tenon_test::Recorder recorder;
    tenon::Host host = validation::make_host(recorder);
    const auto report = host.load(only_directory(dir.path()), TEST_STAGE_DUMP);
    EXPECT_TRUE(validation::only_error(report, Errc::interface_mismatch, interface_error(refused)));
    EXPECT_TRUE(host.plugins().empty());
    EXPECT_EQ(trace.lines(), std::vector<std::string>{});
}

// A swap at a step of a file that a helper thread validates is no different
// from one on the loading thread: the descriptor opened is what is mapped.
TEST(ParallelValidation, ASwapOnAHelperThreadNeverRunsTheSwappedInFile) {
    ConstructorTrace trace;
    tenon_test::TempDir dir;
    fill(dir);
    const auto target = dir.path() / file_name(file_count - 1);  // the last run's, never the loading thread's
    const std::string prefix = target.string() + ": opened (inode";
    bool swapped = false;  // before the host: its destructor still logs
    StepHost host;
    host.on_line = [&](const std::string &line) {
        if (!swapped && line.find(prefix) != std::string::npos) {
            swapped = true;
            hardening::swap_in(tenon_test::fixture("hd_refused.so"), target);
        }
    };
    const auto report = host.host.load(only_directory(dir.path()), TEST_STAGE_DUMP);
    EXPECT_TRUE(swapped);
    EXPECT_EQ(tenon_test::messages(report), std::vector<std::string>{});
    EXPECT_EQ(host.host.plugins().size(), file_count);
    EXPECT_TRUE(trace.ran(plugin_name(file_count - 1) + ": constructor ran"));
    EXPECT_FALSE(trace.ran("hd-refused: constructor ran"));
}

// Each file's own steps stay in order, whichever thread announced them;
// and there was more than one thread (on a machine with more than one core).
TEST(ParallelValidation, EachFilesStepsStayInOrder) {
    tenon_test::TempDir dir;
    fill(dir);
    std::set<std::thread::id> validating_threads;  // the sink is never called concurrently
    StepHost host;
    host.on_line = [&](const std::string &line) {
        if (line.find(": opening") != std::string::npos) {
            validating_threads.insert(std::this_thread::get_id());
        }
    };
    const auto report = host.host.load(only_directory(dir.path()), TEST_STAGE_DUMP);
    ASSERT_EQ(tenon_test::messages(report), std::vector<std::string>{});
    if (std::thread::hardware_concurrency() > 1) {
        EXPECT_GE(validating_threads.size(), 2u);
    }
    const std::vector<std::string> lines = host.lines();
    for (std::size_t i = 0; i < file_count; ++i) {
        const std::string prefix = "[tenon] debug: " + (dir.path() / file_name(i)).string() + ": ";
        std::vector<std::string> steps;
        for (const std::string &line : lines) {
            if (line.rfind(prefix, 0) == 0) {
                const std::string step = line.substr(prefix.size());
                steps.push_back(step.substr(0, step.find(" (")));
            }
        }
        const std::vector<std::string> expected = {"opening", "opened", "validated as " + plugin_name(i) + " 1.0.0",
                                                   "mapping", "mapped"};
        EXPECT_EQ(steps, expected) << file_name(i);
    }
}

}  // namespace
