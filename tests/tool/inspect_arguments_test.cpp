// `tenon inspect` of a plugin that declares arguments: the "arguments" block
// in text and the "arguments" key in JSON (both only for such plugins), exact.
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
    const std::string block = "requires    0\n"
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

}  // namespace
