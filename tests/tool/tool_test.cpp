// `tenon` as a user runs it: a real process, its exact stdout and stderr, its
// exit status. Every inspect test also proves the inspected plugin never ran:
// the fixture's constructor would have left a trace file.
#include "test_support.hpp"

#include <tenon/abi.h>
#include <tenon/metadata.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <dlfcn.h>
#include <fcntl.h>
#include <fstream>
#include <spawn.h>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <vector>

extern char **environ;

namespace {

using nlohmann::ordered_json;
namespace fs = std::filesystem;

constexpr const char *trace_variable = "TENON_TEST_CONSTRUCTOR_TRACE";

struct Outcome {
    int status = -1;  ///< exit status; -1 if the tool died of a signal
    std::string out;
    std::string err;
};

std::string read_file(const fs::path &path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// The expected text block of t_inspect_me.so at `file` (see `tenon inspect --help`).
std::string inspect_me_text(const fs::path &file) {
    // One line of source per line of output, so kept out of clang-format's hands.
    // clang-format off
    return "file        " + file.string() + "\n"
           "plugin      inspect_me 2.3.4-rc.1+build.5\n"
           "interface   test/2\n"
           "description Inspected, never loaded\n"
           "abi         1.0 (descriptor " + std::to_string(sizeof(tenon_descriptor)) + " bytes)\n"
           "hooks       2\n"
           "  test_claim   int(int, int *)  first-claimer  priority first   optional\n"
           "  test_notify  int(int *)       broadcast      priority normal\n"
           "exports     1\n"
           "  inspect_me_twice  long(long)\n"
           "events      2\n"
           "  inspect_me_asked   int(void *, int *)  first-claimer\n"
           "  inspect_me_ticked  void(void *, unsigned)  notify\n"
           "requires    2\n"
           "  alpha       any version\n"
           "  provider_b  >=1.2 <2\n"
           "notes       0\n";
    // clang-format on
}

// The expected JSON object of t_inspect_me.so at `file`, keys in the documented order.
ordered_json inspect_me_json(const fs::path &file) {
    auto expected = ordered_json::parse(R"json({
        "name": "inspect_me",
        "version": "2.3.4-rc.1+build.5",
        "interface": {"id": "test/2", "name": "test", "version": 2},
        "description": "Inspected, never loaded",
        "abi": {"major": 1, "minor": 0},
        "descriptor_size": 0,
        "hooks": [
            {"name": "test_claim", "signature": "int(int, int *)", "mode": "first-claimer",
             "priority": "first", "optional": true},
            {"name": "test_notify", "signature": "int(int *)", "mode": "broadcast",
             "priority": "normal", "optional": false}
        ],
        "exports": [{"name": "inspect_me_twice", "signature": "long(long)"}],
        "events": [
            {"name": "inspect_me_asked", "signature": "int(void *, int *)", "mode": "first-claimer"},
            {"name": "inspect_me_ticked", "signature": "void(void *, unsigned)", "mode": "notify"}
        ],
        "requires": [
            {"name": "alpha", "range": ""},
            {"name": "provider_b", "range": ">=1.2 <2"}
        ],
        "notes": [],
        "file": ""
    })json");
    expected["descriptor_size"] = sizeof(tenon_descriptor);
    expected["file"] = file.string();
    return expected;
}

std::string not_elf_line(const fs::path &file) {
    // "not a plugin\n" starts with the bytes 6e 6f 74 20.
    return "tenon: " + file.string() + ": not an ELF file: expected magic 7f 45 4c 46, found 6e 6f 74 20\n";
}

class Tool : public ::testing::Test {
protected:
    // The variable is set in this process, and the tool inherits it exactly
    // as the dlopen control test below sees it: if the fixture's constructor
    // ran anywhere, the trace file would exist.
    void SetUp() override { ASSERT_EQ(setenv(trace_variable, trace_path().c_str(), 1), 0); }
    void TearDown() override { unsetenv(trace_variable); }

    fs::path trace_path() const { return dir_.path() / "constructor-ran"; }
    bool constructor_ran() const { return fs::exists(trace_path()); }

    fs::path inspect_me() const { return tenon_test::fixture("t_inspect_me.so"); }
    fs::path not_a_plugin() const { return dir_.write_file("not-a-plugin.so", "not a plugin\n"); }

