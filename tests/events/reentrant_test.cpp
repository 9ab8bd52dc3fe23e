// Subscriptions change inside callbacks of the very event that is running:
// a callback subscribed during a run first runs in the next run; a callback
// unsubscribed during a run is skipped in that run if it has not run yet,
// itself included. Done by a plugin (juggler, on ticker_tick) and by the
// host (on host_started). A callback may run its event again, but may not
// load, unload or finish plugins.
#include "events_support.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace {

using events_test::events_of;
using events_test::Strings;

class Reentrant : public events_test::EventsTest {};

TEST_F(Reentrant, APluginSubscribesAndUnsubscribesInsideItsCallbacks) {
    ASSERT_NO_FATAL_FAILURE(load({"e_ticker.so", "e_juggler.so"}));

    for (int run = 1; run <= 3; ++run) {
        EXPECT_EQ(ask(TICKER_RUN_TICK, run), 0);
    }

    EXPECT_EQ(events_of(recorder_, "juggler"), (Strings{
                                                   "juggler: subscribed 0",
                                                   // Run 1: adder adds newcomer (not run now) and removes victim
                                                   // (skipped now); quitter removes itself.
                                                   "juggler: adder 1",
                                                   "juggler: subscribe newcomer 0",
                                                   "juggler: unsubscribe victim 0",
                                                   "juggler: quitter 1",
                                                   "juggler: unsubscribe quitter 0",
                                                   // Runs 2 and 3: adder, then newcomer.
                                                   "juggler: adder 2",
                                                   "juggler: newcomer 2",
                                                   "juggler: adder 3",
                                                   "juggler: newcomer 3",
                                               }));
}

// A host callback whose behaviour the test supplies; userdata is the Step itself.
struct Step {
    explicit Step(std::string step_name, std::function<void(Step &)> step_action = {})
        : name(std::move(step_name)), action(std::move(step_action)) {}

    std::string name;
    std::function<void(Step &)> action;
    std::vector<std::string> *trace = nullptr;
    tenon::SubscriptionId id = 0;
};

void run_step(void *userdata, int stage) {
    auto &step = *static_cast<Step *>(userdata);
    step.trace->push_back(step.name + " " + std::to_string(stage));
    if (step.action) {
        step.action(step);
    }
}

class HostReentrant : public Reentrant {
protected:
    /// Subscribes `step` to host_started, remembering its id.
    void subscribe(Step &step) {
        step.trace = &trace_;
        const auto id = host_->subscribe<host_started_event>(run_step, &step);
        ASSERT_TRUE(id) << id.error().message;
        step.id = id.value();
    }
    /// Runs host_started with stages 1 .. runs.
    void run(int runs) {
        for (int stage = 1; stage <= runs; ++stage) {
            event<host_started_event>()(stage);
        }
    }
    std::vector<std::string> trace_;
};

TEST_F(HostReentrant, ACallbackSubscribedDuringARunFirstRunsInTheNext) {
    Step newcomer{"newcomer"};
    newcomer.trace = &trace_;
    Step adder{"adder", [&](Step &) {
                   if (newcomer.id == 0) {
                       newcomer.id = host_->subscribe<host_started_event>(run_step, &newcomer).value();
                   }
               }};
    ASSERT_NO_FATAL_FAILURE(subscribe(adder));

    run(2);

    EXPECT_EQ(trace_, (Strings{"adder 1", "adder 2", "newcomer 2"}));
}

TEST_F(HostReentrant, ALaterCallbackUnsubscribedDuringARunIsSkippedInThatRun) {
    Step victim{"victim"};
    Step killer{"killer", [&](Step &) {
                    if (victim.id != 0) {
                        EXPECT_EQ(host_->unsubscribe(victim.id).code, tenon::Errc::ok);
                        victim.id = 0;
                    }
                }};
    Step bystander{"bystander"};
    ASSERT_NO_FATAL_FAILURE(subscribe(killer));
    ASSERT_NO_FATAL_FAILURE(subscribe(victim));
    ASSERT_NO_FATAL_FAILURE(subscribe(bystander));

    run(2);

    EXPECT_EQ(trace_, (Strings{"killer 1", "bystander 1", "killer 2", "bystander 2"}));
}

TEST_F(HostReentrant, AnEarlierCallbackUnsubscribedDuringARunHasAlreadyRun) {
    Step first{"first"};
    Step killer{"killer", [&](Step &) {
                    if (first.id != 0) {
                        EXPECT_EQ(host_->unsubscribe(first.id).code, tenon::Errc::ok);
                        first.id = 0;
                    }
                }};
    ASSERT_NO_FATAL_FAILURE(subscribe(first));
    ASSERT_NO_FATAL_FAILURE(subscribe(killer));

    run(2);

    EXPECT_EQ(trace_, (Strings{"first 1", "killer 1", "killer 2"}));
}

