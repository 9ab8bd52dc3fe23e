// The runtime's version parsing and semver precedence, tested directly
// (src/common/versions.cpp is compiled into this binary).
#include "common/versions.hpp"

#include <gtest/gtest.h>

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace {

using tenon::detail::compare;
using tenon::detail::parse_semantic_version;
using tenon::detail::parse_version_range;
using tenon::detail::SemanticVersion;
using tenon::detail::VersionRange;
using Op = VersionRange::Op;

SemanticVersion version(const std::string &text) {
    SemanticVersion out;
    EXPECT_TRUE(parse_semantic_version(text, out)) << text;
    return out;
}

VersionRange range(const std::string &text) {
    VersionRange out;
    EXPECT_TRUE(parse_version_range(text, out)) << "'" << text << "'";
    return out;
}

bool parses_as_range(const std::string &text) {
    VersionRange out;
    return parse_version_range(text, out);
}

bool parses_as_version(const std::string &text) {
    SemanticVersion out;
    return parse_semantic_version(text, out);
}

// Every pair of `ascending` compares as its positions do, in both directions.
void expect_ascending(const std::vector<std::string> &ascending) {
    for (std::size_t i = 0; i < ascending.size(); ++i) {
        for (std::size_t j = 0; j < ascending.size(); ++j) {
            const int expected = i < j ? -1 : (i > j ? 1 : 0);
            const int actual = compare(version(ascending[i]), version(ascending[j]));
            EXPECT_EQ((actual > 0) - (actual < 0), expected) << ascending[i] << " vs " << ascending[j];
        }
    }
}

TEST(SemanticVersionPrecedence, PreReleasesInTheSemverSpecExampleOrder) {
    expect_ascending({"1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11",
                      "1.0.0-rc.1", "1.0.0"});
}

TEST(SemanticVersionPrecedence, CoreNumbersCompareNumericallyMajorFirst) {
    expect_ascending({"0.0.0", "0.0.1", "0.1.0", "0.9.0", "0.10.0", "1.0.0", "1.0.9", "1.0.10", "1.99.99", "2.0.0",
                      "10.0.0", "18446744073709551615.0.0"});
}

TEST(SemanticVersionPrecedence, NumericIdentifiersCompareNumericallyAndBeforeAlphanumericOnes) {
    expect_ascending({"1.0.0-2", "1.0.0-11", "1.0.0-11.1", "1.0.0-A", "1.0.0-a", "1.0.0-a-b", "1.0.0-b"});
    expect_ascending({"1.0.0-rc.2", "1.0.0-rc.11", "1.0.0-rc.x"});
    expect_ascending({"1.0.0-0", "1.0.0-0a"});  // "0a" is alphanumeric, so it sorts after every number
}

TEST(SemanticVersionPrecedence, BuildMetadataIsIgnored) {
    EXPECT_EQ(compare(version("1.0.0+build.1"), version("1.0.0+build.2")), 0);
    EXPECT_EQ(compare(version("1.0.0-rc.1+x"), version("1.0.0-rc.1")), 0);
    EXPECT_EQ(version("1.2.3-rc.1+exp.sha.5114f85").prerelease, "rc.1");
}

TEST(SemanticVersionParse, ReadsEachPart) {
    const SemanticVersion v = version("12.34.56-beta.7");
    EXPECT_EQ(v.major, 12u);
    EXPECT_EQ(v.minor, 34u);
    EXPECT_EQ(v.patch, 56u);
    EXPECT_EQ(v.prerelease, "beta.7");
}

TEST(SemanticVersionParse, RejectsWhatIsNotASemanticVersion) {
    for (const std::string text :
         {"", "1", "1.2", "1.2.3.4", "v1.2.3", "01.2.3", "1.02.3", "1.2.03", "1.2.3-", "1.2.3+", "1.2.3-a..b",
          "1.2.3-a_b", "1.2.-3", "-1.2.3", "1.2.3 ", "18446744073709551616.0.0"}) {
        EXPECT_FALSE(parses_as_version(text)) << "'" << text << "'";
    }
}

// Semver 2.0.0 item 9: "Numeric identifiers MUST NOT include leading zeroes."
TEST(SemanticVersionParse, RejectsANumericPreReleaseIdentifierWithALeadingZero) {
    EXPECT_FALSE(parses_as_version("1.0.0-01"));
    EXPECT_FALSE(parses_as_version("1.0.0-rc.01"));
    EXPECT_TRUE(parses_as_version("1.0.0-0"));
    EXPECT_TRUE(parses_as_version("1.0.0-0a"));  // alphanumeric: leading zeros allowed
}

TEST(VersionRangeParse, ComparatorsWithMissingNumbersTakenAsZero) {
    const VersionRange r = range(">=1.2 <2");
    ASSERT_EQ(r.comparators.size(), 2u);
    EXPECT_EQ(r.comparators[0].op, Op::greater_equal);
    EXPECT_EQ(compare(r.comparators[0].version, version("1.2.0")), 0);
    EXPECT_EQ(r.comparators[1].op, Op::less);
    EXPECT_EQ(compare(r.comparators[1].version, version("2.0.0")), 0);
}

TEST(VersionRangeParse, EachOperatorAndNoneMeaningEqual) {
    const VersionRange r = range("=1 <2 <=3 >4 >=5 6.7 8.9.10-rc.1");
    ASSERT_EQ(r.comparators.size(), 7u);
    const std::vector<std::pair<Op, std::string>> expected = {
        {Op::equal, "1.0.0"},         {Op::less, "2.0.0"},  {Op::less_equal, "3.0.0"}, {Op::greater, "4.0.0"},
        {Op::greater_equal, "5.0.0"}, {Op::equal, "6.7.0"}, {Op::equal, "8.9.10-rc.1"}};
    for (std::size_t i = 0; i < expected.size(); ++i) {
        EXPECT_EQ(r.comparators[i].op, expected[i].first) << i;
        EXPECT_EQ(compare(r.comparators[i].version, version(expected[i].second)), 0) << i;
        EXPECT_EQ(r.comparators[i].version.prerelease, version(expected[i].second).prerelease) << i;
    }
}

TEST(VersionRangeParse, EmptyStarAndBlankAcceptAnyVersion) {
    for (const std::string text : {"", "*", " ", "  *  "}) {
        EXPECT_TRUE(range(text).comparators.empty()) << "'" << text << "'";
    }
    EXPECT_EQ(range("  >=1   <2 ").comparators.size(), 2u);  // runs of spaces separate, as one space does
}

TEST(VersionRangeParse, RejectsWhatIsNotAListOfComparators) {
    for (const std::string text :
         {"1.2.3.4", ">",        ">=",       "=",      "1.x",   "x",     ">=abc", ">= 1.2", "=>1", "==1",   "^1.2",
          "~1.2",    "1.2 || 2", "1.2-rc.1", "1-rc.1", "* >=1", ">=1 *", "01",    "1..2",   "-1",  ">=1,<2"}) {
        EXPECT_FALSE(parses_as_range(text)) << "'" << text << "'";
    }
}

TEST(VersionRangeContains, GreaterOrEqual) {
    const VersionRange r = range(">=1.2");
    EXPECT_TRUE(r.contains(version("1.2.0")));
    EXPECT_TRUE(r.contains(version("1.10.0")));
    EXPECT_FALSE(r.contains(version("1.1.9")));
    EXPECT_FALSE(r.contains(version("1.2.0-rc.1")));  // a pre-release precedes its release
}

TEST(VersionRangeContains, Greater) {
    const VersionRange r = range(">1.2");
    EXPECT_FALSE(r.contains(version("1.2.0")));
    EXPECT_TRUE(r.contains(version("1.2.1")));
    EXPECT_FALSE(r.contains(version("1.3.0-alpha")));  // no comparator names a 1.3.0 pre-release
}

// Like npm and Cargo: a pre-release satisfies only a range that names a pre-release of the same version.
TEST(VersionRangeContains, LessRefusesThePreReleasesOfItsBound) {
    const VersionRange r = range("<2");
    EXPECT_TRUE(r.contains(version("1.99.99")));
    EXPECT_FALSE(r.contains(version("2.0.0-rc.1")));
    EXPECT_TRUE(range("<2.0.0-rc.5").contains(version("2.0.0-rc.1")));
    EXPECT_FALSE(r.contains(version("2.0.0")));
    EXPECT_FALSE(r.contains(version("2.0.1")));
}

TEST(VersionRangeContains, LessOrEqual) {
    const VersionRange r = range("<=2");
    EXPECT_TRUE(r.contains(version("2.0.0")));
    EXPECT_TRUE(r.contains(version("2.0.0+build")));
    EXPECT_FALSE(r.contains(version("2.0.1")));
}

TEST(VersionRangeContains, EqualWithAndWithoutOperator) {
    for (const std::string text : {"=1.2", "1.2", "1.2.0"}) {
        const VersionRange r = range(text);
        EXPECT_TRUE(r.contains(version("1.2.0"))) << text;
        EXPECT_TRUE(r.contains(version("1.2.0+build.7"))) << text;
        EXPECT_FALSE(r.contains(version("1.2.1"))) << text;
        EXPECT_FALSE(r.contains(version("1.2.0-rc.1"))) << text;
    }
}

TEST(VersionRangeContains, EveryComparatorMustHold) {
    const VersionRange r = range(">=1.2 <2");
    EXPECT_FALSE(r.contains(version("1.1.0")));
    EXPECT_TRUE(r.contains(version("1.2.0")));
    EXPECT_FALSE(r.contains(version("2.0.0-rc.1")));
    EXPECT_FALSE(r.contains(version("2.0.0")));
    EXPECT_FALSE(range(">2 <1").contains(version("1.5.0")));
}

TEST(VersionRangeContains, PreReleaseBounds) {
    const VersionRange r = range(">=1.0.0-rc.1 <1.0.0");
    EXPECT_FALSE(r.contains(version("1.0.0-beta.5")));
    EXPECT_TRUE(r.contains(version("1.0.0-rc.1")));
    EXPECT_TRUE(r.contains(version("1.0.0-rc.2")));
    EXPECT_FALSE(r.contains(version("1.0.0")));
}

TEST(VersionRangeContains, EmptyAndStarContainEverything) {
    for (const std::string text : {"", "*"}) {
        const VersionRange r = range(text);
        EXPECT_TRUE(r.contains(version("0.0.0"))) << text;
        EXPECT_TRUE(r.contains(version("99.0.0-x.1"))) << text;
    }
}

}  // namespace
