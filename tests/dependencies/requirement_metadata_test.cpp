// Requirements as the metadata reader sees them: read from the file without
// running it, and malformed ones refused (malformed_metadata) before any load.
#include "dependencies_support.hpp"

#include <tenon/metadata.hpp>

#include <gtest/gtest.h>

#include <utility>

namespace {

using dependencies_test::files;
using dependencies_test::path;
using dependencies_test::Refusal;
using dependencies_test::Strings;
using tenon::Errc;
using Requirements = std::vector<std::pair<std::string, std::string>>;

Requirements requirements_of(const std::string &fixture) {
    const auto metadata = tenon::read_plugin_metadata(path(fixture));
    Requirements out;
    for (const auto &requirement : metadata.value().requirements) {
        out.emplace_back(requirement.name, requirement.range);
    }
    return out;
}

TEST(RequirementMetadata, ListsEachRequirementByNameWithItsRangeAsWritten) {
    EXPECT_EQ(requirements_of("d_d_needs_a_b.so"), (Requirements{{"a", ""}, {"b", ""}}));
    EXPECT_EQ(requirements_of("d_web_range.so"), (Requirements{{"net", ">=1.2 <2"}}));
    EXPECT_EQ(requirements_of("d_top_needs_app.so"), (Requirements{{"app", ">=1"}}));
    EXPECT_EQ(requirements_of("d_b.so"), Requirements{});
}

class MalformedRequirement : public dependencies_test::DependencyTest {
protected:
    // The reader's error, then a strict load of the file before a good one: refused, and no init runs.
    void expect_refused(const std::string &fixture, const std::string &what) {
        const std::string message = path(fixture).string() + ": " + what;
        const auto metadata = tenon::read_plugin_metadata(path(fixture));
        ASSERT_FALSE(metadata.ok());
        EXPECT_EQ(metadata.error().code, Errc::malformed_metadata);
        EXPECT_EQ(metadata.error().message, message);

        const auto report = load(files({fixture, "d_b.so"}));

        EXPECT_EQ(dependencies_test::refusals(report),
                  (std::vector<Refusal>{{Errc::malformed_metadata, message, path(fixture)}}));
        EXPECT_EQ(recorder_.lines(), Strings{"[tenon] error: " + message});
        EXPECT_TRUE(report.loaded.empty());
        EXPECT_TRUE(recorder_.events().empty());
    }
};

TEST_F(MalformedRequirement, RangeThatDoesNotParse) {
    expect_refused("d_bad_range.so",
                   "requirement 'net': field 'range': expected space-separated comparators such as '>=1.2 <2', found "
                   "'>=abc'");
}

TEST_F(MalformedRequirement, SamePluginRequiredTwice) {
    expect_refused("d_required_twice.so",
                   "requirement 'net': declarations: expected one per required plugin, found two");
}

TEST_F(MalformedRequirement, RequiredNameThatIsNotAPluginName) {
    // The fixture has no hook, so its one record is at offset 0 of the section.
    expect_refused("d_bad_required_name.so",
                   "record at offset 0: field 'name': expected a non-empty plugin name of letters, digits and ._+-, "
                   "found 'bad name'");
}

TEST_F(MalformedRequirement, LenientSkipsOnlyThePluginWithTheBadRequirement) {
    start(tenon::LoadMode::lenient);

    const auto report = load(files({"d_bad_range.so", "d_b.so"}));

    ASSERT_EQ(report.errors.size(), 1u);
    EXPECT_EQ(report.errors[0].code, Errc::malformed_metadata);
    EXPECT_EQ(report.loaded, Strings{"b"});
    EXPECT_EQ(recorder_.events(), inits({"b"}));
}

}  // namespace