TEST_F(HostReentrant, ACallbackUnsubscribesItself) {
    Step quitter{"quitter", [&](Step &self) { EXPECT_EQ(host_->unsubscribe(self.id).code, tenon::Errc::ok); }};
    Step stayer{"stayer"};
    ASSERT_NO_FATAL_FAILURE(subscribe(quitter));
    ASSERT_NO_FATAL_FAILURE(subscribe(stayer));

    run(3);

    EXPECT_EQ(trace_, (Strings{"quitter 1", "stayer 1", "stayer 2", "stayer 3"}));
    EXPECT_EQ(host_->unsubscribe(quitter.id).code, tenon::Errc::not_subscribed);
}

TEST_F(HostReentrant, ACallbackReplacesItselfWithANewSubscription) {
    // Unsubscribe and subscribe again in one callback: the new subscription runs from the next run, once per run.
    Step phoenix{"phoenix"};
    phoenix.action = [&](Step &self) {
        EXPECT_EQ(host_->unsubscribe(self.id).code, tenon::Errc::ok);
        self.id = host_->subscribe<host_started_event>(run_step, &self).value();
    };
    ASSERT_NO_FATAL_FAILURE(subscribe(phoenix));

    run(3);

    EXPECT_EQ(trace_, (Strings{"phoenix 1", "phoenix 2", "phoenix 3"}));
}

TEST_F(HostReentrant, ACallbackMayRunItsEventAgain) {
    Step nested{"nested", [&](Step &) {
                    if (trace_.size() == 1) {
                        event<host_started_event>()(10);
                    }
                }};
    Step second{"second"};
    ASSERT_NO_FATAL_FAILURE(subscribe(nested));
    ASSERT_NO_FATAL_FAILURE(subscribe(second));

    run(1);

    EXPECT_EQ(trace_, (Strings{"nested 1", "nested 10", "second 10", "second 1"}));
}

TEST_F(HostReentrant, APluginUnsubscribesItsLaterCallbackDuringTheHostsRun) {
    // The host's callback runs first and asks listener (through a hook) to end its host_started subscription.
    int status = 1;
    Step asker{"asker", [&](Step &) {
                   if (status == 1) {
                       status = ask(LISTENER_UNSUBSCRIBE_ID, ask(LISTENER_STARTED_ID));
                   }
               }};
    ASSERT_NO_FATAL_FAILURE(subscribe(asker));
    ASSERT_NO_FATAL_FAILURE(load({"e_listener.so"}));

    run(2);

    EXPECT_EQ(status, TENON_IMPORT_OK);
    EXPECT_EQ(trace_, (Strings{"asker 1", "asker 2"}));
    EXPECT_EQ(events_of(recorder_, "listener"),
              (Strings{"listener: subscribe started 0", "listener: subscribe query 0", "listener: subscribe vote 0"}));
}

TEST_F(HostReentrant, LoadUnloadAndFinishAreRefusedInsideACallback) {
    ASSERT_NO_FATAL_FAILURE(load({"e_ticker.so"}));
    tenon::LoadReport report;
    tenon::Error unloaded;
    Step meddler{"meddler", [&](Step &) {
                     report = host_->load(events_test::fixture_files({"e_listener.so"}), TEST_STAGE_DUMP);
                     unloaded = host_->unload("ticker", TEST_STAGE_DUMP);
                     host_->finish(TEST_STAGE_DUMP, 0);
                 }};
    ASSERT_NO_FATAL_FAILURE(subscribe(meddler));

    run(1);

    ASSERT_EQ(report.errors.size(), 1u);
    EXPECT_EQ(report.errors[0].code, tenon::Errc::invalid_state);
    EXPECT_EQ(report.errors[0].message,
              "load: expected a call outside hook handlers, event callbacks, init and exit, found one inside");
    EXPECT_EQ(unloaded.code, tenon::Errc::invalid_state);
    EXPECT_EQ(unloaded.message,
              "unload 'ticker': expected a call outside hook handlers, event callbacks, init and exit, found one "
              "inside");
    EXPECT_TRUE(recorder_.has_line(
        "[tenon] error: finish: expected a call outside hook handlers, event callbacks, init and exit, found one "
        "inside; nothing was finished"));
    EXPECT_TRUE(host_->find_plugin("ticker"));
    EXPECT_FALSE(host_->find_plugin("listener"));
}

}  // namespace