    // Runs `tenon args...` with stdin from /dev/null and stdout, stderr into files.
    Outcome tenon(const std::vector<std::string> &args) const {
        const std::string out_path = (dir_.path() / "stdout").string();
        const std::string err_path = (dir_.path() / "stderr").string();
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
        posix_spawn_file_actions_addopen(&actions, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        posix_spawn_file_actions_addopen(&actions, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        std::vector<std::string> words{TENON_CLI_PATH};
        words.insert(words.end(), args.begin(), args.end());
        std::vector<char *> argv;
        for (std::string &word : words) {
            argv.push_back(word.data());
        }
        argv.push_back(nullptr);
        pid_t pid = 0;
        const int spawned = posix_spawn(&pid, TENON_CLI_PATH, &actions, nullptr, argv.data(), environ);
        posix_spawn_file_actions_destroy(&actions);
        Outcome run;
        if (spawned != 0) {
            ADD_FAILURE() << "posix_spawn " << TENON_CLI_PATH << ": " << std::strerror(spawned);
            return run;
        }
        int wait_status = 0;
        while (waitpid(pid, &wait_status, 0) < 0) {
            if (errno != EINTR) {
                ADD_FAILURE() << "waitpid: " << std::strerror(errno);
                return run;
            }
        }
        if (WIFEXITED(wait_status)) {
            run.status = WEXITSTATUS(wait_status);
        } else {
            ADD_FAILURE() << "tenon died of signal " << WTERMSIG(wait_status);
        }
        run.out = read_file(out_path);
        run.err = read_file(err_path);
        return run;
    }

    tenon_test::TempDir dir_;
};

// The control for every "constructor_ran() is false" below: loading the
// fixture does run its constructor, which does leave the trace.
TEST_F(Tool, FixtureConstructorLeavesATraceWhenLoaded) {
    void *library = dlopen(inspect_me().c_str(), RTLD_NOW | RTLD_LOCAL);
    ASSERT_NE(library, nullptr) << dlerror();
    EXPECT_TRUE(constructor_ran());
    EXPECT_EQ(read_file(trace_path()), "the constructor of inspect_me ran\n");
    dlclose(library);
}

TEST_F(Tool, InspectPrintsTheMetadataAsAlignedText) {
    const Outcome run = tenon({"inspect", inspect_me().string()});
    EXPECT_EQ(run.status, 0);
    EXPECT_EQ(run.out, inspect_me_text(inspect_me()));
    EXPECT_EQ(run.err, "");
    EXPECT_FALSE(constructor_ran());
}

TEST_F(Tool, InspectJsonPrintsOneObjectWithEveryKeyInOrder) {
    const Outcome run = tenon({"inspect", "--json", inspect_me().string()});
    EXPECT_EQ(run.status, 0);
    EXPECT_EQ(run.err, "");
    const ordered_json document = ordered_json::parse(run.out);
    EXPECT_EQ(document, inspect_me_json(inspect_me())) << run.out;
    EXPECT_FALSE(constructor_ran());
}

TEST_F(Tool, InspectShowsOddValuesFaithfullyAndEscapesControlCharacters) {
    const fs::path odd = tenon_test::fixture("t_inspect_odd.so");
    // The note's text (and its record offset) is the reader's business,
    // tested with the reader; this test checks how the tool shows it.
    const auto meta = tenon::read_plugin_metadata(odd);
    ASSERT_TRUE(meta) << meta.error().message;
    ASSERT_EQ(meta->notes.size(), 1u);
    const std::string note = meta->notes[0];
    ASSERT_EQ(note.rfind("skipped a record of unknown kind 0x52545546 at offset ", 0), 0u) << note;

    const Outcome text = tenon({"inspect", odd.string()});
    EXPECT_EQ(text.status, 0);
    EXPECT_EQ(text.err, "");
    // clang-format off
    EXPECT_EQ(text.out, "file        " + odd.string() + "\n"
                        "plugin      inspect_odd 0.0.1\n"
                        "interface   test/1\n"
                        "description ring\\x07\\x1b[31mred\n"
                        "abi         1.0 (descriptor " + std::to_string(sizeof(tenon_descriptor)) + " bytes)\n"
                        "hooks       1\n"
                        "  test_name  int(const char *)  first-claimer  priority last    optional  flags 0x00000004\n"
                        "exports     0\n"
                        "events      0\n"
                        "requires    0\n"
                        "notes       1\n"
                        "  - " + note + "\n");
    // clang-format on

    const Outcome json = tenon({"inspect", "--json", odd.string()});
    EXPECT_EQ(json.status, 0);
    EXPECT_EQ(json.err, "");
    const ordered_json document = ordered_json::parse(json.out);
    EXPECT_EQ(document["description"], "ring\a\x1b[31mred");  // JSON escapes it; the value is exact
    EXPECT_EQ(document["interface"], ordered_json::parse(R"({"id": "test/1", "name": "test", "version": 1})"));
    const auto hooks = ordered_json::parse(R"json([{"name": "test_name", "signature": "int(const char *)",
        "mode": "first-claimer", "priority": "last", "optional": true}])json");
    EXPECT_EQ(document["hooks"], hooks);
    EXPECT_EQ(document["notes"], ordered_json::array({note}));
    EXPECT_EQ(json.out.find('\x1b'), std::string::npos);
}

TEST_F(Tool, NonElfFileFailsWithItsErrorOnStderr) {
    const fs::path bad = not_a_plugin();
    const Outcome run = tenon({"inspect", bad.string()});
    EXPECT_EQ(run.status, 1);
    EXPECT_EQ(run.out, "");
    EXPECT_EQ(run.err, not_elf_line(bad));
}

TEST_F(Tool, MissingFileFailsWithItsErrorOnStderr) {
    const fs::path missing = dir_.path() / "missing.so";
    const Outcome run = tenon({"inspect", missing.string()});
    EXPECT_EQ(run.status, 1);
    EXPECT_EQ(run.out, "");
    EXPECT_EQ(run.err, "tenon: " + missing.string() + ": cannot open: " + std::strerror(ENOENT) + "\n");
}

TEST_F(Tool, SeveralFilesGiveOneBlockEachSeparatedByABlankLine) {
    const fs::path copy = dir_.add_fixture("t_inspect_me.so", "copy.so");
    const Outcome run = tenon({"inspect", inspect_me().string(), copy.string()});
    EXPECT_EQ(run.status, 0);
    EXPECT_EQ(run.out, inspect_me_text(inspect_me()) + "\n" + inspect_me_text(copy));
    EXPECT_EQ(run.err, "");
    EXPECT_FALSE(constructor_ran());
}

TEST_F(Tool, ABadFileAmongSeveralIsReportedAndTheOthersStillShown) {
    const fs::path bad = not_a_plugin();
    const fs::path copy = dir_.add_fixture("t_inspect_me.so", "copy.so");
    const Outcome run = tenon({"inspect", inspect_me().string(), bad.string(), copy.string()});
    EXPECT_EQ(run.status, 1);
    EXPECT_EQ(run.out, inspect_me_text(inspect_me()) + "\n" + inspect_me_text(copy));
    EXPECT_EQ(run.err, not_elf_line(bad));
    EXPECT_FALSE(constructor_ran());
}

TEST_F(Tool, SeveralFilesInJsonGiveAnArrayWithoutTheBadOnes) {
    const fs::path bad = not_a_plugin();
    const fs::path copy = dir_.add_fixture("t_inspect_me.so", "copy.so");
    const Outcome run = tenon({"inspect", "--json", inspect_me().string(), bad.string(), copy.string()});
    EXPECT_EQ(run.status, 1);
    EXPECT_EQ(run.err, not_elf_line(bad));
    const ordered_json document = ordered_json::parse(run.out);
    EXPECT_EQ(document, ordered_json::array({inspect_me_json(inspect_me()), inspect_me_json(copy)})) << run.out;
    EXPECT_FALSE(constructor_ran());
}

TEST_F(Tool, OneBadFileInJsonPrintsNoDocument) {
    const fs::path bad = not_a_plugin();
    const Outcome run = tenon({"inspect", "--json", bad.string()});
    EXPECT_EQ(run.status, 1);
    EXPECT_EQ(run.out, "");
    EXPECT_EQ(run.err, not_elf_line(bad));
}

TEST_F(Tool, VersionPrintsTheProjectVersionAndThePluginAbi) {
    const Outcome run = tenon({"--version"});
    EXPECT_EQ(run.status, 0);
    EXPECT_EQ(run.out, "tenon " TENON_EXPECTED_VERSION " (plugin ABI " + std::to_string(TENON_ABI_MAJOR) + "." +
                           std::to_string(TENON_ABI_MINOR) + ")\n");
    EXPECT_EQ(run.err, "");
}

// CLI11 words the messages; the tool's part is the status, 2, and naming the problem.
TEST_F(Tool, UsageErrorsExitWithStatus2) {
    for (const auto &[args, problem] : std::vector<std::pair<std::vector<std::string>, std::string>>{
             {{}, "A subcommand is required"},
             {{"inspect"}, "FILE is required"},
             {{"inspect", "--bogus", inspect_me().string()}, "--bogus"},
             {{"frobnicate"}, "not expected: frobnicate"}}) {
        const Outcome run = tenon(args);
        EXPECT_EQ(run.status, 2) << problem;
        EXPECT_EQ(run.out, "") << problem;
        EXPECT_NE(run.err.find(problem), std::string::npos) << run.err;
    }
    EXPECT_FALSE(constructor_ran());
}

TEST_F(Tool, InspectHelpDocumentsTheOutputAndExitsWith0) {
    const Outcome run = tenon({"inspect", "--help"});
    EXPECT_EQ(run.status, 0);
    EXPECT_EQ(run.err, "");
    for (const char *documented :
         {"  plugin      NAME VERSION\n", "  hooks       COUNT\n",
          "    HOOK  SIGNATURE  MODE  priority PRIORITY  [optional]  [flags 0xBITS]\n", "  exports     COUNT\n",
          "    EXPORT  SIGNATURE\n", "  requires    COUNT\n", "    PLUGIN  RANGE (or \"any version\")\n",
          "  events      COUNT\n", "    EVENT  CALLBACK-SIGNATURE  MODE\n",
          "  events [{name, signature, mode}] (by name),\n"}) {
        EXPECT_NE(run.out.find(documented), std::string::npos) << documented;
    }
}

}  // namespace
