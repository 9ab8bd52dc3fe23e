// `tenon check`: the loader's verdicts on a directory, against an interface
// the test writes with tenon::interface_json, as a host would; exact output,
// exit status, and proof that no plugin code ran.
#include "test_support.hpp"
#include "tool_support.hpp"

#include <tenon/interface.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <fstream>

namespace {

using namespace tool_test;

class Check : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_EQ(setenv("TENON_TEST_CONSTRUCTOR_TRACE", trace().c_str(), 1), 0);
        std::ofstream(interface()) << tenon::interface_json(tenon_test::test_config());
    }
    void TearDown() override { unsetenv("TENON_TEST_CONSTRUCTOR_TRACE"); }

    fs::path interface() const { return scratch_.path() / "host.json"; }
    fs::path trace() const { return scratch_.path() / "constructor-ran"; }
    Outcome tenon(const std::vector<std::string> &args) const { return run_tenon(scratch_.path(), args); }

    tenon_test::TempDir scratch_;
    tenon_test::TempDir plugins_;
};

TEST_F(Check, AcceptedAndRefusedFilesEachGetAVerdictAndNoneRuns) {
    const auto good = plugins_.add_fixture("v_good_c.so", "a.so");
    const auto other = plugins_.add_fixture("v_interface_other.so", "b.so");
    const auto constructor = plugins_.add_fixture("v_constructor_valid.so", "c.so");
    plugins_.write_file("d.so", "not a plugin\n");
    const fs::path garbage = plugins_.path() / "d.so";

    const Outcome outcome = tenon({"check", "--interface", interface().string(), plugins_.path().string()});

    EXPECT_EQ(outcome.status, 1);
    EXPECT_EQ(outcome.err, "");
    EXPECT_EQ(outcome.out,
              "accepted " + good.string() + ": v-good-c 1.2.3 (load position 1)\n" + "refused  " + other.string() +
                  ": field 'interface' name: expected 'test', found 'other' (from 'other/1') [interface_mismatch]\n" +
                  "accepted " + constructor.string() + ": v-constructor-valid 1.0.0 (load position 2)\n" + "refused  " +
                  garbage.string() + ": not an ELF file: expected magic 7f 45 4c 46, found 6e 6f 74 20 [not_elf]\n" +
                  "2 accepted, 2 refused\n");
    EXPECT_FALSE(fs::exists(trace()));  // c.so's constructor never ran
}

TEST_F(Check, EveryFileAcceptedIsStatusZero) {
    const auto good = plugins_.add_fixture("v_good_c.so", "a.so");
    const Outcome outcome = tenon({"check", "--interface", interface().string(), good.string()});
    EXPECT_EQ(outcome.status, 0);
    EXPECT_EQ(outcome.out, "accepted " + good.string() + ": v-good-c 1.2.3 (load position 1)\n1 accepted, 0 refused\n");
}

TEST_F(Check, JsonHasOneEntryPerFile) {
    const auto good = plugins_.add_fixture("v_good_c.so", "a.so");
    const auto other = plugins_.add_fixture("v_interface_other.so", "b.so");
    const Outcome outcome = tenon({"check", "--json", "--interface", interface().string(), plugins_.path().string()});
    EXPECT_EQ(outcome.status, 1);
    const nlohmann::ordered_json expected = {
        {"plugins",
         {{{"file", good.string()},
           {"verdict", "accepted"},
           {"name", "v-good-c"},
           {"version", "1.2.3"},
           {"load_position", 1}},
          {{"file", other.string()},
           {"verdict", "refused"},
           {"code", "interface_mismatch"},
           {"message", other.string() + ": field 'interface' name: expected 'test', found 'other' (from 'other/1')"}}}},
        {"errors", nlohmann::ordered_json::array()},
        {"accepted", 1},
        {"refused", 1},
        {"ok", false}};
    EXPECT_EQ(nlohmann::ordered_json::parse(outcome.out), expected);
}

TEST_F(Check, ADamagedInterfaceIsRefusedWithItsMember) {
    std::ofstream(interface(), std::ios::trunc) << R"({"format": "tenon-interface 2"})";
    const Outcome outcome = tenon({"check", "--interface", interface().string(), plugins_.path().string()});
    EXPECT_EQ(outcome.status, 1);
    EXPECT_EQ(outcome.out, "");
    EXPECT_EQ(outcome.err,
              "tenon: " + interface().string() + ": member 'interface': expected to be present, found nothing\n");
}

}  // namespace
