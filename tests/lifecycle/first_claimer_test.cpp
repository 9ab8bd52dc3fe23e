// First-claimer dispatch: handlers run in chain order until one returns
// something other than -ENOTSUP; that result is the hook's result.
#include "lifecycle_support.hpp"

#include <gtest/gtest.h>

#include <cerrno>

namespace {

using lifecycle_test::Answers;
using lifecycle_test::answers;

class FirstClaimer : public lifecycle_test::HostTest {
protected:
    tenon::Hook<test_claim_hook> claim() const { return hook<test_claim_hook>(); }
};

TEST_F(FirstClaimer, FallsThroughDeclinersToTheClaimer) {
    ASSERT_NO_FATAL_FAILURE(load({"l_decline_1.so", "l_decline_2.so", "l_claim.so"}));
    int answer = 0;
    EXPECT_EQ(claim()(7, &answer), 0);
    EXPECT_EQ(answer, 1007);
    EXPECT_EQ(answers(claim().collect(7, &answer)),
              (Answers{{"decline_1", -ENOTSUP}, {"decline_2", -ENOTSUP}, {"claim", 0}}));
}

TEST_F(FirstClaimer, StopsAtTheFirstClaimer) {
    ASSERT_NO_FATAL_FAILURE(load({"l_claim.so", "l_decline_1.so"}));
    int answer = 0;
    EXPECT_EQ(claim()(7, &answer), 0);
    EXPECT_EQ(answer, 1007);
    EXPECT_EQ(answers(claim().collect(7, &answer)), (Answers{{"claim", 0}}));  // decline_1 is never asked
}

TEST_F(FirstClaimer, AllDecliningIsNotSupported) {
    ASSERT_NO_FATAL_FAILURE(load({"l_decline_1.so", "l_decline_2.so"}));
    int answer = 0;
    EXPECT_EQ(claim()(7, &answer), -ENOTSUP);
    EXPECT_EQ(answer, 0);
    EXPECT_EQ(answers(claim().collect(7, &answer)), (Answers{{"decline_1", -ENOTSUP}, {"decline_2", -ENOTSUP}}));
}

TEST_F(FirstClaimer, NoPluginsLoadedIsNotSupported) {
    int answer = 0;
    EXPECT_EQ(claim().size(), 0u);
    EXPECT_EQ(claim()(7, &answer), -ENOTSUP);
    EXPECT_TRUE(claim().collect(7, &answer).empty());
}

TEST_F(FirstClaimer, HookImplementedByNoLoadedPluginIsNotSupported) {
    ASSERT_NO_FATAL_FAILURE(load({"l_count_1.so"}));  // implements test_notify only
    int answer = 0;
    EXPECT_EQ(claim().size(), 0u);
    EXPECT_EQ(claim()(7, &answer), -ENOTSUP);
    EXPECT_TRUE(claim().collect(7, &answer).empty());
}

TEST_F(FirstClaimer, AnErrorStopsTheChainAndIsReturned) {
    ASSERT_NO_FATAL_FAILURE(load({"l_decline_1.so", "l_fail_eio.so", "l_claim.so"}));
    int answer = 0;
    EXPECT_EQ(claim()(7, &answer), -EIO);
    EXPECT_EQ(answer, 0);  // the claimer behind the failure never ran
    EXPECT_EQ(answers(claim().collect(7, &answer)), (Answers{{"decline_1", -ENOTSUP}, {"fail_eio", -EIO}}));
}

}  // namespace
