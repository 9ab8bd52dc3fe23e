// `tenon inspect` of what ABI 1.1 added to a plugin's records: the
// "arguments" block in text and key in JSON (both only for plugins that
// declare arguments), and requirements "if present"; exact.
#include "test_support.hpp"
#include "tool_support.hpp"

#include <gtest/gtest.h>

namespace {

using namespace tool_test;

class InspectArguments : public ::testing::Test {
protected:
    Outcome tenon(const std::vector<std::string> &args) const { return run_tenon(scratch_.path(), args); }
    tenon_test::TempDir scratch_;
};

TEST_F(InspectArguments, TextListsEachArgumentWithItsTypeAndWhetherRequired) {
    const fs::path file = tenon_test::fixture("args_required.so");
    const Outcome outcome = tenon({"inspect", file.string()});
    EXPECT_EQ(outcome.status, 0);
    EXPECT_EQ(outcome.err, "");
    const std::string block =
        "requires    0\n"
        "arguments   4\n"
        "  depth    int  How deep to look\n"
        "  label    string  What to call the run\n"
        "  mode     string  required  fast or thorough\n"
        "  verbose  bool  Say more\n"
        "notes       0\n";
    ASSERT_GE(outcome.out.size(), block.size());
    EXPECT_EQ(outcome.out.substr(outcome.out.size() - block.size()), block);
}

TEST_F(InspectArguments, JsonHasAnArgumentsArrayAfterRequires) {
    const fs::path file = tenon_test::fixture("args_required.so");
    const Outcome outcome = tenon({"inspect", "--json", file.string()});
    EXPECT_EQ(outcome.status, 0);
    const auto json = nlohmann::ordered_json::parse(outcome.out);
    std::vector<std::string> keys;
    for (const auto &item : json.items()) {
        keys.push_back(item.key());
    }
    ASSERT_GE(keys.size(), 3u);
    EXPECT_EQ((std::vector<std::string>(keys.end() - 4, keys.end())),
              (std::vector<std::string>{"requires", "arguments", "notes", "file"}));
    EXPECT_EQ(json["arguments"][2].dump(),
              R"({"name":"mode","type":"string","required":true,"description":"fast or thorough"})");
}

// TENON_REQUIRES_IF_PRESENT shows as such (a dependencies-area fixture: the whole build makes it).
TEST_F(InspectArguments, ARequirementIfPresentIsMarkedInTextAndJson) {
    const fs::path file = tenon_test::fixture("d_opt_after_net.so");
    const Outcome text = tenon({"inspect", file.string()});
    EXPECT_NE(text.out.find("requires    1\n  net  >=1.2 <2  if present\n"), std::string::npos) << text.out;
    const Outcome json = tenon({"inspect", "--json", file.string()});
    EXPECT_EQ(nlohmann::ordered_json::parse(json.out)["requires"].dump(),
              R"([{"name":"net","range":">=1.2 <2","if_present":true}])");
}

}  // namespace
