// C++ plugins: an exception thrown by a hook, an init or an exit never
// reaches the host; it becomes TENON_EXCEPTION_RESULT and an error line.
#include "lifecycle_support.hpp"

#include <gtest/gtest.h>

#include <tenon/plugin.h>

#include <cerrno>

namespace {

using lifecycle_test::Answers;
using lifecycle_test::answers;
using lifecycle_test::fixture_files;
using lifecycle_test::lines_from;
using tenon_test::fixture;
using Strings = std::vector<std::string>;

class Exceptions : public lifecycle_test::HostTest {};

TEST_F(Exceptions, StdExceptionFromAHookIsContainedAndLogged) {
    ASSERT_NO_FATAL_FAILURE(load({"l_throws.so"}));
    int answer = 0;
    EXPECT_EQ(hook<test_claim_hook>()(1, &answer), TENON_EXCEPTION_RESULT);
    EXPECT_EQ(lines_from(recorder_, "throws"),
              Strings{"[throws] error: hook 'test_claim' (function throw_on_claim) threw an exception: boom"});
}

TEST_F(Exceptions, NonStdExceptionFromAHookIsContainedAndLogged) {
    ASSERT_NO_FATAL_FAILURE(load({"l_throws.so"}));
    int answer = 0;
    EXPECT_EQ(hook<test_claim_hook>()(2, &answer), TENON_EXCEPTION_RESULT);
    EXPECT_EQ(lines_from(recorder_, "throws"),
              Strings{"[throws] error: hook 'test_claim' (function throw_on_claim) threw an exception: an exception "
                      "not derived from std::exception"});
}

TEST_F(Exceptions, GuardPassesOrdinaryResultsThrough) {
    ASSERT_NO_FATAL_FAILURE(load({"l_throws.so"}));
    int answer = 0;
    EXPECT_EQ(hook<test_claim_hook>()(5, &answer), 0);
    EXPECT_EQ(answer, 5);
    EXPECT_TRUE(lines_from(recorder_, "throws").empty());
}

TEST_F(Exceptions, ThrowStopsAFirstClaimerChainLikeAnyError) {
    ASSERT_NO_FATAL_FAILURE(load({"l_throws.so", "l_claim.so"}));
    int answer = 0;
    EXPECT_EQ(answers(hook<test_claim_hook>().collect(1, &answer)), (Answers{{"throws", TENON_EXCEPTION_RESULT}}));
    EXPECT_EQ(answer, 0);
}

TEST_F(Exceptions, BroadcastGoesOnAfterAThrow) {
    ASSERT_NO_FATAL_FAILURE(load({"l_throws.so", "l_count_1.so"}));
    const auto notify = hook<test_notify_hook>();
    int counter = 0;
    EXPECT_EQ(notify(&counter), TENON_EXCEPTION_RESULT);
    EXPECT_EQ(counter, 2);
    EXPECT_EQ(answers(notify.collect(&counter)), (Answers{{"throws", TENON_EXCEPTION_RESULT}, {"count_1", 0}}));
    EXPECT_EQ(
        lines_from(recorder_, "throws"),
        (Strings{"[throws] error: hook 'test_notify' (function count_then_throw) threw an exception: notify boom",
                 "[throws] error: hook 'test_notify' (function count_then_throw) threw an exception: notify boom"}));
}

TEST_F(Exceptions, ThrowFromExitIsContainedAndFinishCompletes) {
    ASSERT_NO_FATAL_FAILURE(load({"l_throws.so", "l_count_1.so"}));
    host_->finish(TEST_STAGE_DUMP, 0);
    EXPECT_EQ(lines_from(recorder_, "throws"), Strings{"[throws] error: exit threw an exception: exit boom"});
    EXPECT_TRUE(host_->plugins().empty());
}

TEST_F(Exceptions, ThrowFromInitIsAnInitFailure) {
    host_->set_log_level(tenon::LogLevel::info);  // only the two error lines, not the loader's debug notes
    const auto report = host_->load(fixture_files({"l_trace_a.so", "l_init_throws.so"}), TEST_STAGE_DUMP);

    static_assert(TENON_EXCEPTION_RESULT == -131, "the expected text spells Linux's ENOTRECOVERABLE");
    const std::string message =
        fixture("l_init_throws.so").string() +
        ": plugin 'init_throws': init(stage 11): expected 0, found -131 (State not recoverable)";
    ASSERT_EQ(report.errors.size(), 1u);
    EXPECT_EQ(report.errors[0].code, tenon::Errc::init_failed);
    EXPECT_EQ(report.errors[0].message, message);
    EXPECT_TRUE(host_->plugins().empty());
    EXPECT_EQ(recorder_.lines(),
              (Strings{"[init_throws] error: init threw an exception: init boom", "[tenon] error: " + message}));
    // Its exit never runs; trace_a's exit gets the exception's result.
    EXPECT_EQ(recorder_.events(),
              (Strings{"trace_a: init 11", "init_throws: init 11", "trace_a: exit 11", "trace_a: result -131"}));
}

}  // namespace
