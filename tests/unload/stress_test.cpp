// Unload under load: two threads dispatch test_claim and test_notify, one runs
// the host event unload_host_tick (whose host callback subscribes and
// unsubscribes from inside itself), one subscribes and unsubscribes host
// callbacks to the host event and to the plugin's event, while the test
// thread loads and unloads "stress" kCycles times. Every call of the plugin's
// code reports to the host service "unload.hit"; a call made while the host's
// bookkeeping says "unloaded" (set right after unload returns, cleared right
// before load) is a violation, and a call into unmapped code would crash.
// Each cycle waits until every kind of call has reached the plugin at least
// once, so the counts cannot be vacuous. A second test also runs the plugin's
// own event from its handler. Its own binary, labelled `concurrency`, so the
// tsan preset runs it.
#include "unload_support.hpp"

#include <gtest/gtest.h>

#include <array>
#include <atomic>
#include <cstdio>
#include <deque>
#include <latch>
#include <string>
#include <thread>
#include <vector>

namespace {

using tenon::Errc;

constexpr int kCycles = 400;
constexpr long kYieldEvery = 8;          // dispatch rounds between yields
constexpr long kSpinLimit = 20'000'000;  // yields while waiting for one cycle's calls; never reached in practice

enum class Phase { unloaded, loading, loaded, unloading };

// What the plugin's calls and the host's callbacks report. Global: "unload.hit" is a plain C function.
struct Book {
    std::atomic<Phase> phase{Phase::unloaded};
    std::atomic<long> violations{0};
    std::array<std::atomic<long>, HIT_KINDS> hits{};
    std::array<std::atomic<long>, HIT_KINDS> hits_this_load{};
    std::atomic<long> plugin_event_calls{0};  // host callbacks on stress_tick, run by the plugin's handler
    std::atomic<long> plugin_event_calls_this_load{0};
    std::atomic<long> late_host_callbacks{0};  // host callbacks run after their unsubscribe returned
    std::atomic<long> nested_ok{0};            // subscribe + unsubscribe pairs from inside a callback
    std::atomic<long> nested_failed{0};
};
Book *book = nullptr;
tenon::Host *stress_host = nullptr;

void hit(int where) {
    if (book->phase.load(std::memory_order_seq_cst) == Phase::unloaded) {
        book->violations.fetch_add(1, std::memory_order_relaxed);
    }
    book->hits[static_cast<std::size_t>(where)].fetch_add(1, std::memory_order_relaxed);
    book->hits_this_load[static_cast<std::size_t>(where)].fetch_add(1, std::memory_order_relaxed);
}

void on_plugin_tick(void *, int) {
    book->plugin_event_calls.fetch_add(1, std::memory_order_relaxed);
    book->plugin_event_calls_this_load.fetch_add(1, std::memory_order_relaxed);
}

// One subscription's userdata: `ended` is set once its unsubscribe has returned.
struct Token {
    std::atomic<bool> ended{false};
};

void on_host_tick_checked(void *userdata, int *counter) {
    if (static_cast<Token *>(userdata)->ended.load(std::memory_order_seq_cst)) {
        book->late_host_callbacks.fetch_add(1, std::memory_order_relaxed);
    }
    ++*counter;
}

void on_host_tick_noop(void *, int *) {}

// Subscribes and unsubscribes another callback from inside this one.
void on_host_tick_nested(void *, int *) {
    const auto id = stress_host->subscribe<unload_host_tick_event>(&on_host_tick_noop, nullptr);
    if (id && stress_host->unsubscribe(id.value()).code == Errc::ok) {
        book->nested_ok.fetch_add(1, std::memory_order_relaxed);
    } else {
        book->nested_failed.fetch_add(1, std::memory_order_relaxed);
    }
}

// Counted on the worker threads, checked on the test thread.
struct Tally {
    std::atomic<long> dispatches{0};
    std::atomic<long> bad_results{0};
    std::atomic<long> host_subscriptions{0};
    std::atomic<long> plugin_subscriptions{0};
    std::atomic<long> bad_subscriptions{0};
};

class UnloadStress : public unload_test::UnloadTest {
protected:
    void SetUp() override {
        ASSERT_NO_FATAL_FAILURE(UnloadTest::SetUp());
        host_->set_log_level(tenon::LogLevel::info);  // no per-cycle debug lines; anything logged is a problem
        book = &book_;
        stress_host = &*host_;
        host_->provide_service(UNLOAD_HIT_SERVICE, reinterpret_cast<void *>(&hit));
    }
    void TearDown() override {
        UnloadTest::TearDown();
        stress_host = nullptr;
        book = nullptr;
    }

