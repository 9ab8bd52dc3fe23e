// Required imports: the consumer imports storage's exports in its init, and
// the imported functions work from init, from a hook and from exit; the same
// from C++, and with another spelling of the signature. A consumer whose
// required provider fails its init never runs its own.
#include "exports_support.hpp"

#include <gtest/gtest.h>

#include <tenon/services.h>

#include <string>

namespace {

using exports_test::events_of;
using exports_test::fixture_files;
using exports_test::lines_from;
using exports_test::Strings;

const std::string ok = std::to_string(TENON_IMPORT_OK);

class Import : public exports_test::HostTest {};

TEST_F(Import, RequiredProviderIsInitialisedFirstAndTheImportsWorkInInit) {
    // consumer is listed first; its TENON_REQUIRES puts storage before it.
    const auto report = host_->load(fixture_files({"x_consumer.so", "x_storage.so"}), TEST_STAGE_DUMP);

    ASSERT_TRUE(report.ok()) << testing::PrintToString(tenon_test::messages(report));
    EXPECT_EQ(report.loaded, (Strings{"storage", "consumer"}));
    // put returns the entry count (storage seeds "motd"), get the value's length.
    EXPECT_EQ(recorder_.events(),
              (Strings{"storage: init 11", "consumer: import put " + ok, "consumer: import get " + ok,
                       "consumer: import count " + ok, "consumer: put 2", "consumer: get 4", "consumer: value blue"}));
    EXPECT_TRUE(lines_from(recorder_, "consumer").empty());  // a successful import logs nothing
}

TEST_F(Import, ImportedFunctionsWorkFromAHookLater) {
    ASSERT_NO_FATAL_FAILURE(load({"x_storage.so", "x_consumer.so"}));
    int answer = 0;

    EXPECT_EQ(claim(1, answer), 0);
    EXPECT_EQ(answer, 2);  // motd and colour
    EXPECT_EQ(claim(2, answer), 0);
    EXPECT_EQ(answer, 3);  // size added
    EXPECT_EQ(claim(1, answer), 0);
    EXPECT_EQ(answer, 3);
    EXPECT_EQ(claim(3, answer), 0);
    EXPECT_EQ(answer, 5);  // strlen("hello")
    EXPECT_EQ(events_of(recorder_, "consumer").back(), "consumer: value hello");
}

TEST_F(Import, ImportedFunctionsStayValidInTheConsumersExit) {
    ASSERT_NO_FATAL_FAILURE(load({"x_storage.so", "x_consumer.so"}));
    int answer = 0;
    ASSERT_EQ(claim(2, answer), 0);

    host_->finish(TEST_STAGE_DUMP, 0);

    // The consumer exits first and can still call storage; then storage exits.
    EXPECT_EQ(recorder_.events(),
              (Strings{"storage: init 11", "consumer: import put " + ok, "consumer: import get " + ok,
                       "consumer: import count " + ok, "consumer: put 2", "consumer: get 4", "consumer: value blue",
                       "consumer: exit count 3", "storage: exit 11"}));
}

TEST_F(Import, CppConsumerImportsFromACProvider) {
    ASSERT_NO_FATAL_FAILURE(load({"x_storage.so", "x_cpp_consumer.so"}));

    EXPECT_EQ(events_of(recorder_, "cpp_consumer"),
              (Strings{"cpp_consumer: import get " + ok, "cpp_consumer: import count " + ok}));
    int answer = 0;
    EXPECT_EQ(claim(1, answer), 0);
    EXPECT_EQ(answer, 1);  // motd
    EXPECT_EQ(claim(3, answer), 0);
    EXPECT_EQ(answer, 5);  // strlen("hello")
}

TEST_F(Import, SignaturesCompareWithoutRegardToSpacing) {
    // probe_respaced declares storage_get as "int(const char*,char*,size_t)".
    ASSERT_NO_FATAL_FAILURE(load({"x_storage.so", "x_probe_respaced.so"}));

    EXPECT_EQ(events_of(recorder_, "probe_respaced"),
              (Strings{"probe_respaced: declares int(const char*,char*,size_t)", "probe_respaced: import " + ok,
                       "probe_respaced: slot set"}));
}

// "Required: ... An import in your init therefore finds it initialised." So in lenient mode, a consumer
// whose required provider fails its init is dropped with it, and its init (and imports) never run.
TEST(ImportLenient, ConsumerOfAProviderWhoseInitFailedIsNotInitialised) {
    tenon_test::Recorder recorder;
    auto host = tenon::Host::create(tenon_test::test_config(tenon::LoadMode::lenient));
    ASSERT_TRUE(host);
    recorder.attach(host.value());

    const auto report = host->load(fixture_files({"x_storage_init_fails.so", "x_consumer.so"}), TEST_STAGE_DUMP);

    EXPECT_TRUE(report.loaded.empty());
    EXPECT_EQ(recorder.events(), Strings{"storage: init 11"});  // consumer's init never runs
    ASSERT_EQ(report.errors.size(), 2u);
    EXPECT_EQ(report.errors[0].code, tenon::Errc::init_failed);
    EXPECT_EQ(report.errors[0].message, tenon_test::fixture("x_storage_init_fails.so").string() +
                                            ": plugin 'storage': init(stage 11): expected 0, found -5 (Input/output "
                                            "error)");
    EXPECT_EQ(report.errors[1].code, tenon::Errc::missing_dependency);
    EXPECT_EQ(report.errors[1].message, tenon_test::fixture("x_consumer.so").string() +
                                            ": requirement 'storage' (>=1.2 <2): expected it to load, found it "
                                            "refused (see the error for storage)");
    EXPECT_TRUE(lines_from(recorder, "consumer").empty());  // no import was attempted
    host->finish(TEST_STAGE_DUMP, 0);
}

}  // namespace
