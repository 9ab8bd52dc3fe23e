// Concurrent dispatch: many threads call first-claimer and broadcast hooks at
// once while a plugin logs from its hook. Every result and every log line must
// be accounted for; the tsan preset runs this binary (label "concurrency").
#include "lifecycle_support.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <latch>
#include <thread>

namespace {

using lifecycle_test::Answers;
using lifecycle_test::answers;
using lifecycle_test::fixture_files;

constexpr int kThreads = 8;
constexpr int kCalls = 500;

// What one thread saw; checked on the main thread, since gtest assertions are not meant for worker threads.
struct ThreadTally {
    int claims_ok = 0;
    int notifies_ok = 0;
    int counter = 0;
    int collects_ok = 0;
};

TEST(ConcurrentDispatch, ResultsAndLogLinesAreExactInEveryThread) {
    tenon_test::Recorder recorder;
    auto host = tenon::Host::create(tenon_test::test_config());
    ASSERT_TRUE(host);
    recorder.attach(host.value());
    host->set_log_level(tenon::LogLevel::info);  // leaves exactly busy's "claim N" lines
    // decline_1 first, so every claim falls through a handler before busy answers; count_1 adds to busy's count.
    const auto report = host->load(fixture_files({"l_decline_1.so", "l_busy.so", "l_count_1.so"}), TEST_STAGE_DUMP);
    ASSERT_TRUE(report.ok()) << testing::PrintToString(tenon_test::messages(report));
    const auto claim = host->hook<test_claim_hook>().value();
    const auto notify = host->hook<test_notify_hook>().value();
    const Answers expected_collect{{"decline_1", -ENOTSUP}, {"busy", 0}, {"count_1", 0}};

    std::vector<ThreadTally> tallies(kThreads);
    std::latch start(kThreads);
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            ThreadTally &tally = tallies[static_cast<std::size_t>(t)];
            start.arrive_and_wait();  // all threads dispatch at once
            for (int i = 0; i < kCalls; ++i) {
                const int key = t * kCalls + i;  // unique per call, so each log line is traceable to one call
                int answer = -1;
                if (claim(key, &answer) == 0 && answer == key * 2 + 1) {
                    ++tally.claims_ok;
                }
                if (notify(&tally.counter) == 0) {
                    ++tally.notifies_ok;
                }
                if (i % 50 == 0) {
                    int scratch = 0;
                    if (answers(notify.collect(&scratch)) == expected_collect && scratch == 2) {
                        ++tally.collects_ok;
                    }
                }
            }
        });
    }
    for (auto &thread : threads) {
        thread.join();
    }

    for (int t = 0; t < kThreads; ++t) {
        SCOPED_TRACE("thread " + std::to_string(t));
        const ThreadTally &tally = tallies[static_cast<std::size_t>(t)];
        EXPECT_EQ(tally.claims_ok, kCalls);
        EXPECT_EQ(tally.notifies_ok, kCalls);
        EXPECT_EQ(tally.counter, 2 * kCalls);  // busy and count_1 each add one per broadcast
        EXPECT_EQ(tally.collects_ok, kCalls / 50);
    }
    std::vector<std::string> expected_lines;
    for (int key = 0; key < kThreads * kCalls; ++key) {
        expected_lines.push_back("[busy] info: claim " + std::to_string(key));
    }
    std::vector<std::string> lines = recorder.lines();
    EXPECT_EQ(lines.size(), expected_lines.size());
    std::sort(lines.begin(), lines.end());  // threads interleave; the set of lines is what must be exact
    std::sort(expected_lines.begin(), expected_lines.end());
    EXPECT_EQ(lines, expected_lines);
    host->finish(TEST_STAGE_DUMP, 0);
}

}  // namespace