    bool every_kind_reached_this_load(bool plugin_runs_event) const {
        for (const auto &count : book_.hits_this_load) {
            if (count.load(std::memory_order_relaxed) == 0) {
                return false;
            }
        }
        return !plugin_runs_event || book_.plugin_event_calls_this_load.load(std::memory_order_relaxed) != 0;
    }

    // The whole test, with `fixture` as the plugin "stress"; `plugin_runs_event` when its test_notify runs stress_tick.
    void run(const std::string &fixture, bool plugin_runs_event);

    Book book_;
};

void UnloadStress::run(const std::string &fixture, bool plugin_runs_event) {
    const auto claim = hook<test_claim_hook>();
    const auto notify = hook<test_notify_hook>();
    const auto host_tick = host_->event<unload_host_tick_event>().value();
    const auto nested = host_->subscribe<unload_host_tick_event>(&on_host_tick_nested, nullptr);
    ASSERT_TRUE(nested) << nested.error().message;

    Tally tally;
    std::atomic<bool> done{false};
    std::latch start(5);
    std::vector<std::thread> workers;
    for (int t = 0; t < 2; ++t) {
        workers.emplace_back([&] {
            start.arrive_and_wait();
            while (!done.load(std::memory_order_relaxed)) {
                int answer = 0;
                const int claimed = claim(STRESS_KEY, &answer);
                int counter = 0;
                const int notified = notify(&counter);
                if (!((claimed == 0 && answer == STRESS_KEY) || claimed == -ENOTSUP) || notified != 0 || counter > 1) {
                    tally.bad_results.fetch_add(1, std::memory_order_relaxed);
                }
                // Now and then, outside any section, give the core away: grace periods then end sooner.
                if (tally.dispatches.fetch_add(1, std::memory_order_relaxed) % kYieldEvery == 0) {
                    std::this_thread::yield();
                }
            }
        });
    }
    workers.emplace_back([&] {
        start.arrive_and_wait();
        while (!done.load(std::memory_order_relaxed)) {
            int counter = 0;
            host_tick(&counter);
            std::this_thread::yield();
        }
    });
    std::deque<Token> tokens;  // outlive every callback: a late one must find its token, not freed memory
    workers.emplace_back([&] {
        start.arrive_and_wait();
        while (!done.load(std::memory_order_relaxed)) {
            Token &token = tokens.emplace_back();
            const auto id = host_->subscribe<unload_host_tick_event>(&on_host_tick_checked, &token);
            if (!id || host_->unsubscribe(id.value()).code != Errc::ok) {
                tally.bad_subscriptions.fetch_add(1, std::memory_order_relaxed);
            }
            token.ended.store(true, std::memory_order_seq_cst);
            tally.host_subscriptions.fetch_add(1, std::memory_order_relaxed);
            // The plugin's event: refused while it is not loaded (or unloading); ended by its unload.
            const auto to_plugin = host_->subscribe<stress_tick_event>(&on_plugin_tick, nullptr);
            if (to_plugin) {
                const Errc ended = host_->unsubscribe(to_plugin.value()).code;
                if (ended != Errc::ok && ended != Errc::not_subscribed) {
                    tally.bad_subscriptions.fetch_add(1, std::memory_order_relaxed);
                }
                tally.plugin_subscriptions.fetch_add(1, std::memory_order_relaxed);
            } else if (to_plugin.error().code != Errc::not_loaded) {
                tally.bad_subscriptions.fetch_add(1, std::memory_order_relaxed);
            }
        }
    });

    int load_failures = 0;
    int unload_failures = 0;
    int starved_cycles = 0;
    int ended_with_unload = 0;
    start.arrive_and_wait();
    for (int cycle = 0; cycle < kCycles; ++cycle) {
        for (auto &count : book_.hits_this_load) {
            count.store(0, std::memory_order_relaxed);
        }
        book_.plugin_event_calls_this_load.store(0, std::memory_order_relaxed);
        book_.phase.store(Phase::loading, std::memory_order_seq_cst);
        if (!host_->load(unload_test::fixture_files({fixture}), TEST_STAGE_DUMP).ok()) {
            ++load_failures;
            book_.phase.store(Phase::unloaded, std::memory_order_seq_cst);
            continue;
        }
        book_.phase.store(Phase::loaded, std::memory_order_seq_cst);
        const auto to_plugin = host_->subscribe<stress_tick_event>(&on_plugin_tick, nullptr, ">=1");
        long spins = 0;
        while (spins < kSpinLimit && !every_kind_reached_this_load(plugin_runs_event)) {
            std::this_thread::yield();
            ++spins;
        }
        starved_cycles += spins == kSpinLimit ? 1 : 0;
        book_.phase.store(Phase::unloading, std::memory_order_seq_cst);
        unload_failures += host_->unload("stress", TEST_STAGE_DUMP).code == Errc::ok ? 0 : 1;
        book_.phase.store(Phase::unloaded, std::memory_order_seq_cst);
        // The host's subscription to the plugin's event ended with the unload.
        if (to_plugin && host_->unsubscribe(to_plugin.value()).code == Errc::not_subscribed) {
            ++ended_with_unload;
        }
    }
    done.store(true, std::memory_order_relaxed);
    for (std::thread &worker : workers) {
        worker.join();
    }
    EXPECT_EQ(host_->unsubscribe(nested.value()).code, Errc::ok);

    EXPECT_EQ(book_.violations.load(), 0);
    EXPECT_EQ(load_failures, 0);
    EXPECT_EQ(unload_failures, 0);
    EXPECT_EQ(starved_cycles, 0);
    EXPECT_EQ(ended_with_unload, kCycles);
    EXPECT_EQ(tally.bad_results.load(), 0);
    EXPECT_EQ(tally.bad_subscriptions.load(), 0);
    EXPECT_EQ(book_.late_host_callbacks.load(), 0);
    EXPECT_EQ(book_.nested_failed.load(), 0);
    // Not vacuous: every cycle saw each kind of call reach the plugin.
    for (std::size_t kind = 0; kind < HIT_KINDS; ++kind) {
        EXPECT_GE(book_.hits[kind].load(), kCycles) << "kind " << kind;
    }
    if (plugin_runs_event) {
        EXPECT_GE(book_.plugin_event_calls.load(), kCycles);
    }
    EXPECT_GE(book_.nested_ok.load(), kCycles);  // the host event ran at least once per cycle
    EXPECT_GT(tally.host_subscriptions.load(), 0);
    EXPECT_TRUE(host_->plugins().empty());
    EXPECT_EQ(host_tick_size(), 0u);
    EXPECT_EQ(recorder_.lines(), tenon_test::Strings{});
    std::printf(
        "[ stress   ] %d cycles: %ld claim, %ld notify and %ld host-event calls into the plugin; %ld "
        "plugin-event callbacks; %ld dispatch rounds; %ld host and %ld plugin-event subscriptions; %ld "
        "nested pairs\n",
        kCycles, book_.hits[HIT_CLAIM].load(), book_.hits[HIT_NOTIFY].load(), book_.hits[HIT_HOST_TICK].load(),
        book_.plugin_event_calls.load(), tally.dispatches.load(), tally.host_subscriptions.load(),
        tally.plugin_subscriptions.load(), book_.nested_ok.load());
}

TEST_F(UnloadStress, NoCallEverEntersAnUnloadedPlugin) {
    run("u_stress.so", false);
}

TEST_F(UnloadStress, NoCallEverEntersAnUnloadedPluginThatRunsItsOwnEvent) {
    run("u_stress_event.so", true);
}

}  // namespace
