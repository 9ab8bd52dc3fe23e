// Each way host.subscribe<Decl>() fails, as an Errc and the exact message:
// no provider, no such event (plugin or host), signature mismatch, version
// out of range, malformed range, NULL callback; and a refusal changes nothing.
#include "events_support.hpp"
#include "ticker_api.h"
#include "ticker_next.h"

#include <gtest/gtest.h>

#include <string>

namespace {

void on_tick(void *, int) {}

// ticker_tick as the stale ticker_api_old.h declares it.
struct stale_ticker_tick {
    using callback = void (*)(void *);
    static constexpr const char *provider = "ticker";
    static constexpr const char *name = "ticker_tick";
    static constexpr const char *signature = "void(void *)";
};
void on_stale_tick(void *) {}

class HostSubscribeErrors : public events_test::EventsTest {
protected:
    /// Subscribing `Decl` with `callback` in `range` fails with `code` and `message`.
    template <typename Decl>
    void expect_failure(typename Decl::callback callback, std::string_view range, tenon::Errc code,
                        const std::string &message) {
        const auto id = host_->subscribe<Decl>(callback, nullptr, range);
        ASSERT_FALSE(id) << "subscribed with id " << id.value();
        EXPECT_EQ(id.error().code, code) << tenon::to_string(id.error().code);
        EXPECT_EQ(id.error().message, message);
    }
};

TEST_F(HostSubscribeErrors, ProviderNotLoaded) {
    expect_failure<ticker_tick_event>(on_tick, "", tenon::Errc::not_loaded,
                                      "subscribe to 'ticker_tick' of plugin 'ticker': provider: expected a loaded, "
                                      "initialised plugin named 'ticker', found none");
}

TEST_F(HostSubscribeErrors, ProviderDeclaresOtherEvents) {
    ASSERT_NO_FATAL_FAILURE(load({"e_ticker.so"}));
    expect_failure<ticker_reset_event>(on_tick, "", tenon::Errc::unknown_event,
                                       "subscribe to 'ticker_reset' of plugin 'ticker': event: expected one named "
                                       "'ticker_reset', found only ticker_check, ticker_claim, ticker_tick");
}

TEST_F(HostSubscribeErrors, TheHostDoesNotDeclareTheEvent) {
    expect_failure<host_stopped_event>(on_tick, "", tenon::Errc::unknown_event,
                                       "subscribe to 'host_stopped' of the host: event: expected one named "
                                       "'host_stopped', found only host_started, host_query, host_vote");
}

TEST_F(HostSubscribeErrors, SignatureDiffers) {
    ASSERT_NO_FATAL_FAILURE(load({"e_ticker.so"}));
    expect_failure<stale_ticker_tick>(on_stale_tick, "", tenon::Errc::signature_mismatch,
                                      "subscribe to 'ticker_tick' of plugin 'ticker': signature: expected "
                                      "'void(void *)' (the subscriber's declaration), found 'void(void *, int)' "
                                      "(event 'ticker_tick' of plugin 'ticker')");
}

TEST_F(HostSubscribeErrors, ProviderVersionOutsideTheRange) {
    ASSERT_NO_FATAL_FAILURE(load({"e_ticker.so"}));
    expect_failure<ticker_tick_event>(
        on_tick, "<2.1", tenon::Errc::dependency_version,
        "subscribe to 'ticker_tick' of plugin 'ticker': version: expected '<2.1', found 2.1.0");
}

TEST_F(HostSubscribeErrors, MalformedRange) {
    ASSERT_NO_FATAL_FAILURE(load({"e_ticker.so"}));
    expect_failure<ticker_tick_event>(on_tick, ">=two", tenon::Errc::invalid_argument,
                                      "subscribe to 'ticker_tick' of plugin 'ticker': range: expected "
                                      "space-separated comparators such as '>=1.2 <2', found '>=two'");
}

TEST_F(HostSubscribeErrors, NullCallback) {
    ASSERT_NO_FATAL_FAILURE(load({"e_ticker.so"}));
    expect_failure<ticker_tick_event>(nullptr, "", tenon::Errc::invalid_argument,
                                      "subscribe to 'ticker_tick' of plugin 'ticker': argument 'callback': expected "
                                      "a function, found NULL");
}

TEST_F(HostSubscribeErrors, NullCallbackToAHostEvent) {
    expect_failure<host_started_event>(nullptr, "", tenon::Errc::invalid_argument,
                                       "subscribe to 'host_started' of the host: argument 'callback': expected a "
                                       "function, found NULL");
}

TEST_F(HostSubscribeErrors, ARefusedSubscriptionChangesNothing) {
    ASSERT_NO_FATAL_FAILURE(load({"e_ticker.so", "e_fan.so"}));
    ASSERT_FALSE(host_->subscribe<ticker_tick_event>(on_tick, nullptr, ">=3"));
    ASSERT_FALSE(host_->subscribe<stale_ticker_tick>(on_stale_tick, nullptr));

    // The next subscription works, and the event still runs only fan's callback.
    int one = 1;
    ASSERT_EQ(claim(FAN_SUBSCRIBE_TICK, one), TENON_IMPORT_OK);
    EXPECT_EQ(ask(TICKER_RUN_TICK, 4), 0);
    EXPECT_EQ(ask(FAN_TAKE_CALLS), 1);
}

}  // namespace
