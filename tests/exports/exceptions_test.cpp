// A C++ provider's export that throws: the C consumer gets the export's
// exception result, and the provider's log names the export and the function.
#include "exports_support.hpp"

#include <gtest/gtest.h>

#include <tenon/plugin.h>

#include <string>

namespace {

using exports_test::events_of;
using exports_test::lines_from;
using exports_test::Strings;

class ExportExceptions : public exports_test::HostTest {
protected:
    void SetUp() override {
        ASSERT_NO_FATAL_FAILURE(HostTest::SetUp());
        ASSERT_NO_FATAL_FAILURE(load({"x_thrower_user.so", "x_thrower.so"}));
    }
};

TEST_F(ExportExceptions, ImportsFromACppProviderSucceed) {
    const std::string ok = std::to_string(TENON_IMPORT_OK);
    EXPECT_EQ(events_of(recorder_, "thrower_user"),
              (Strings{"thrower_user: import check " + ok, "thrower_user: import reset " + ok,
                       "thrower_user: import scale " + ok}));
}

TEST_F(ExportExceptions, OrdinaryCallsPassThroughTheGuard) {
    int answer = 0;
    EXPECT_EQ(claim(1, answer), 0);
    EXPECT_EQ(answer, 42);
    EXPECT_EQ(claim(4, answer), 0);
    EXPECT_EQ(answer, 0);
    EXPECT_EQ(claim(6, answer), 0);
    EXPECT_EQ(answer, 30);
    EXPECT_TRUE(lines_from(recorder_, "thrower").empty());
}

TEST_F(ExportExceptions, IntExportReturnsTheExceptionResultForAStdException) {
    int answer = 0;
    EXPECT_EQ(claim(2, answer), 0);
    EXPECT_EQ(answer, TENON_EXCEPTION_RESULT);
    EXPECT_EQ(lines_from(recorder_, "thrower"),
              Strings{"[thrower] error: export 'thrower_check' (function check) threw an exception: unlucky 13"});
}

TEST_F(ExportExceptions, IntExportReturnsTheExceptionResultForAnyOtherException) {
    int answer = 0;
    EXPECT_EQ(claim(3, answer), 0);
    EXPECT_EQ(answer, TENON_EXCEPTION_RESULT);
    EXPECT_EQ(lines_from(recorder_, "thrower"),
              Strings{"[thrower] error: export 'thrower_check' (function check) threw an exception: an exception not "
                      "derived from std::exception"});
}

TEST_F(ExportExceptions, VoidExportReturnsToTheCaller) {
    int answer = 0;
    EXPECT_EQ(claim(5, answer), 0);
    EXPECT_EQ(answer, -5);  // the counter is left as it was
    EXPECT_EQ(events_of(recorder_, "thrower_user").back(), "thrower_user: reset returned -5");
    EXPECT_EQ(lines_from(recorder_, "thrower"),
              Strings{"[thrower] error: export 'thrower_reset' (function reset) threw an exception: negative counter"});
}

TEST_F(ExportExceptions, OtherReturnTypesGetAValueInitialisedResult) {
    int answer = -1;
    EXPECT_EQ(claim(7, answer), 0);
    EXPECT_EQ(answer, 0);  // long{}
    EXPECT_EQ(lines_from(recorder_, "thrower"),
              Strings{"[thrower] error: export 'thrower_scale' (function scale) threw an exception: negative scale"});
}

}  // namespace
