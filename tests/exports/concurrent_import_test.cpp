// Imports may come from any thread at any time: eight threads import at once
// through a plugin's hook, half of them refused and logged, while the registry
// lock guards the plugin list. Built as its own binary, labelled
// `concurrency`, so the tsan preset runs it.
#include "exports_support.hpp"

#include <gtest/gtest.h>

#include <latch>
#include <thread>
#include <vector>

namespace {

class ConcurrentImport : public exports_test::HostTest {};

TEST_F(ConcurrentImport, ManyThreadsImportAtOnce) {
    ASSERT_NO_FATAL_FAILURE(load({"x_storage.so", "x_reader.so"}));
    const auto claim = host_->hook<test_claim_hook>().value();
    constexpr int threads = 8;
    constexpr int rounds = 200;
    std::latch start(threads);
    std::vector<int> successes(threads, 0);
    std::vector<int> refusals(threads, 0);
    std::vector<std::thread> workers;
    for (int t = 0; t < threads; ++t) {
        workers.emplace_back([&, t] {
            start.arrive_and_wait();
            for (int i = 0; i < rounds; ++i) {
                int status = 1;
                // Key 3 imports storage_get into a local; key 4 asks for >=9 and is refused (and logs why).
                if (claim(3, &status) == 0 && status == TENON_IMPORT_OK) {
                    ++successes[static_cast<std::size_t>(t)];
                }
                if (claim(4, &status) == 0 && status == TENON_IMPORT_VERSION_MISMATCH) {
                    ++refusals[static_cast<std::size_t>(t)];
                }
            }
        });
    }
    for (std::thread &worker : workers) {
        worker.join();
    }
    for (int t = 0; t < threads; ++t) {
        EXPECT_EQ(successes[static_cast<std::size_t>(t)], rounds) << "thread " << t;
        EXPECT_EQ(refusals[static_cast<std::size_t>(t)], rounds) << "thread " << t;
    }
    const exports_test::Strings lines = exports_test::lines_from(recorder_, "reader");
    EXPECT_EQ(lines.size(), static_cast<std::size_t>(threads * rounds));
    EXPECT_EQ(lines.front(),
              "[reader] debug: import 'storage_get' from 'storage': version: expected '>=9', found 1.3.0");
}

}  // namespace
