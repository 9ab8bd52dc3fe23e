// criu_plugin_get_options(): CRIU's --plugin-option values reach plugins as
// CRIU hands them out ("criu-plugin", then "--NAME=VALUE" each, then NULL),
// to binary plugins through libtenon-criu and to source-compatible ones
// through the services table.
#include "criu_support.hpp"

namespace {

using namespace criu_test;

class PluginOptions : public CriuTest {};

Strings expected_lines(const std::string &plugin) {
    const std::string head = "[" + plugin + "] info: ";
    return {head + "option 0: criu-plugin", head + "option 1: --cuda_plugin.backend=driver-api",
            head + "option 2: --example.flag", head + "argv[3] is NULL"};
}

TEST_F(PluginOptions, BinaryAndSourcePluginsSeeCriusVector) {
    PluginDirectory directory({{"b_options.so", "1.so"}, {"c_options.so", "2.so"}});
    Options options;
    options.plugin_options = {"cuda_plugin.backend=driver-api", "example.flag"};
    const auto report = start(directory, Stage::dump, options);
    ASSERT_TRUE(report.ok()) << testing::PrintToString(tenon_test::messages(report));
    EXPECT_EQ(lines_from(recorder_, "options_binary"), expected_lines("options_binary"));
    EXPECT_EQ(lines_from(recorder_, "options_source"), expected_lines("options_source"));
}

TEST_F(PluginOptions, WithoutOptionsTheVectorHoldsArgv0Only) {
    PluginDirectory directory({{"b_options.so", "1.so"}});
    ASSERT_TRUE(start(directory).ok());
    EXPECT_EQ(lines_from(recorder_, "options_binary"),
              (Strings{"[options_binary] info: option 0: criu-plugin", "[options_binary] info: argv[1] is NULL"}));
}

}  // namespace
