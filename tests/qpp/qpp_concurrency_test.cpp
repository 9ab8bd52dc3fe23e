// QPP_RUN_CB on several threads while another thread registers and removes
// callbacks on the same event (from a hook handler). Every run must see a
// consistent list: the 300 stable callbacks, plus or minus the churning one,
// which adds nothing. Built for the tsan preset (label `concurrency`).
#include "host_test.hpp"
#include "qpp_keys.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

namespace {

using tenon_test::HostTest;

class QppConcurrencyTest : public HostTest {};

TEST_F(QppConcurrencyTest, RunsStayConsistentWhileAnotherThreadRegistersAndRemoves) {
    load({"qpp_provider.so", "qpp_many.so"});
    std::atomic<bool> churning{true};
    std::atomic<int> bad_runs{0};
    std::atomic<int> runs{0};

    std::vector<std::thread> runners;
    for (int t = 0; t < 2; ++t) {
        runners.emplace_back([&] {
            while (churning.load()) {
                int total = 0;
                const int called = claim(QPP_KEY_RUN, total);
                if (total != 300 || called < 300 || called > 301) {
                    bad_runs.fetch_add(1);
                }
                runs.fetch_add(1);
            }
        });
    }
    // Churn only once both runners are running: on a loaded machine the
    // churn could otherwise end before either thread was ever scheduled.
    while (runs.load() < 2) {
        std::this_thread::yield();
    }
    int failures = 0;
    for (int round = 0; round < 20; ++round) {
        int answer = 50;  // register and remove 50 times
        ASSERT_EQ(claim(QPP_KEY_CHURN, answer), 0);
        failures += answer;
    }
    churning.store(false);
    for (auto &runner : runners) {
        runner.join();
    }
    EXPECT_EQ(failures, 0);
    EXPECT_EQ(bad_runs.load(), 0);
    EXPECT_GT(runs.load(), 0);
}

}  // namespace
