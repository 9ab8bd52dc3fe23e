// A required plugin's version against the requirement's range, through real
// loads: each case loads the dependent first and the provider "net" second.
#include "dependencies_support.hpp"

#include <gtest/gtest.h>

#include <ostream>

namespace {

using dependencies_test::files;
using dependencies_test::path;
using dependencies_test::Refusal;
using dependencies_test::Strings;
using tenon::Errc;

struct VersionCase {
    std::string web;          // fixture that requires net
    std::string range;        // its range, as written in the fixture
    std::string net;          // fixture that provides net
    std::string net_version;  // net's version, as written in the fixture
    bool accepted;
};

void PrintTo(const VersionCase &c, std::ostream *out) {
    *out << "net " << c.net_version << (c.accepted ? " in " : " not in ") << "'" << c.range << "'";
}

class Version : public dependencies_test::DependencyTest, public testing::WithParamInterface<VersionCase> {};

// e.g. "net_2_0_0_rc_1_in_web_range": the two fixtures without their "d_" prefix.
std::string case_name(const testing::TestParamInfo<VersionCase> &info) {
    return info.param.net.substr(2) + (info.param.accepted ? "_in_" : "_outside_") + info.param.web.substr(2);
}

TEST_P(Version, LoadsTheDependentOnlyWhenTheProviderIsInRange) {
    const VersionCase &c = GetParam();
    start(tenon::LoadMode::lenient);

    const auto report = load(files({c.web + ".so", c.net + ".so"}));

    if (c.accepted) {
        EXPECT_TRUE(report.ok()) << testing::PrintToString(tenon_test::messages(report));
        EXPECT_EQ(report.loaded, (Strings{"net", "web"}));
        EXPECT_EQ(chain(), (Strings{"net", "web"}));
        EXPECT_EQ(recorder_.events(), inits({"net", "web"}));
    } else {
        const std::string message = path(c.web + ".so").string() + ": requirement 'net' (" + c.range +
                                    "): expected a version in that range, found net " + c.net_version + " (" +
                                    path(c.net + ".so").string() + ")";
        EXPECT_EQ(dependencies_test::refusals(report),
                  (std::vector<Refusal>{{Errc::dependency_version, message, path(c.web + ".so")}}));
        EXPECT_EQ(recorder_.lines(), Strings{"[tenon] warn: " + message});
        EXPECT_EQ(report.loaded, Strings{"net"});
        EXPECT_EQ(recorder_.events(), inits({"net"}));
    }
}

// ">=1.2 <2" reads as >=1.2.0 and <2.0.0. 2.0.0-rc.1 precedes 2.0.0, but a pre-release only satisfies a
// range that names a pre-release of the same version, so the next major's candidate is refused.
INSTANTIATE_TEST_SUITE_P(BoundedRange, Version,
                         testing::Values(VersionCase{"d_web_range", ">=1.2 <2", "d_net_1_1_0", "1.1.0", false},
                                         VersionCase{"d_web_range", ">=1.2 <2", "d_net_1_2_0", "1.2.0", true},
                                         VersionCase{"d_web_range", ">=1.2 <2", "d_net_1_2_1", "1.2.1", true},
                                         VersionCase{"d_web_range", ">=1.2 <2", "d_net_2_0_0_rc_1", "2.0.0-rc.1", false},
                                         VersionCase{"d_web_range", ">=1.2 <2", "d_net_2_0_0", "2.0.0", false}),
                         case_name);

// "=1.2" is exactly 1.2.0; "1.2.1" without an operator is exactly 1.2.1.
INSTANTIATE_TEST_SUITE_P(Exact, Version,
                         testing::Values(VersionCase{"d_web_exact", "=1.2", "d_net_1_2_0", "1.2.0", true},
                                         VersionCase{"d_web_exact", "=1.2", "d_net_1_2_1", "1.2.1", false},
                                         VersionCase{"d_web_bare", "1.2.1", "d_net_1_2_1", "1.2.1", true},
                                         VersionCase{"d_web_bare", "1.2.1", "d_net_1_2_0", "1.2.0", false}),
                         case_name);

// An empty range accepts every version, pre-releases included.
INSTANTIATE_TEST_SUITE_P(AnyVersion, Version,
                         testing::Values(VersionCase{"d_web_any", "", "d_net_1_1_0", "1.1.0", true},
                                         VersionCase{"d_web_any", "", "d_net_2_0_0", "2.0.0", true},
                                         VersionCase{"d_web_any", "", "d_net_2_0_0_rc_1", "2.0.0-rc.1", true}),
                         case_name);

}  // namespace
