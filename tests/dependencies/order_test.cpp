// Load order with requirements: every plugin after the plugins it requires,
// ties broken by source order, and init, exit, report, plugins() and the
// broadcast chain all telling the same order.
#include "dependencies_support.hpp"

#include <gtest/gtest.h>

namespace {

using dependencies_test::files;
using dependencies_test::Strings;

class Order : public dependencies_test::DependencyTest {
protected:
    // Checks a successful load against `expected` everywhere the order shows,
    // then finishes the host and checks that exit ran in exact reverse.
    void expect_order(const tenon::LoadReport &report, const Strings &expected) {
        EXPECT_TRUE(report.ok()) << testing::PrintToString(tenon_test::messages(report));
        EXPECT_EQ(report.loaded, expected);
        EXPECT_EQ(plugin_names(), expected);
        EXPECT_EQ(chain(), expected);
        EXPECT_EQ(recorder_.events(), inits(expected));
        EXPECT_TRUE(recorder_.lines().empty()) << testing::PrintToString(recorder_.lines());

        host_->finish(TEST_STAGE_DUMP, 0);

        Strings events = inits(expected);
        for (const auto &exit : exits(Strings(expected.rbegin(), expected.rend()))) {
            events.push_back(exit);
        }
        EXPECT_EQ(recorder_.events(), events);
        EXPECT_TRUE(plugin_names().empty());
    }
};

TEST_F(Order, DirectoryIsOrderedAfterRequirementsWithFileOrderBreakingTies) {
    // a.so needs c, d.so needs a and b. Ready at first: b and c (b is earlier);
    // then c, which frees a; then a, which frees d.
    tenon_test::TempDir dir;
    dir.add_fixture("d_a_needs_c.so", "a.so");
    dir.add_fixture("d_b.so", "b.so");
    dir.add_fixture("d_c.so", "c.so");
    dir.add_fixture("d_d_needs_a_b.so", "d.so");

    const auto report = load(dependencies_test::directory(dir.path()));

    expect_order(report, {"b", "c", "a", "d"});
}

TEST_F(Order, DependencyLaterInFileOrderIsMovedAheadOfItsDependent) {
    expect_order(load(files({"d_a_needs_c.so", "d_c.so"})), {"c", "a"});
}

TEST_F(Order, PluginFreedByTheLastPlacedOneGoesBeforeLaterReadyOnes) {
    // b and c are ready at first; placing b frees a, which is earlier than c,
    // so a goes next: the smallest ready position, not first-ready-first-placed.
    expect_order(load(files({"d_a_needs_b.so", "d_b.so", "d_c.so"})), {"b", "a", "c"});
}

TEST_F(Order, WithoutRequirementsLoadOrderIsSourceOrder) {
    expect_order(load(files({"d_c.so", "d_b.so"})), {"c", "b"});
}

TEST_F(Order, PriorityTierStillDecidesTheChainOverRequirements) {
    // first (TENON_PRIORITY_FIRST) requires b (normal): it inits after b, yet dispatches before it.
    const auto report = load(files({"d_first_needs_b.so", "d_b.so"}));

    ASSERT_TRUE(report.ok()) << testing::PrintToString(tenon_test::messages(report));
    EXPECT_EQ(report.loaded, (Strings{"b", "first"}));
    EXPECT_EQ(plugin_names(), (Strings{"b", "first"}));
    EXPECT_EQ(chain(), (Strings{"first", "b"}));
    host_->finish(TEST_STAGE_DUMP, 0);
    EXPECT_EQ(recorder_.events(), (Strings{"b: init 11", "first: init 11", "first: exit 11", "b: exit 11"}));
}

}  // namespace
