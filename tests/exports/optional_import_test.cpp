// An optional import (no TENON_REQUIRES): the consumer carries on without the
// provider, and finds it only when it was initialised first.
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
const std::string no_provider = std::to_string(TENON_IMPORT_NO_PROVIDER);
const std::string not_initialised_yet =
    "import 'storage_get' from 'storage': provider: expected a loaded, initialised plugin named 'storage', found it "
    "loaded but not initialised yet (require it with TENON_REQUIRES to be initialised after it)";

class OptionalImport : public exports_test::HostTest {};

TEST_F(OptionalImport, AbsentProviderLeavesTheConsumerLoadedAndWorking) {
    const auto report = host_->load(fixture_files({"x_reader.so"}), TEST_STAGE_DUMP);

    ASSERT_TRUE(report.ok()) << testing::PrintToString(tenon_test::messages(report));
    EXPECT_EQ(report.loaded, Strings{"reader"});
    const std::string why =
        "import 'storage_get' from 'storage': provider: expected a loaded, initialised plugin named 'storage', "
        "found none";
    EXPECT_EQ(recorder_.events(), (Strings{"reader: import in init " + no_provider, "reader: why " + why}));
    EXPECT_EQ(lines_from(recorder_, "reader"), Strings{"[reader] debug: " + why});

    int answer = -1;
    EXPECT_EQ(claim(1, answer), 0);
    EXPECT_EQ(answer, 0);
    EXPECT_EQ(events_of(recorder_, "reader").back(), "reader: read without storage 0");
}

TEST_F(OptionalImport, ProviderLaterInLoadOrderIsNotInitialisedYet) {
    ASSERT_NO_FATAL_FAILURE(load({"x_reader.so", "x_storage.so"}));

    EXPECT_EQ(recorder_.events(), (Strings{"reader: import in init " + no_provider,
                                           "reader: why " + not_initialised_yet, "storage: init 11"}));
    EXPECT_EQ(lines_from(recorder_, "reader"), Strings{"[reader] debug: " + not_initialised_yet});
    int answer = -1;
    EXPECT_EQ(claim(1, answer), 0);
    EXPECT_EQ(answer, 0);  // still without storage
}

// Exit runs in reverse load order, so storage, loaded after reader, exits first.
TEST_F(OptionalImport, ImportAfterTheProviderExitedSaysSo) {
    ASSERT_NO_FATAL_FAILURE(load({"x_reader.so", "x_storage.so"}));
    host_->finish(TEST_STAGE_DUMP, 0);

    const Strings events = events_of(recorder_, "reader");
    ASSERT_GE(events.size(), 2u);
    EXPECT_EQ(Strings(events.end() - 2, events.end()),
              (Strings{"reader: import in exit " + no_provider,
                       "reader: why import 'storage_get' from 'storage': provider: expected a loaded, initialised "
                       "plugin named 'storage', found it already exited (the host is finishing)"}));
}

TEST_F(OptionalImport, ImportingAgainFromAHookFindsTheProviderOnceInitialised) {
    ASSERT_NO_FATAL_FAILURE(load({"x_reader.so", "x_storage.so"}));
    int answer = -1;

    EXPECT_EQ(claim(2, answer), 0);
    EXPECT_EQ(answer, TENON_IMPORT_OK);
    EXPECT_EQ(claim(1, answer), 0);
    EXPECT_EQ(answer, 5);  // strlen("hello")
    EXPECT_EQ(events_of(recorder_, "reader"),
              (Strings{"reader: import in init " + no_provider, "reader: why " + not_initialised_yet,
                       "reader: import in hook " + ok, "reader: read hello"}));
}

TEST_F(OptionalImport, ProviderEarlierInLoadOrderIsFoundInInit) {
    ASSERT_NO_FATAL_FAILURE(load({"x_storage.so", "x_reader.so"}));

    EXPECT_EQ(recorder_.events(), (Strings{"storage: init 11", "reader: import in init " + ok}));
    int answer = -1;
    EXPECT_EQ(claim(1, answer), 0);
    EXPECT_EQ(answer, 5);
    EXPECT_EQ(events_of(recorder_, "reader").back(), "reader: read hello");
    EXPECT_TRUE(lines_from(recorder_, "reader").empty());
}

}  // namespace
