// A required plugin that is not among those being loaded.
#include "dependencies_support.hpp"

#include <gtest/gtest.h>

namespace {

using dependencies_test::files;
using dependencies_test::path;
using dependencies_test::Refusal;
using dependencies_test::Strings;
using tenon::Errc;

using Missing = dependencies_test::DependencyTest;

TEST_F(Missing, RequirementWithARangeNamesTheRangeAndThePlugin) {
    const auto report = load(files({"d_web_range.so", "d_b.so"}));

    const std::string message = path("d_web_range.so").string() +
                                ": requirement 'net' (>=1.2 <2): expected a plugin named 'net' among those being "
                                "loaded, found none";
    EXPECT_EQ(dependencies_test::refusals(report),
              (std::vector<Refusal>{{Errc::missing_dependency, message, path("d_web_range.so")}}));
    EXPECT_EQ(recorder_.lines(), Strings{"[tenon] error: " + message});
    EXPECT_TRUE(report.loaded.empty());
    EXPECT_TRUE(recorder_.events().empty());
}

TEST_F(Missing, RequirementWithoutARangeNamesOnlyThePlugin) {
    const auto report = load(files({"d_web_any.so"}));

    EXPECT_EQ(dependencies_test::refusals(report),
              (std::vector<Refusal>{{Errc::missing_dependency,
                                     path("d_web_any.so").string() +
                                         ": requirement 'net': expected a plugin named 'net' among those being "
                                         "loaded, found none",
                                     path("d_web_any.so")}}));
    EXPECT_TRUE(report.loaded.empty());
}

TEST_F(Missing, OnePluginGetsOneErrorForItsFirstMissingRequirementByName) {
    // d needs a and b, neither loaded: the error names a only.
    const auto report = load(files({"d_d_needs_a_b.so"}));

    EXPECT_EQ(dependencies_test::refusals(report),
              (std::vector<Refusal>{{Errc::missing_dependency,
                                     path("d_d_needs_a_b.so").string() +
                                         ": requirement 'a': expected a plugin named 'a' among those being "
                                         "loaded, found none",
                                     path("d_d_needs_a_b.so")}}));
}

TEST_F(Missing, AFileNamedLikeThePluginDoesNotProvideIt) {
    // net.so holds the plugin "b": a requirement names a plugin, never a file.
    tenon_test::TempDir dir;
    const auto net_file = dir.add_fixture("d_b.so", "net.so");
    const auto web_file = dir.add_fixture("d_web_any.so", "web.so");
    start(tenon::LoadMode::lenient);

    const auto report = load(dependencies_test::directory(dir.path()));

    EXPECT_EQ(dependencies_test::refusals(report),
              (std::vector<Refusal>{{Errc::missing_dependency,
                                     web_file.string() +
                                         ": requirement 'net': expected a plugin named 'net' among those being loaded, "
                                         "found none",
                                     web_file}}));
    EXPECT_EQ(report.loaded, Strings{"b"});
    EXPECT_EQ(host_->plugins().at(0).file, net_file);
}

TEST_F(Missing, ProviderRefusedDuringValidationCountsAsAbsent) {
    // bad_range is refused for its own malformed requirement before dependencies
    // are resolved, so user finds no plugin of that name among those being loaded.
    start(tenon::LoadMode::lenient);
    const auto report = load(files({"d_needs_bad_range.so", "d_bad_range.so", "d_c.so"}));

    EXPECT_EQ(dependencies_test::refusals(report),
              (std::vector<Refusal>{
                  {Errc::malformed_metadata,
                   path("d_bad_range.so").string() +
                       ": requirement 'net': field 'range': expected space-separated comparators such as "
                       "'>=1.2 <2', found '>=abc'",
                   path("d_bad_range.so")},
                  {Errc::missing_dependency,
                   path("d_needs_bad_range.so").string() +
                       ": requirement 'bad_range': expected a plugin named 'bad_range' among those being loaded, "
                       "found none",
                   path("d_needs_bad_range.so")}}));
    EXPECT_EQ(report.loaded, Strings{"c"});
    EXPECT_EQ(recorder_.events(), inits({"c"}));
}

}  // namespace
