// import_function's arguments: NULL ones, a NULL range, short message
// buffers, and an import made before the plugin has a services table.
#include "exports_support.hpp"

#include <gtest/gtest.h>

#include <tenon/services.h>

#include <string>

namespace {

using exports_test::events_of;
using exports_test::lines_from;
using exports_test::Strings;

const std::string ok = std::to_string(TENON_IMPORT_OK);
const std::string bad_argument = std::to_string(TENON_IMPORT_BAD_ARGUMENT);
const std::string no_export = std::to_string(TENON_IMPORT_NO_EXPORT);
const std::string missing_delete =
    "import 'storage_delete' from 'storage': export: expected one named 'storage_delete', found only storage_count, "
    "storage_get, storage_put";

class ImportArguments : public exports_test::HostTest {};

TEST_F(ImportArguments, NullArgumentsAreBadArgumentsAndClearTheSlot) {
    ASSERT_NO_FATAL_FAILURE(load({"x_storage.so", "x_raw_import.so"}));

    const Strings events = events_of(recorder_, "raw");
    ASSERT_GE(events.size(), 8u);
    EXPECT_EQ(Strings(events.begin(), events.begin() + 8),
              (Strings{"raw: provider NULL " + bad_argument + ", slot NULL",
                       "raw: why import: argument 'provider': expected a string, found NULL",
                       "raw: name NULL " + bad_argument + ", slot NULL",
                       "raw: why import: argument 'name': expected a string, found NULL",
                       "raw: signature NULL " + bad_argument + ", slot NULL",
                       "raw: why import: argument 'signature': expected a string, found NULL",
                       // Nowhere to write: the variable keeps its value.
                       "raw: out NULL " + bad_argument + ", slot set",
                       "raw: why import: argument 'out_function': expected a pointer, found NULL"}));
}

TEST_F(ImportArguments, NullRangeAcceptsAnyVersion) {
    ASSERT_NO_FATAL_FAILURE(load({"x_storage.so", "x_raw_import.so"}));

    const Strings events = events_of(recorder_, "raw");
    ASSERT_GE(events.size(), 10u);
    EXPECT_EQ(Strings(events.begin() + 8, events.begin() + 10),
              (Strings{"raw: range NULL " + ok + ", slot set", "raw: why "}));
}

TEST_F(ImportArguments, MessageIsTruncatedToTheBufferAndAlwaysTerminated) {
    ASSERT_NO_FATAL_FAILURE(load({"x_storage.so", "x_raw_import.so"}));

    const Strings events = events_of(recorder_, "raw");
    ASSERT_GE(events.size(), 16u);
    EXPECT_EQ(Strings(events.begin() + 10, events.begin() + 16),
              (Strings{"raw: message 16 " + no_export + ", slot NULL", "raw: why import 'storage",  // 15 + NUL
                       "raw: message 1 " + no_export + ", slot NULL", "raw: why ",                  // just the NUL
                       "raw: message NULL " + no_export + ", slot NULL", "raw: why "}));
    // The log always has the whole explanation.
    const Strings lines = lines_from(recorder_, "raw");
    ASSERT_GE(lines.size(), 7u);
    EXPECT_EQ(Strings(lines.begin(), lines.begin() + 7),
              (Strings{"[raw] debug: import: argument 'provider': expected a string, found NULL",
                       "[raw] debug: import: argument 'name': expected a string, found NULL",
                       "[raw] debug: import: argument 'signature': expected a string, found NULL",
                       "[raw] debug: import: argument 'out_function': expected a pointer, found NULL",
                       "[raw] debug: " + missing_delete, "[raw] debug: " + missing_delete,
                       "[raw] debug: " + missing_delete}));
}

// services.h: "on failure the variable is set to NULL and, when message is not NULL, [an explanation] is
// written". A NULL services table is a failure like any other NULL argument.
TEST_F(ImportArguments, NullServicesTableIsABadArgumentAndClearsTheSlot) {
    ASSERT_NO_FATAL_FAILURE(load({"x_storage.so", "x_raw_import.so"}));

    const Strings events = events_of(recorder_, "raw");
    ASSERT_EQ(events.size(), 18u);
    EXPECT_EQ(events[16], "raw: self NULL " + bad_argument + ", slot NULL");
    EXPECT_EQ(events[17], "raw: why import: argument 'self': expected this plugin's services table, found NULL");
}

TEST_F(ImportArguments, ImportBeforeInitIsUnsupportedAndClearsTheSlot) {
    // early imports from its constructor, which runs at dlopen, before the loader hands it a services table.
    ASSERT_NO_FATAL_FAILURE(load({"x_storage.so", "x_early.so"}));

    EXPECT_EQ(events_of(recorder_, "early"),
              (Strings{"early: constructor import " + std::to_string(TENON_IMPORT_UNSUPPORTED),
                       "early: constructor slot NULL 1",
                       "early: why imports need a host services table with import_function (call from init or later)",
                       "early: init import " + ok}));
}

}  // namespace
