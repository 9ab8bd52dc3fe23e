// `tenon inspect` of plugins built for CRIU itself: the descriptor's name,
// version, max_hooks and the hooks the file sets, or a legacy plugin's
// symbols, read from the file; exact output, and nothing ran.
#include "test_support.hpp"
#include "tool_support.hpp"

#include <gtest/gtest.h>

namespace {

using namespace tool_test;

class InspectCriu : public ::testing::Test {
protected:
    Outcome tenon(const std::vector<std::string> &args) const { return run_tenon(scratch_.path(), args); }
    tenon_test::TempDir scratch_;
};

TEST_F(InspectCriu, ABinaryPluginWithHooksInItsInitialiser) {
    const fs::path file = tenon_test::fixture("b_static_hooks.so");
    const Outcome outcome = tenon({"inspect", file.string()});
    EXPECT_EQ(outcome.status, 0);
    EXPECT_EQ(outcome.err, "");
    EXPECT_EQ(outcome.out, "file        " + file.string() +
                               "\n"
                               "format      CRIU binary plugin (CR_PLUGIN_DESC)\n"
                               "plugin      static_hooks\n"
                               "version     0x200 (CRIU plugin API 0.2.0)\n"
                               "max_hooks   17\n"
                               "hooks       3 set in the file\n"
                               "  CR_PLUGIN_HOOK__DUMP_EXT_FILE\n"
                               "  CR_PLUGIN_HOOK__UPDATE_INETSK\n"
                               "  hook 16\n"
                               "notes       1\n"
                               "  - hooks a constructor stores (CRIU's CR_PLUGIN_REGISTER_HOOK) are only known after "
                               "dlopen\n");
}

TEST_F(InspectCriu, ABinaryPluginWhoseHooksConstructorsStore) {
    const fs::path file = tenon_test::fixture("b_binary.so");
    const Outcome outcome = tenon({"inspect", "--json", file.string()});
    EXPECT_EQ(outcome.status, 0);
    EXPECT_EQ(nlohmann::ordered_json::parse(outcome.out),
              (nlohmann::ordered_json{{"format", "criu-binary"},
                                      {"name", "binary"},
                                      {"version", 0x200},
                                      {"max_hooks", 15},
                                      {"hooks", nlohmann::ordered_json::array()},
                                      {"file", file.string()}}));
}

TEST_F(InspectCriu, ALegacyPluginListsItsSymbols) {
    const fs::path file = tenon_test::fixture("b_legacy.so");
    const Outcome outcome = tenon({"inspect", file.string()});
    EXPECT_EQ(outcome.status, 0);
    EXPECT_EQ(outcome.out, "file        " + file.string() +
                               "\n"
                               "format      CRIU legacy plugin (cr_plugin_* symbols)\n"
                               "plugin      b_legacy (from the file name)\n"
                               "symbols     3\n"
                               "  cr_plugin_init\n"
                               "  cr_plugin_fini\n"
                               "  cr_plugin_dump_file\n");
}

TEST_F(InspectCriu, AFileOfNeitherFormatKeepsTheTenonError) {
    const fs::path file = tenon_test::fixture("b_not_a_plugin.so");
    const Outcome outcome = tenon({"inspect", file.string()});
    EXPECT_EQ(outcome.status, 1);
    EXPECT_EQ(outcome.out, "");
    EXPECT_EQ(outcome.err, "tenon: " + file.string() +
                               ": no Tenon metadata: section 'tenon_descriptor' not found (was the plugin built with "
                               "TENON_PLUGIN?)\n");
}

}  // namespace
