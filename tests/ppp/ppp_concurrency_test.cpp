// PPP_RUN_CB and PPP_CHECK_CB on several threads while another thread
// registers and removes callbacks, plain and with a context: the one-load
// check never misses the callback that stays registered, every run reaches
// it exactly once, and the runtime's rewrites of the slot race with nothing
// (the tsan preset runs this: label `concurrency`).
#include "host_test.hpp"
#include "ppp_provider_ppp.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

namespace {

constexpr int key_churn = 4;
constexpr int key_seen = 5;

class PppConcurrencyTest : public tenon_test::HostTest {};

TEST_F(PppConcurrencyTest, RunsAndChecksStayConsistentWhileAnotherThreadRegistersAndRemoves) {
    load({"ppp_provider.so", "ppp_churn.so"});
    std::atomic<bool> churning{true};
    std::atomic<int> bad_checks{0};
    std::atomic<int> runs{0};

    std::vector<std::thread> runners;
    for (int t = 0; t < 2; ++t) {
        runners.emplace_back([&] {
            while (churning.load()) {
                int check = 0;
                claim(PPP_KEY_CHECK, check);
                if ((check & 1) == 0) {
                    bad_checks.fetch_add(1);  // the stable callback is always registered
                }
                int value = 1;
                claim(PPP_KEY_RUN, value);
                runs.fetch_add(1);
            }
        });
    }
    while (runs.load() < 2) {
        std::this_thread::yield();
    }
    int failures = 0;
    for (int round = 0; round < 20; ++round) {
        int answer = 25;
        ASSERT_EQ(claim(key_churn, answer), 0);
        failures += answer;
    }
    churning.store(false);
    for (auto &runner : runners) {
        runner.join();
    }
    int seen = 0;
    claim(key_seen, seen);
    EXPECT_EQ(failures, 0);
    EXPECT_EQ(bad_checks.load(), 0);
    EXPECT_EQ(seen, runs.load());  // each run reached the stable callback once
}

}  // namespace
