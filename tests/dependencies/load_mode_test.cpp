// One failed requirement in strict mode (nothing loads) and in lenient mode
// (the rest loads; the refusal spreads to everything that needs the refused plugin).
#include "dependencies_support.hpp"

#include <gtest/gtest.h>

namespace {

using dependencies_test::files;
using dependencies_test::path;
using dependencies_test::Refusal;
using dependencies_test::Strings;
using tenon::Errc;

class StrictLenient : public dependencies_test::DependencyTest {
protected:
    // top needs app (>=1), app needs web, web needs net >=1.2 <2 but net is 1.1.0; b needs nothing.
    tenon::LoadReport load_chain_with_a_bad_version() {
        return load(files({"d_top_needs_app.so", "d_app_needs_web.so", "d_web_range.so", "d_net_1_1_0.so", "d_b.so"}));
    }

    // In file order: top and app refused because what they need is, web for net's version.
    static std::vector<Refusal> expected_refusals() {
        return {{Errc::missing_dependency,
                 path("d_top_needs_app.so").string() +
                     ": requirement 'app' (>=1): expected it to load, found it refused (see the error for app)",
                 path("d_top_needs_app.so")},
                {Errc::missing_dependency,
                 path("d_app_needs_web.so").string() +
                     ": requirement 'web': expected it to load, found it refused (see the error for web)",
                 path("d_app_needs_web.so")},
                {Errc::dependency_version,
                 path("d_web_range.so").string() +
                     ": requirement 'net' (>=1.2 <2): expected a version in that range, found net 1.1.0 (" +
                     path("d_net_1_1_0.so").string() + ")",
                 path("d_web_range.so")}};
    }

    static Strings expected_lines(const std::string &level) {
        Strings lines;
        for (const auto &refusal : expected_refusals()) {
            lines.push_back("[tenon] " + level + ": " + refusal.message);
        }
        return lines;
    }
};

TEST_F(StrictLenient, StrictLoadsNothingAndRunsNoInitWhenOneRequirementFails) {
    start(tenon::LoadMode::strict);

    const auto report = load_chain_with_a_bad_version();

    EXPECT_EQ(dependencies_test::refusals(report), expected_refusals());
    EXPECT_EQ(recorder_.lines(), expected_lines("error"));
    EXPECT_TRUE(report.loaded.empty());
    EXPECT_TRUE(plugin_names().empty());
    EXPECT_TRUE(chain().empty());
    EXPECT_TRUE(recorder_.events().empty());
}

TEST_F(StrictLenient, LenientLoadsTheRestAndRefusesEveryDependentOfTheRefusedPlugin) {
    start(tenon::LoadMode::lenient);

    const auto report = load_chain_with_a_bad_version();

    EXPECT_EQ(dependencies_test::refusals(report), expected_refusals());
    EXPECT_EQ(recorder_.lines(), expected_lines("warn"));
    EXPECT_EQ(report.loaded, (Strings{"net", "b"}));
    EXPECT_EQ(plugin_names(), (Strings{"net", "b"}));
    EXPECT_EQ(chain(), (Strings{"net", "b"}));
    host_->finish(TEST_STAGE_DUMP, 0);
    EXPECT_EQ(recorder_.events(), (Strings{"net: init 11", "b: init 11", "b: exit 11", "net: exit 11"}));
}

TEST_F(StrictLenient, StrictLoadsEveryPluginWhenEveryRequirementHolds) {
    start(tenon::LoadMode::strict);

    const auto report = load(files({"d_top_needs_app.so", "d_app_needs_web.so", "d_web_range.so", "d_net_1_2_0.so"}));

    EXPECT_TRUE(report.ok()) << testing::PrintToString(tenon_test::messages(report));
    EXPECT_EQ(report.loaded, (Strings{"net", "web", "app", "top"}));
    EXPECT_EQ(recorder_.events(), inits({"net", "web", "app", "top"}));
}

// A provider that fails its own init takes its dependents with it, even
// though requirements were resolved before any code ran.
TEST_F(StrictLenient, LenientDoesNotInitAPluginWhoseRequirementFailedItsInit) {
    start(tenon::LoadMode::lenient);

    const auto report = load(files({"d_web_range.so", "d_net_init_fails.so", "d_b.so"}));

    EXPECT_EQ(dependencies_test::refusals(report),
              (std::vector<Refusal>{
                  {Errc::init_failed,
                   path("d_net_init_fails.so").string() +
                       ": plugin 'net': init(stage 11): expected 0, found -5 (Input/output error)",
                   path("d_net_init_fails.so")},
                  {Errc::missing_dependency,
                   path("d_web_range.so").string() +
                       ": requirement 'net' (>=1.2 <2): expected it to load, found it refused (see the error for net)",
                   path("d_web_range.so")}}));
    EXPECT_EQ(report.loaded, Strings{"b"});
    EXPECT_EQ(recorder_.events(), (Strings{"net: init 11", "b: init 11"}));
}

}  // namespace
