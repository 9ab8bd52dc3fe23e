// Hook::call_attributed: one walk of the chain, as operator() makes, that
// also names the plugin that decided the result; no handler runs twice.
#include "lifecycle_support.hpp"

#include <gtest/gtest.h>

#include <cerrno>

namespace {

class AttributedCall : public lifecycle_test::HostTest {};

TEST_F(AttributedCall, FirstClaimerNamesTheClaimer) {
    ASSERT_NO_FATAL_FAILURE(load({"l_decline_1.so", "l_claim.so", "l_decline_2.so"}));
    int answer = 0;
    const tenon::HandlerResult decided = hook<test_claim_hook>().call_attributed(7, &answer);
    EXPECT_EQ(decided.plugin, "claim");
    EXPECT_EQ(decided.result, 0);
    EXPECT_EQ(answer, 1007);
}

TEST_F(AttributedCall, FirstClaimerWithNoClaimerNamesNone) {
    ASSERT_NO_FATAL_FAILURE(load({"l_decline_1.so", "l_decline_2.so"}));
    int answer = 0;
    const tenon::HandlerResult decided = hook<test_claim_hook>().call_attributed(7, &answer);
    EXPECT_EQ(decided.plugin, "");
    EXPECT_EQ(decided.result, -ENOTSUP);
}

TEST_F(AttributedCall, AFailingClaimerIsNamedWithItsResult) {
    ASSERT_NO_FATAL_FAILURE(load({"l_decline_1.so", "l_fail_eio.so", "l_claim.so"}));
    int answer = 0;
    const tenon::HandlerResult decided = hook<test_claim_hook>().call_attributed(7, &answer);
    EXPECT_EQ(decided.plugin, "fail_eio");
    EXPECT_EQ(decided.result, -EIO);
    EXPECT_EQ(answer, 0);  // claim, after it, never ran
}

TEST_F(AttributedCall, BroadcastNamesTheFirstFailureAndRunsEveryHandlerOnce) {
    ASSERT_NO_FATAL_FAILURE(load({"l_count_1.so", "l_fail_eperm.so", "l_fail_eio.so", "l_count_2.so"}));
    int counter = 0;
    const tenon::HandlerResult decided = hook<test_notify_hook>().call_attributed(&counter);
    EXPECT_EQ(decided.plugin, "fail_eperm");
    EXPECT_EQ(decided.result, -EPERM);
    EXPECT_EQ(counter, 4);  // each of the four handlers once
}

TEST_F(AttributedCall, BroadcastWithoutFailureNamesNone) {
    ASSERT_NO_FATAL_FAILURE(load({"l_count_1.so", "l_decline_1.so", "l_count_2.so"}));
    int counter = 0;
    const tenon::HandlerResult decided = hook<test_notify_hook>().call_attributed(&counter);
    EXPECT_EQ(decided.plugin, "");
    EXPECT_EQ(decided.result, 0);
    EXPECT_EQ(counter, 2);
}

}  // namespace
