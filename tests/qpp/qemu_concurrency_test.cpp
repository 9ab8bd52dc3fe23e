// QPP v2's named callbacks from several threads: runs by name (a lock-free
// lookup) while another thread creates callbacks (which republishes the
// index the lookup reads) and registers and removes functions. Every run
// finds "tick" and reaches its stable function (the tsan preset runs this:
// label `concurrency`).
#include "host_test.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

namespace {

constexpr int key_run = 10;
constexpr int key_create = 11;
constexpr int key_churn = 12;

class QemuConcurrencyTest : public tenon_test::HostTest {};

TEST_F(QemuConcurrencyTest, RunsByNameStayCorrectWhileCallbacksAreCreatedAndRegistrationsChurn) {
    load({"qemu_threads.so"});
    std::atomic<bool> going{true};
    std::atomic<int> bad_runs{0};
    std::atomic<int> runs{0};
    std::vector<std::thread> runners;
    for (int t = 0; t < 2; ++t) {
        runners.emplace_back([&] {
            while (going.load()) {
                int ran = 0;
                claim(key_run, ran);
                if (ran != 1) {
                    bad_runs.fetch_add(1);
                }
                runs.fetch_add(1);
            }
        });
    }
    while (runs.load() < 2) {
        std::this_thread::yield();
    }
    int failures = 0;
    for (int round = 0; round < 20; ++round) {
        int created = 10;
        ASSERT_EQ(claim(key_create, created), 0);
        int churned = 10;
        ASSERT_EQ(claim(key_churn, churned), 0);
        failures += created + churned;
    }
    going.store(false);
    for (auto &runner : runners) {
        runner.join();
    }
    EXPECT_EQ(failures, 0);
    EXPECT_EQ(bad_runs.load(), 0);
}

}  // namespace
