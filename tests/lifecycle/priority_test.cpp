// Priority tiers: a chain is ordered by tier (FIRST, NORMAL, LAST), then by
// load order within a tier, whatever order the files came in.
#include "lifecycle_support.hpp"

#include <gtest/gtest.h>

#include <cerrno>

namespace {

using lifecycle_test::Answers;
using lifecycle_test::answers;

class Priority : public lifecycle_test::HostTest {};

TEST_F(Priority, BroadcastChainIsTierThenLoadOrder) {
    ASSERT_NO_FATAL_FAILURE(load({"l_tier_last_1.so", "l_tier_normal.so", "l_tier_first.so", "l_tier_last_2.so"}));
    int counter = 0;
    EXPECT_EQ(answers(hook<test_notify_hook>().collect(&counter)),
              (Answers{{"tier_first", 0}, {"tier_normal", 0}, {"tier_last_1", 0}, {"tier_last_2", 0}}));
    EXPECT_EQ(counter, 4);
}

TEST_F(Priority, FirstClaimerChainIsTierThenLoadOrder) {
    ASSERT_NO_FATAL_FAILURE(load({"l_tier_last_2.so", "l_tier_last_1.so", "l_tier_normal.so", "l_tier_first.so"}));
    int answer = 0;
    EXPECT_EQ(answers(hook<test_claim_hook>().collect(1, &answer)), (Answers{{"tier_first", -ENOTSUP},
                                                                             {"tier_normal", -ENOTSUP},
                                                                             {"tier_last_2", -ENOTSUP},
                                                                             {"tier_last_1", -ENOTSUP}}));
}

TEST_F(Priority, NormalTierPluginsKeepLoadOrderAroundOtherTiers) {
    // decline_1 and claim register at normal priority; the FIRST-tier plugin still runs before both.
    ASSERT_NO_FATAL_FAILURE(load({"l_claim.so", "l_tier_last_1.so", "l_decline_1.so", "l_tier_first.so"}));
    int answer = 0;
    EXPECT_EQ(answers(hook<test_claim_hook>().collect(1, &answer)), (Answers{{"tier_first", -ENOTSUP}, {"claim", 0}}));
    EXPECT_EQ(answer, 1001);
}

TEST(PriorityFromDirectory, TiersOverrideFileNameOrder) {
    tenon_test::TempDir dir;
    dir.add_fixture("l_tier_last_1.so", "1-last.so");
    dir.add_fixture("l_tier_normal.so", "2-normal.so");
    dir.add_fixture("l_tier_first.so", "3-first.so");
    auto host = tenon::Host::create(tenon_test::test_config());
    ASSERT_TRUE(host);
    tenon::PluginSources sources;
    sources.directories = {dir.path()};
    const auto report = host->load(sources, TEST_STAGE_DUMP);
    ASSERT_TRUE(report.ok()) << testing::PrintToString(tenon_test::messages(report));
    EXPECT_EQ(report.loaded, (std::vector<std::string>{"tier_last_1", "tier_normal", "tier_first"}));

    int counter = 0;
    EXPECT_EQ(answers(host->hook<test_notify_hook>().value().collect(&counter)),
              (Answers{{"tier_first", 0}, {"tier_normal", 0}, {"tier_last_1", 0}}));
    host->finish(TEST_STAGE_DUMP, 0);
}

}  // namespace
