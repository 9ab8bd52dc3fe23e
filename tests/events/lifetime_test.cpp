// How long subscriptions last through finish and failed loads: a plugin's
// end when the host finishes (as soon as its own exit returns) or when its
// init fails or a strict load rolls back; the host's to a plugin's event end
// with that plugin; the host's to its own events outlive finish.
#include "events_support.hpp"
#include "ticker_api.h"

#include <gtest/gtest.h>

#include <cerrno>
#include <string>

namespace {

using events_test::fixture_files;
using events_test::Strings;

struct Counter {
    int calls = 0;
};
void count(void *userdata, int) {
    ++static_cast<Counter *>(userdata)->calls;
}

class Lifetime : public events_test::EventsTest {
protected:
    std::size_t started_size() const { return event<host_started_event>().size(); }
};

TEST_F(Lifetime, APluginsSubscriptionsEndWhenTheHostFinishes) {
    ASSERT_NO_FATAL_FAILURE(load({"e_listener.so", "e_cpp_listener.so"}));
    ASSERT_EQ(started_size(), 2u);

    host_->finish(TEST_STAGE_DUMP, 0);

    EXPECT_EQ(started_size(), 0u);
    EXPECT_EQ(event<host_started_event>()(1), 0);  // the plugins are unmapped: nothing may be called
    EXPECT_EQ(event<host_query_event>()(7), -ENOTSUP);
    EXPECT_EQ(event<host_vote_event>().size(), 0u);
}

TEST_F(Lifetime, TheHostsSubscriptionsToItsOwnEventsOutliveFinish) {
    Counter counter;
    const auto id = host_->subscribe<host_started_event>(count, &counter);
    ASSERT_TRUE(id);
    ASSERT_NO_FATAL_FAILURE(load({"e_listener.so"}));

    host_->finish(TEST_STAGE_DUMP, 0);
    event<host_started_event>()(1);

    EXPECT_EQ(counter.calls, 1);
    EXPECT_EQ(started_size(), 1u);
    EXPECT_EQ(host_->unsubscribe(id.value()).code, tenon::Errc::ok);
}

TEST_F(Lifetime, TheHostsSubscriptionToAPluginsEventEndsWithThePlugin) {
    ASSERT_NO_FATAL_FAILURE(load({"e_ticker.so"}));
    Counter counter;
    const auto id = host_->subscribe<ticker_tick_event>(count, &counter);
    ASSERT_TRUE(id);

    host_->finish(TEST_STAGE_DUMP, 0);

    const tenon::Error error = host_->unsubscribe(id.value());
    EXPECT_EQ(error.code, tenon::Errc::not_subscribed);
    EXPECT_EQ(error.message,
              "unsubscribe: id: expected a live subscription made by the host, found no such "
              "subscription " +
                  std::to_string(id.value()));
}

TEST_F(Lifetime, SubscriptionsMadeByAFailingInitAreRemoved) {
    const auto report = host_->load(fixture_files({"e_doomed.so"}), TEST_STAGE_DUMP);

    ASSERT_EQ(report.errors.size(), 1u);
    EXPECT_EQ(report.errors[0].code, tenon::Errc::init_failed);
    EXPECT_EQ(events_test::events_of(recorder_, "doomed"),
              (Strings{"doomed: subscribe started 0", "doomed: subscribe query 0", "doomed: subscribe vote 0"}));
    EXPECT_EQ(started_size(), 0u);
    EXPECT_EQ(event<host_started_event>()(1), 0);  // doomed is unmapped: nothing may be called
    EXPECT_EQ(event<host_query_event>()(7), -ENOTSUP);
}

TEST_F(Lifetime, AStrictRollbackRemovesTheOtherPluginsSubscriptions) {
    const auto report = host_->load(fixture_files({"e_listener.so", "e_doomed.so"}), TEST_STAGE_DUMP);

    ASSERT_EQ(report.errors.size(), 1u);
    EXPECT_TRUE(report.loaded.empty());
    EXPECT_EQ(started_size(), 0u);
    EXPECT_EQ(event<host_started_event>()(1), 0);
}

TEST(LifetimeLenient, OnlyTheFailingPluginsSubscriptionsAreRemoved) {
    tenon_test::Recorder recorder;
    auto host = tenon::Host::create(events_test::events_config(tenon::LoadMode::lenient));
    ASSERT_TRUE(host);
    recorder.attach(host.value());

    const auto report = host->load(fixture_files({"e_listener.so", "e_doomed.so"}), TEST_STAGE_DUMP);
    host->event<host_started_event>().value()(5);

    EXPECT_EQ(report.loaded, Strings{"listener"});
    EXPECT_EQ(host->event<host_started_event>().value().size(), 1u);
    EXPECT_EQ(events_test::events_of(recorder, "listener").back(), "listener: started 5");
    host->finish(TEST_STAGE_DUMP, 0);
}

TEST_F(Lifetime, ASubscribersCallbacksEndWithItsExit) {
    // witness requires ticker, so finish runs witness's exit first, then ticker's, which runs ticker_tick(-1).
    ASSERT_NO_FATAL_FAILURE(load({"e_ticker_farewell.so", "e_witness.so"}));
    EXPECT_EQ(ask(TICKER_RUN_TICK, 1), 0);

    host_->finish(TEST_STAGE_DUMP, 0);

    EXPECT_EQ(events_test::events_of(recorder_, "witness"), (Strings{"witness: tick 1", "witness: exit"}));
}

}  // namespace
