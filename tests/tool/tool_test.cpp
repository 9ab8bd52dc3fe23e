// `tenon` as a user runs it: a real process, its exact stdout and stderr, its
// exit status. Every inspect test also proves the inspected plugin never ran:
// the fixture's constructor would have left a trace file.
#include "test_support.hpp"
#include "tool_support.hpp"

#include <tenon/abi.h>
#include <tenon/metadata.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <dlfcn.h>
#include <string>
#include <vector>

namespace {

using nlohmann::ordered_json;
using namespace tool_test;

constexpr const char *trace_variable = "TENON_TEST_CONSTRUCTOR_TRACE";

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

    Outcome tenon(const std::vector<std::string> &args) const { return run_tenon(dir_.path(), args); }

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
                        "abi         1.1 (descriptor " + std::to_string(sizeof(tenon_descriptor)) + " bytes)\n"
                        "signature   none\n"
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
    EXPECT_EQ(document["signature"], nullptr);
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
         {"  plugin      NAME VERSION\n", "  signature   ALGORITHM key KEYID (or \"none\")\n", "  hooks       COUNT\n",
          "    HOOK  SIGNATURE  MODE  priority PRIORITY  [optional]  [flags 0xBITS]\n", "  exports     COUNT\n",
          "    EXPORT  SIGNATURE\n", "  requires    COUNT\n", "    PLUGIN  RANGE (or \"any version\")  [if present]\n",
          "  arguments   COUNT (only when the plugin declares arguments)\n",
          "    NAME  TYPE  [required]  DESCRIPTION\n", "  events      COUNT\n", "    EVENT  CALLBACK-SIGNATURE  MODE\n",
          "  events [{name, signature, mode}] (by name),\n",
          "  signature {algorithm, key_id} (null when unsigned),\n"}) {
        EXPECT_NE(run.out.find(documented), std::string::npos) << documented;
    }
}

}  // namespace
