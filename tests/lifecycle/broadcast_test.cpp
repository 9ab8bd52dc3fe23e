// Broadcast dispatch: every handler runs; the result is 0 or the first
// result that is neither 0 nor -ENOTSUP ("not mine" is not a failure).
#include "lifecycle_support.hpp"

#include <gtest/gtest.h>

#include <cerrno>

namespace {

using lifecycle_test::Answers;
using lifecycle_test::answers;

class Broadcast : public lifecycle_test::HostTest {
protected:
    tenon::Hook<test_notify_hook> notify() const { return hook<test_notify_hook>(); }
};

TEST_F(Broadcast, EveryHandlerRunsAndTheFirstErrorIsReturned) {
    ASSERT_NO_FATAL_FAILURE(
        load({"l_count_1.so", "l_fail_eio.so", "l_decline_1.so", "l_fail_eperm.so", "l_count_2.so"}));
    int counter = 0;
    EXPECT_EQ(notify()(&counter), -EIO);
    EXPECT_EQ(counter, 4);  // both failing plugins counted too, and count_2 ran after them
}

TEST_F(Broadcast, CollectReturnsEveryResultInChainOrder) {
    ASSERT_NO_FATAL_FAILURE(
        load({"l_count_1.so", "l_fail_eio.so", "l_decline_1.so", "l_fail_eperm.so", "l_count_2.so"}));
    int counter = 0;
    EXPECT_EQ(
        answers(notify().collect(&counter)),
        (Answers{{"count_1", 0}, {"fail_eio", -EIO}, {"decline_1", -ENOTSUP}, {"fail_eperm", -EPERM}, {"count_2", 0}}));
    EXPECT_EQ(counter, 4);
}

TEST_F(Broadcast, TheFirstErrorIsByChainOrderNotBySeverity) {
    ASSERT_NO_FATAL_FAILURE(load({"l_fail_eperm.so", "l_fail_eio.so"}));
    int counter = 0;
    EXPECT_EQ(notify()(&counter), -EPERM);
    EXPECT_EQ(counter, 2);
}

TEST_F(Broadcast, SuccessAndDeclinesGiveZero) {
    ASSERT_NO_FATAL_FAILURE(load({"l_decline_1.so", "l_count_1.so", "l_decline_2.so"}));
    int counter = 0;
    EXPECT_EQ(notify()(&counter), 0);
    EXPECT_EQ(counter, 1);
}

TEST_F(Broadcast, OnlyDeclinesGiveZero) {
    ASSERT_NO_FATAL_FAILURE(load({"l_decline_1.so", "l_decline_2.so"}));
    int counter = 0;
    EXPECT_EQ(notify()(&counter), 0);
    EXPECT_EQ(counter, 0);
    EXPECT_EQ(answers(notify().collect(&counter)), (Answers{{"decline_1", -ENOTSUP}, {"decline_2", -ENOTSUP}}));
}

TEST_F(Broadcast, NoHandlersGiveZero) {
    ASSERT_NO_FATAL_FAILURE(load({"l_claim.so"}));  // implements test_claim only
    int counter = 0;
    EXPECT_EQ(notify().size(), 0u);
    EXPECT_EQ(notify()(&counter), 0);
    EXPECT_TRUE(notify().collect(&counter).empty());
}

}  // namespace
