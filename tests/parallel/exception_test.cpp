// A C++ parallel handler that throws: the SDK's wrapper contains it on the
// worker (an escaping exception would end the process), the handler's result
// is TENON_EXCEPTION_RESULT, the other handlers are unaffected, and an error
// line names the plugin, the hook and the function.
#include "parallel_support.hpp"

#include <gtest/gtest.h>

#include <tenon/plugin.h>

namespace {

using parallel_test::Results;
using parallel_test::results_of;
using parallel_test::sorted;
using parallel_test::Strings;
using tenon_test::lines_from;

class ParallelExceptions : public parallel_test::ParallelTest {};

TEST_F(ParallelExceptions, AThrowBecomesTheExceptionResultAndAnErrorLine) {
    ASSERT_NO_FATAL_FAILURE(create_host(2));
    ASSERT_NO_FATAL_FAILURE(load({"p_thrower.so", "p_ok.so"}));

    tenon::ParallelRun run = work().start(6);
    const tenon::ParallelOutcome &outcome = run.join();

    EXPECT_EQ(outcome.first_error, TENON_EXCEPTION_RESULT);
    EXPECT_EQ(results_of(outcome), (Results{{"thrower", TENON_EXCEPTION_RESULT}, {"ok", 0}}));
    EXPECT_EQ(sorted(control_.events()), (Strings{"ok: ran 6", "thrower: ran 6"}));
    EXPECT_EQ(lines_from(recorder_, "thrower"),
              Strings{"[thrower] error: hook 'par_work' (function throwing_work) threw an exception: parallel boom"});
}

}  // namespace
