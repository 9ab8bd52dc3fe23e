// Unsubscribing what is not one's own live subscription: id 0, an unknown id,
// another subscriber's id (host or plugin), an id already ended. The caller
// gets not_subscribed (TENON_IMPORT_NOT_SUBSCRIBED for plugins, logged at
// debug); the other subscriber's callback keeps running.
#include "events_support.hpp"

#include <gtest/gtest.h>

#include <string>

namespace {

using events_test::events_of;
using events_test::lines_from;
using events_test::Strings;

struct Counter {
    int calls = 0;
};
void count(void *userdata, int) {
    ++static_cast<Counter *>(userdata)->calls;
}

class UnsubscribeErrors : public events_test::EventsTest {
protected:
    void SetUp() override {
        EventsTest::SetUp();
        ASSERT_NO_FATAL_FAILURE(load({"e_ticker.so", "e_fan.so", "e_listener.so"}));
        listener_id_ = ask(LISTENER_STARTED_ID);
        ASSERT_NE(listener_id_, 0);
    }
    /// Host error for unsubscribing `id`.
    tenon::Error host_unsubscribe(tenon::SubscriptionId id) { return host_->unsubscribe(id); }
    /// listener's host_started callback still runs.
    void expect_listener_still_subscribed() {
        event<host_started_event>()(21);
        EXPECT_EQ(events_of(recorder_, "listener").back(), "listener: started 21");
    }
    int listener_id_ = 0;
};

TEST_F(UnsubscribeErrors, TheHostUnsubscribesZero) {
    const tenon::Error error = host_unsubscribe(0);
    EXPECT_EQ(error.code, tenon::Errc::not_subscribed);
    EXPECT_EQ(error.message,
              "unsubscribe: id: expected a live subscription made by the host, found 0 (never a valid id)");
}

TEST_F(UnsubscribeErrors, TheHostUnsubscribesAnUnknownId) {
    const tenon::Error error = host_unsubscribe(123456);
    EXPECT_EQ(error.code, tenon::Errc::not_subscribed);
    EXPECT_EQ(error.message,
              "unsubscribe: id: expected a live subscription made by the host, found no such subscription 123456");
}

TEST_F(UnsubscribeErrors, TheHostUnsubscribesAPluginsId) {
    const tenon::Error error = host_unsubscribe(static_cast<tenon::SubscriptionId>(listener_id_));
    EXPECT_EQ(error.code, tenon::Errc::not_subscribed);
    EXPECT_EQ(error.message,
              "unsubscribe: id: expected a live subscription made by the host, found no such "
              "subscription " +
                  std::to_string(listener_id_));
    expect_listener_still_subscribed();
}

TEST_F(UnsubscribeErrors, TheHostUnsubscribesTwice) {
    Counter counter;
    const auto id = host_->subscribe<host_started_event>(count, &counter);
    ASSERT_TRUE(id);
    ASSERT_EQ(host_unsubscribe(id.value()).code, tenon::Errc::ok);

    const tenon::Error error = host_unsubscribe(id.value());
    EXPECT_EQ(error.code, tenon::Errc::not_subscribed);
    EXPECT_EQ(error.message,
              "unsubscribe: id: expected a live subscription made by the host, found no such "
              "subscription " +
                  std::to_string(id.value()));
    event<host_started_event>()(1);
    EXPECT_EQ(counter.calls, 0);
}

TEST_F(UnsubscribeErrors, APluginUnsubscribesZeroAndAnUnknownId) {
    EXPECT_EQ(ask(FAN_UNSUBSCRIBE_ID, 0), TENON_IMPORT_NOT_SUBSCRIBED);
    EXPECT_EQ(ask(FAN_UNSUBSCRIBE_ID, 654321), TENON_IMPORT_NOT_SUBSCRIBED);

    EXPECT_EQ(lines_from(recorder_, "fan"),
              (Strings{"[fan] debug: unsubscribe: id: expected a live subscription made by plugin 'fan', found 0 "
                       "(never a valid id)",
                       "[fan] debug: unsubscribe: id: expected a live subscription made by plugin 'fan', found no "
                       "such subscription 654321"}));
}

TEST_F(UnsubscribeErrors, APluginUnsubscribesAnotherPluginsId) {
    EXPECT_EQ(ask(FAN_UNSUBSCRIBE_ID, listener_id_), TENON_IMPORT_NOT_SUBSCRIBED);

    EXPECT_EQ(lines_from(recorder_, "fan"),
              Strings{"[fan] debug: unsubscribe: id: expected a live subscription made by plugin 'fan', found no "
                      "such subscription " +
                      std::to_string(listener_id_)});
    expect_listener_still_subscribed();
}

TEST_F(UnsubscribeErrors, APluginUnsubscribesTheHostsId) {
    Counter counter;
    const auto id = host_->subscribe<host_started_event>(count, &counter);
    ASSERT_TRUE(id);

    EXPECT_EQ(ask(LISTENER_UNSUBSCRIBE_ID, static_cast<int>(id.value())), TENON_IMPORT_NOT_SUBSCRIBED);
    event<host_started_event>()(1);
    EXPECT_EQ(counter.calls, 1);
}

TEST_F(UnsubscribeErrors, APluginUnsubscribesItsOwnIdTwice) {
    EXPECT_EQ(ask(LISTENER_UNSUBSCRIBE_ID, listener_id_), TENON_IMPORT_OK);
    EXPECT_EQ(ask(LISTENER_UNSUBSCRIBE_ID, listener_id_), TENON_IMPORT_NOT_SUBSCRIBED);

    EXPECT_EQ(lines_from(recorder_, "listener"),
              Strings{"[listener] debug: unsubscribe: id: expected a live subscription made by plugin 'listener', "
                      "found no such subscription " +
                      std::to_string(listener_id_)});
    event<host_started_event>()(1);
    EXPECT_EQ(events_of(recorder_, "listener").back(), "listener: subscribe vote 0");  // no "started 1"
}

}  // namespace
