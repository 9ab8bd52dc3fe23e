// Dependency cycles: every member refused with the cycle's path, written from
// the member first in load order; a plugin that needs a member refused too.
#include "dependencies_support.hpp"

#include <gtest/gtest.h>

namespace {

using dependencies_test::files;
using dependencies_test::path;
using dependencies_test::Refusal;
using dependencies_test::Strings;
using tenon::Errc;

class Cycle : public dependencies_test::DependencyTest {
protected:
    // Strict load of `fixtures` whose every member is refused with `cycle_path`, in file order; nothing runs.
    void expect_cycle(std::initializer_list<std::string> fixtures, const std::string &cycle_path) {
        const auto report = load(files(fixtures));

        std::vector<Refusal> expected;
        Strings lines;
        for (const auto &fixture : fixtures) {
            const std::string message = path(fixture).string() + ": dependency cycle: " + cycle_path;
            expected.push_back({Errc::dependency_cycle, message, path(fixture)});
            lines.push_back("[tenon] error: " + message);
        }
        EXPECT_EQ(dependencies_test::refusals(report), expected);
        EXPECT_EQ(recorder_.lines(), lines);
        EXPECT_TRUE(report.loaded.empty());
        EXPECT_TRUE(plugin_names().empty());
        EXPECT_TRUE(recorder_.events().empty());
    }
};

TEST_F(Cycle, TwoPluginsRequiringEachOther) {
    expect_cycle({"d_a_needs_b.so", "d_b_needs_a.so"}, "a -> b -> a");
}

TEST_F(Cycle, TwoPluginCyclePathStartsAtTheFirstInLoadOrder) {
    expect_cycle({"d_b_needs_a.so", "d_a_needs_b.so"}, "b -> a -> b");
}

TEST_F(Cycle, ThreePluginCycle) {
    expect_cycle({"d_a_needs_b.so", "d_b_needs_c.so", "d_c_needs_a.so"}, "a -> b -> c -> a");
}

TEST_F(Cycle, ThreePluginCyclePathStartsAtTheFirstInLoadOrder) {
    expect_cycle({"d_c_needs_a.so", "d_a_needs_b.so", "d_b_needs_c.so"}, "c -> a -> b -> c");
}

TEST_F(Cycle, ThreePluginCyclePathStartsAtTheFirstInLoadOrderWhateverItRequires) {
    expect_cycle({"d_b_needs_c.so", "d_c_needs_a.so", "d_a_needs_b.so"}, "b -> c -> a -> b");
}

TEST_F(Cycle, PluginRequiringItself) {
    expect_cycle({"d_self.so"}, "self -> self");
}

TEST_F(Cycle, PathStartsAtTheFirstMemberEvenWhenTheCycleIsReachedThroughAnother) {
    // first needs b; b and a need each other. Following requirements from first
    // meets b before a, yet the path is written from a, the earlier file.
    const auto report = load(files({"d_first_needs_b.so", "d_a_needs_b.so", "d_b_needs_a.so"}));

    EXPECT_EQ(dependencies_test::refusals(report),
              (std::vector<Refusal>{
                  {Errc::missing_dependency,
                   path("d_first_needs_b.so").string() +
                       ": requirement 'b': expected it to load, found it refused (see the error for b)",
                   path("d_first_needs_b.so")},
                  {Errc::dependency_cycle, path("d_a_needs_b.so").string() + ": dependency cycle: a -> b -> a",
                   path("d_a_needs_b.so")},
                  {Errc::dependency_cycle, path("d_b_needs_a.so").string() + ": dependency cycle: a -> b -> a",
                   path("d_b_needs_a.so")}}));
    EXPECT_TRUE(report.loaded.empty());
    EXPECT_TRUE(recorder_.events().empty());
}

TEST_F(Cycle, EachOfTwoCyclesIsReportedWithItsOwnPath) {
    const auto report = load(files({"d_a_needs_b.so", "d_self.so", "d_b_needs_a.so"}));

    EXPECT_EQ(dependencies_test::refusals(report),
              (std::vector<Refusal>{
                  {Errc::dependency_cycle, path("d_a_needs_b.so").string() + ": dependency cycle: a -> b -> a",
                   path("d_a_needs_b.so")},
                  {Errc::dependency_cycle, path("d_self.so").string() + ": dependency cycle: self -> self",
                   path("d_self.so")},
                  {Errc::dependency_cycle, path("d_b_needs_a.so").string() + ": dependency cycle: a -> b -> a",
                   path("d_b_needs_a.so")},
              }));
    EXPECT_TRUE(report.loaded.empty());
    EXPECT_TRUE(recorder_.events().empty());
}

TEST_F(Cycle, LenientRefusesTheCycleAndItsDependentAndLoadsTheRest) {
    start(tenon::LoadMode::lenient);
    // e needs a, which is in the cycle a -> b -> a; c needs nothing.
    const auto report = load(files({"d_e_needs_a.so", "d_a_needs_b.so", "d_c.so", "d_b_needs_a.so"}));

    const std::string e_message = path("d_e_needs_a.so").string() +
                                  ": requirement 'a': expected it to load, found it refused (see the error for a)";
    const std::string a_message = path("d_a_needs_b.so").string() + ": dependency cycle: a -> b -> a";
    const std::string b_message = path("d_b_needs_a.so").string() + ": dependency cycle: a -> b -> a";
    EXPECT_EQ(dependencies_test::refusals(report),
              (std::vector<Refusal>{{Errc::missing_dependency, e_message, path("d_e_needs_a.so")},
                                    {Errc::dependency_cycle, a_message, path("d_a_needs_b.so")},
                                    {Errc::dependency_cycle, b_message, path("d_b_needs_a.so")}}));
    EXPECT_EQ(recorder_.lines(),
              (Strings{"[tenon] warn: " + e_message, "[tenon] warn: " + a_message, "[tenon] warn: " + b_message}));
    EXPECT_EQ(report.loaded, Strings{"c"});
    EXPECT_EQ(plugin_names(), Strings{"c"});
    EXPECT_EQ(chain(), Strings{"c"});
    EXPECT_EQ(recorder_.events(), inits({"c"}));
}

}  // namespace
