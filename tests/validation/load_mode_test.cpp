// Strict and lenient loading of a directory that holds good and bad files.
#include "validation_support.hpp"

#include <gtest/gtest.h>

namespace {

using tenon::Errc;
using validation::make_host;
using validation::only_directory;
using validation::plugin_names;

// a.so and c.so are good, b.so and d.so are refused for different reasons.
struct MixedDirectory {
    tenon_test::TempDir dir;
    std::filesystem::path bad_magic = dir.path() / "b.so";
    std::filesystem::path other_interface = dir.path() / "d.so";

    MixedDirectory() {
        dir.add_fixture("v_good_c.so", "a.so");
        dir.add_fixture("v_bad_magic.so", "b.so");
        dir.add_fixture("v_good_cpp.so", "c.so");
        dir.add_fixture("v_interface_other.so", "d.so");
    }

    std::vector<std::string> expected_messages() const {
        return {bad_magic.string() + ": field 'magic': expected 0x4e4f4e54, found 0x544e4f4e",
                other_interface.string() + ": field 'interface' name: expected 'test', found 'other' (from 'other/1')"};
    }
};

TEST(LoadMode, StrictLoadsNothingAndListsEveryBadFileInOrder) {
    MixedDirectory mixed;
    tenon_test::Recorder recorder;
    tenon::Host host = make_host(recorder, tenon_test::test_config(tenon::LoadMode::strict));
    const auto report = host.load(only_directory(mixed.dir.path()), TEST_STAGE_DUMP);
    EXPECT_EQ(tenon_test::messages(report), mixed.expected_messages());
    ASSERT_EQ(report.errors.size(), 2u);
    EXPECT_EQ(report.errors[0].code, Errc::bad_magic);
    EXPECT_EQ(report.errors[1].code, Errc::interface_mismatch);
    EXPECT_TRUE(host.plugins().empty());
    EXPECT_TRUE(report.loaded.empty());
    EXPECT_TRUE(recorder.events().empty());
    for (const auto &message : mixed.expected_messages()) {
        EXPECT_TRUE(recorder.has_line("[tenon] error: " + message)) << message;
    }
}

TEST(LoadMode, LenientSkipsAndReportsTheBadFilesAndLoadsTheRest) {
    MixedDirectory mixed;
    tenon_test::Recorder recorder;
    tenon::Host host = make_host(recorder, tenon_test::test_config(tenon::LoadMode::lenient));
    const auto report = host.load(only_directory(mixed.dir.path()), TEST_STAGE_DUMP);
    EXPECT_EQ(tenon_test::messages(report), mixed.expected_messages());
    EXPECT_EQ(plugin_names(host), (std::vector<std::string>{"v-good-c", "v-good-cpp"}));
    EXPECT_EQ(report.loaded, (std::vector<std::string>{"v-good-c", "v-good-cpp"}));
    EXPECT_EQ(recorder.events(), (std::vector<std::string>{"v-good-c: init 11", "v-good-cpp: init 11"}));
    for (const auto &message : mixed.expected_messages()) {
        EXPECT_TRUE(recorder.has_line("[tenon] warn: " + message)) << message;
    }
    const auto claim = host.hook<test_claim_hook>().value();
    int answer = 0;
    EXPECT_EQ(claim(2, &answer), 0);
    EXPECT_EQ(answer, 200);
}

}  // namespace
