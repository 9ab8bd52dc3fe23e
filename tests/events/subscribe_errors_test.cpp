// Each way a plugin's subscription fails (TENON_SUBSCRIBE_EXPLAINED in a
// probe plugin): the status, the id set to 0, the exact explanation, and the
// same explanation logged at debug under the subscriber. Also the raw
// services with NULL arguments and short buffers, and the SDK before init.
#include "events_support.hpp"

#include <gtest/gtest.h>

#include <tenon/services.h>

#include <cerrno>
#include <string>

namespace {

using events_test::events_of;
using events_test::fixture_files;
using events_test::lines_from;
using events_test::Strings;

// The statuses are ABI: plugins compiled against these values must keep meaning the same thing.
static_assert(TENON_IMPORT_NO_EVENT == -7);
static_assert(TENON_IMPORT_NOT_SUBSCRIBED == -8);

// ticker_tick as ticker_api.h declares it, and as the stale ticker_api_old.h does.
const std::string current = "void(void *, int)";
const std::string stale = "void(void *)";

class SubscribeErrors : public events_test::EventsTest {
protected:
    /// Loads `files` (which must all load) and checks what probe plugin `probe`, which declares the event with
    /// `signature`, traced and logged.
    void expect_failure(std::initializer_list<std::string> files, const std::string &probe,
                        const std::string &signature, int status, const std::string &why) {
        ASSERT_NO_FATAL_FAILURE(load(files));
        EXPECT_EQ(events_of(recorder_, probe),
                  (Strings{probe + ": declares " + signature, probe + ": subscribe " + std::to_string(status),
                           probe + ": id 0", probe + ": why " + why}));
        EXPECT_EQ(lines_from(recorder_, probe), Strings{"[" + probe + "] debug: " + why});
    }
};

TEST_F(SubscribeErrors, TheProbeItselfSubscribes) {
    ASSERT_NO_FATAL_FAILURE(load({"e_ticker.so", "e_probe_ok.so"}));

    EXPECT_EQ(events_of(recorder_, "probe_ok"),
              (Strings{"probe_ok: declares " + current, "probe_ok: subscribe 0", "probe_ok: id set"}));
    EXPECT_TRUE(lines_from(recorder_, "probe_ok").empty());
}

TEST_F(SubscribeErrors, ProviderNotLoaded) {
    expect_failure({"e_probe_no_provider.so"}, "probe_no_provider", current, TENON_IMPORT_NO_PROVIDER,
                   "subscribe to 'ticker_tick' of plugin 'ticker': provider: expected a loaded, initialised plugin "
                   "named 'ticker', found none");
}

TEST_F(SubscribeErrors, ProviderLoadedButNotInitialisedYet) {
    // No TENON_REQUIRES, and listed first: ticker is mapped but its init has not run.
    expect_failure({"e_probe_no_provider.so", "e_ticker.so"}, "probe_no_provider", current, TENON_IMPORT_NO_PROVIDER,
                   "subscribe to 'ticker_tick' of plugin 'ticker': provider: expected a loaded, initialised plugin "
                   "named 'ticker', found it loaded but not initialised yet (require it with TENON_REQUIRES to be "
                   "initialised after it)");
}

TEST_F(SubscribeErrors, ProviderDeclaresOtherEvents) {
    expect_failure({"e_ticker.so", "e_probe_no_event.so"}, "probe_no_event", current, TENON_IMPORT_NO_EVENT,
                   "subscribe to 'ticker_reset' of plugin 'ticker': event: expected one named 'ticker_reset', found "
                   "only ticker_check, ticker_claim, ticker_tick");
}

TEST_F(SubscribeErrors, ProviderDeclaresNoEvents) {
    expect_failure({"e_quiet.so", "e_probe_quiet.so"}, "probe_quiet", current, TENON_IMPORT_NO_EVENT,
                   "subscribe to 'quiet_ping' of plugin 'quiet': event: expected one named 'quiet_ping', found none "
                   "(plugin 'quiet' declares no events)");
}

TEST_F(SubscribeErrors, TheHostDeclaresOtherEvents) {
    expect_failure({"e_probe_host_stopped.so"}, "probe_host_stopped", current, TENON_IMPORT_NO_EVENT,
                   "subscribe to 'host_stopped' of the host: event: expected one named 'host_stopped', found only "
                   "host_started, host_query, host_vote");
}

TEST_F(SubscribeErrors, SignatureDiffersFromTheSubscribersDeclaration) {
    expect_failure({"e_ticker.so", "e_probe_signature.so"}, "probe_signature", stale, TENON_IMPORT_SIGNATURE_MISMATCH,
                   "subscribe to 'ticker_tick' of plugin 'ticker': signature: expected 'void(void *)' (the "
                   "subscriber's declaration), found 'void(void *, int)' (event 'ticker_tick' of plugin 'ticker')");
}

TEST_F(SubscribeErrors, ProviderVersionOutsideTheRange) {
    expect_failure({"e_ticker.so", "e_probe_version.so"}, "probe_version", current, TENON_IMPORT_VERSION_MISMATCH,
                   "subscribe to 'ticker_tick' of plugin 'ticker': version: expected '>=3', found 2.1.0");
}

TEST_F(SubscribeErrors, ProviderVersionAtAnExclusiveBound) {
    expect_failure({"e_ticker.so", "e_probe_version_below.so"}, "probe_version_below", current,
                   TENON_IMPORT_VERSION_MISMATCH,
                   "subscribe to 'ticker_tick' of plugin 'ticker': version: expected '>=2 <2.1', found 2.1.0");
}

TEST_F(SubscribeErrors, SignatureIsCheckedBeforeVersion) {
    // The same order as imports (see tests/exports): a stale header is the more useful thing to report.
    expect_failure({"e_ticker.so", "e_probe_signature_and_version.so"}, "probe_signature_and_version", stale,
                   TENON_IMPORT_SIGNATURE_MISMATCH,
                   "subscribe to 'ticker_tick' of plugin 'ticker': signature: expected 'void(void *)' (the "
                   "subscriber's declaration), found 'void(void *, int)' (event 'ticker_tick' of plugin 'ticker')");
}

TEST_F(SubscribeErrors, MalformedRangeIsABadArgument) {
    expect_failure({"e_ticker.so", "e_probe_bad_range.so"}, "probe_bad_range", current, TENON_IMPORT_BAD_ARGUMENT,
                   "subscribe to 'ticker_tick' of plugin 'ticker': range: expected space-separated comparators such "
                   "as '>=1.2 <2', found '=>2'");
}

TEST_F(SubscribeErrors, NullCallbackIsABadArgument) {
    expect_failure({"e_ticker.so", "e_probe_null_callback.so"}, "probe_null_callback", current,
                   TENON_IMPORT_BAD_ARGUMENT,
                   "subscribe to 'ticker_tick' of plugin 'ticker': argument 'callback': expected a function, found "
                   "NULL");
}

TEST_F(SubscribeErrors, ProviderAlreadyExited) {
    // probe_in_exit loads first and subscribes in its exit, which finish runs after ticker's.
    ASSERT_NO_FATAL_FAILURE(load({"e_probe_in_exit.so", "e_ticker.so"}));
    host_->finish(TEST_STAGE_DUMP, 0);

    const std::string why =
        "subscribe to 'ticker_tick' of plugin 'ticker': provider: expected a loaded, initialised plugin named "
        "'ticker', found it already exited (the host is finishing)";
    EXPECT_EQ(events_of(recorder_, "probe_in_exit"),
              (Strings{"probe_in_exit: declares " + current, "probe_in_exit: subscribe -1", "probe_in_exit: id 0",
                       "probe_in_exit: why " + why}));
    EXPECT_EQ(lines_from(recorder_, "probe_in_exit"), Strings{"[probe_in_exit] debug: " + why});
}

TEST_F(SubscribeErrors, AFailedSubscriptionDoesNotFailTheLoad) {
    const auto report = host_->load(fixture_files({"e_ticker.so", "e_probe_version.so"}), TEST_STAGE_DUMP);

    EXPECT_TRUE(report.ok()) << testing::PrintToString(tenon_test::messages(report));
    EXPECT_EQ(report.loaded, (Strings{"ticker", "probe_version"}));
}

// The test host without events: nothing to subscribe to.
class SubscribeErrorsWithoutHostEvents : public tenon_test::HostTest {};

TEST_F(SubscribeErrorsWithoutHostEvents, TheHostDeclaresNoEvents) {
    ASSERT_NO_FATAL_FAILURE(load({"e_probe_host_stopped.so"}));

    const std::string why =
        "subscribe to 'host_stopped' of the host: event: expected one named 'host_stopped', found none (the host "
        "declares no events)";
    EXPECT_EQ(events_of(recorder_, "probe_host_stopped"),
              (Strings{"probe_host_stopped: declares " + current, "probe_host_stopped: subscribe -7",
                       "probe_host_stopped: id 0", "probe_host_stopped: why " + why}));
}

TEST_F(SubscribeErrors, RawServicesCheckEveryArgument) {
    ASSERT_NO_FATAL_FAILURE(load({"e_ticker.so", "e_raw.so"}));

    const std::string no_event =
        "subscribe to 'ticker_reset' of plugin 'ticker': event: expected one named 'ticker_reset', found only "
        "ticker_check, ticker_claim, ticker_tick";
    EXPECT_EQ(events_of(recorder_, "raw"),
              (Strings{
                  "raw: provider NULL -5, id 0",
                  "raw: why subscribe: argument 'provider': expected a string, found NULL",
                  "raw: event NULL -5, id 0",
                  "raw: why subscribe: argument 'event': expected a string, found NULL",
                  "raw: signature NULL -5, id 0",
                  "raw: why subscribe: argument 'signature': expected a string, found NULL",
                  "raw: out_id NULL -5, id set",  // nowhere to write the 0
                  "raw: why subscribe: argument 'out_id': expected a pointer, found NULL",
                  "raw: message 16 -7, id 0",
                  "raw: why " + no_event.substr(0, 15),  // cut to fit, NUL-terminated
                  "raw: message 1 -7, id 0",
                  "raw: why ",
                  "raw: message NULL -7, id 0",
                  "raw: why ",
                  "raw: self NULL -5, id 0",
                  "raw: why subscribe: argument 'self': expected a pointer, found NULL",
                  "raw: range NULL 0, id set",  // NULL means any version
                  "raw: why ",
                  "raw: unsubscribe it 0",
                  "raw: unsubscribe self NULL -5",
                  "raw: enter NULL: no callbacks",
              }));
    EXPECT_EQ(lines_from(recorder_, "raw"),
              (Strings{
                  "[raw] debug: subscribe: argument 'provider': expected a string, found NULL",
                  "[raw] debug: subscribe: argument 'event': expected a string, found NULL",
                  "[raw] debug: subscribe: argument 'signature': expected a string, found NULL",
                  "[raw] debug: " + no_event,
                  "[raw] debug: " + no_event,
                  "[raw] debug: " + no_event,
              }));
}

TEST_F(SubscribeErrors, BeforeInitTheSdkRunsNothingAndCannotSubscribe) {
    ASSERT_NO_FATAL_FAILURE(load({"e_ticker.so", "e_early.so"}));

    EXPECT_EQ(events_of(recorder_, "early"),
              (Strings{
                  "early: constructor run " + std::to_string(-ENOTSUP),  // first-claimer with no callbacks
                  "early: constructor subscribe " + std::to_string(TENON_IMPORT_UNSUPPORTED),
                  "early: constructor id 0",
                  "early: why events need a host services table with event_subscribe (call from init or later)",
                  "early: constructor unsubscribe " + std::to_string(TENON_IMPORT_UNSUPPORTED),
                  "early: init run " + std::to_string(-ENOTSUP),
              }));
}

}  // namespace
