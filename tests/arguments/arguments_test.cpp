// Per-plugin arguments: what a plugin reads (typed, with fallbacks), every
// refusal before dlopen (an undeclared key, a bad int or bool, a key given
// twice, a required one missing) with its exact message and no plugin code
// run, arguments for a plugin the load does not have, and the
// "name,key=value,..." parser.
#include "host_test.hpp"

#include <tenon/metadata.hpp>

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace {

using tenon_test::HostTest;
using Strings = std::vector<std::string>;

class ArgumentsTest : public HostTest {
protected:
    // Loads `fixture` (whose plugin name is its file name without ".so") with `arguments` for it.
    tenon::LoadReport load_with(const std::string &fixture, std::vector<tenon::PluginArgument> arguments) {
        tenon::PluginSources sources = tenon_test::fixture_files({fixture});
        sources.arguments.push_back({fixture.substr(0, fixture.size() - 3), std::move(arguments)});
        return host_->load(sources, TEST_STAGE_DUMP);
    }
    std::string refusal(const std::string &fixture, const std::string &rest) const {
        const std::string plugin = fixture.substr(0, fixture.size() - 3);
        return tenon_test::fixture(fixture).string() + ": plugin '" + plugin + "': argument " + rest;
    }
};

TEST_F(ArgumentsTest, APluginReadsWhatItWasGivenTypedAndItsFallbacksOtherwise) {
    const auto report = load_with("args.so", {{"depth", "0x10"}, {"verbose", "yes"}, {"label", "night run"}});
    ASSERT_TRUE(report.ok()) << testing::PrintToString(tenon_test::messages(report));
    EXPECT_EQ(recorder_.events(), (Strings{"args: depth 16", "args: verbose 1", "args: label night run"}));
}

TEST_F(ArgumentsTest, NothingGivenMeansEveryFallback) {
    load({"args.so"});
    EXPECT_EQ(recorder_.events(), (Strings{"args: depth -1", "args: verbose 7", "args: label (none)"}));
}

TEST_F(ArgumentsTest, IntegersAreDecimalOrHexNeverOctalAndMayBeSigned) {
    const auto report = load_with("args.so", {{"depth", "-010"}, {"verbose", "off"}});
    ASSERT_TRUE(report.ok()) << testing::PrintToString(tenon_test::messages(report));
    EXPECT_EQ(recorder_.events(), (Strings{"args: depth -10", "args: verbose 0", "args: label (none)"}));
}

TEST_F(ArgumentsTest, EachBadArgumentRefusesThePluginBeforeItsCodeRuns) {
    struct Case {
        std::vector<tenon::PluginArgument> given;
        std::string message;
    };
    const std::vector<Case> cases = {
        {{{"colour", "red"}},
         "'colour': expected an argument the plugin declares (depth, label, verbose), found one it does not declare"},
        {{{"depth", "ten"}},
         "'depth': expected an int (decimal, or hexadecimal after 0x, within 64 bits), found 'ten'"},
        {{{"depth", "99999999999999999999"}},
         "'depth': expected an int (decimal, or hexadecimal after 0x, within 64 bits), found "
         "'99999999999999999999' (out of range)"},
        {{{"depth", ""}}, "'depth': expected an int (decimal, or hexadecimal after 0x, within 64 bits), found ''"},
        {{{"verbose", "maybe"}}, "'verbose': expected a bool (on, off, true, false, yes, no, 1 or 0), found 'maybe'"},
        {{{"depth", "1"}, {"depth", "2"}}, "'depth': expected it given once, found it given twice"},
        {{{"label", "line\nbreak"}, {"color\x1b", "x"}},
         "'color\\x1b': expected an argument the plugin declares (depth, label, verbose), found one it does not "
         "declare"},
    };
    for (const Case &each : cases) {
        const auto report = load_with("args.so", each.given);
        EXPECT_EQ(tenon_test::messages(report), Strings{refusal("args.so", each.message)});
        ASSERT_FALSE(report.errors.empty());
        EXPECT_EQ(report.errors[0].code, tenon::Errc::bad_plugin_argument);
    }
    EXPECT_EQ(recorder_.events(), Strings{});  // its init never ran
}

TEST_F(ArgumentsTest, ARequiredArgumentMustBeGiven) {
    const auto refused = load_with("args_required.so", {{"depth", "1"}});
    EXPECT_EQ(tenon_test::messages(refused),
              Strings{refusal("args_required.so", "'mode': expected a string value (it is required), found none")});
    EXPECT_EQ(recorder_.events(), Strings{});

    const auto report = load_with("args_required.so", {{"mode", "fast"}});
    ASSERT_TRUE(report.ok()) << testing::PrintToString(tenon_test::messages(report));
    EXPECT_EQ(recorder_.events(), (Strings{"args_required: depth -1", "args_required: verbose 7",
                                           "args_required: label (none)", "args_required: mode fast"}));
}

TEST_F(ArgumentsTest, APluginThatDeclaresNoArgumentsAcceptsNone) {
    const auto report = load_with("args_none.so", {{"depth", "1"}});
    EXPECT_EQ(tenon_test::messages(report),
              Strings{refusal("args_none.so",
                              "'depth': expected none (the plugin declares no arguments), found one it "
                              "does not declare")});
    EXPECT_EQ(recorder_.events(), Strings{});
}

TEST_F(ArgumentsTest, ArgumentsForAPluginTheLoadDoesNotHaveAreReportedAndTheLoadGoesOn) {
    tenon::PluginSources sources = tenon_test::fixture_files({"args.so"});
    sources.arguments.push_back({"absent", {{"x", "1"}}});
    const auto report = host_->load(sources, TEST_STAGE_DUMP);
    ASSERT_TRUE(report.ok());
    EXPECT_TRUE(
        recorder_.has_line("[tenon] warn: arguments for plugin 'absent': expected a plugin of that name among "
                           "this load's files, found none; they are not used"));
}

TEST(ParsePluginArguments, NameThenKeyValuePairsInOrder) {
    auto parsed = tenon::parse_plugin_arguments("tracer,depth=3,filter=a=b,empty=");
    ASSERT_TRUE(parsed) << parsed.error().message;
    EXPECT_EQ(parsed->plugin, "tracer");
    EXPECT_EQ(parsed->arguments,
              (std::vector<tenon::PluginArgument>{{"depth", "3"}, {"filter", "a=b"}, {"empty", ""}}));
    auto alone = tenon::parse_plugin_arguments("tracer");
    ASSERT_TRUE(alone);
    EXPECT_TRUE(alone->arguments.empty());
}

TEST(ParsePluginArguments, EachMalformedPartIsNamed) {
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"", "plugin arguments '': expected a plugin name before the first ',', found ''"},
        {",a=1", "plugin arguments ',a=1': expected a plugin name before the first ',', found ''"},
        {"p,flag", "plugin arguments 'p,flag': expected key=value, found 'flag'"},
        {"p,=1", "plugin arguments 'p,=1': expected a key before '=', found '=1'"},
        {"p,a=1,", "plugin arguments 'p,a=1,': expected key=value, found ''"},
    };
    for (const auto &[spec, message] : cases) {
        auto parsed = tenon::parse_plugin_arguments(spec);
        ASSERT_FALSE(parsed) << spec;
        EXPECT_EQ(parsed.error().code, tenon::Errc::invalid_argument);
        EXPECT_EQ(parsed.error().message, message);
    }
}

TEST(ArgumentMetadata, TheFileListsTheArgumentsByName) {
    const auto metadata = tenon::read_plugin_metadata(tenon_test::fixture("args_required.so"));
    ASSERT_TRUE(metadata) << metadata.error().message;
    ASSERT_EQ(metadata->arguments.size(), 4u);
    EXPECT_EQ(metadata->arguments[0].name, "depth");
    EXPECT_EQ(metadata->arguments[0].type, TENON_ARG_INT);
    EXPECT_EQ(metadata->arguments[0].description, "How deep to look");
    EXPECT_EQ(metadata->arguments[2].name, "mode");
    EXPECT_TRUE(metadata->arguments[2].required);
    EXPECT_FALSE(metadata->arguments[3].required);
}

}  // namespace
