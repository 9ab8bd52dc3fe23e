// Dispatch modes at load: a host's parallel hook also takes a plugin record
// registered for broadcast (CRIU's POST_FORKING, where "every handler runs,
// errors are gathered" was broadcast), whose handler then runs in parallel
// with the token. Every other mismatch is refused before dlopen with
// dispatch_mode_mismatch, a broadcast hook given a parallel record included.
#include "parallel_support.hpp"

#include <gtest/gtest.h>

namespace {

using parallel_test::Results;
using parallel_test::results_of;
using parallel_test::sorted;
using parallel_test::Strings;
using tenon_test::fixture;
using tenon_test::fixture_files;

class DispatchModes : public parallel_test::ParallelTest {};

TEST_F(DispatchModes, ABroadcastRecordJoinsAParallelHook) {
    ASSERT_NO_FATAL_FAILURE(create_host(2));
    ASSERT_NO_FATAL_FAILURE(load({"p_as_broadcast.so", "p_ok.so"}));

    const auto plugin = host_->find_plugin("as_broadcast");
    ASSERT_TRUE(plugin) << plugin.error().message;
    EXPECT_EQ(plugin.value().hooks, Strings{"par_work"});

    tenon::ParallelRun run = work().start(4);
    const tenon::ParallelOutcome &outcome = run.join();
    EXPECT_EQ(results_of(outcome), (Results{{"as_broadcast", 0}, {"ok", 0}}));
    EXPECT_EQ(sorted(control_.events()), (Strings{"as_broadcast: has a token 1", "as_broadcast: ran 4", "ok: ran 4"}));
}

TEST_F(DispatchModes, AFirstClaimerRecordIsRefused) {
    ASSERT_NO_FATAL_FAILURE(create_host(1));
    const tenon::LoadReport report = host_->load(fixture_files({"p_as_first_claimer.so"}), TEST_STAGE_DUMP);

    ASSERT_EQ(report.errors.size(), 1u) << testing::PrintToString(tenon_test::messages(report));
    EXPECT_EQ(report.errors[0].code, tenon::Errc::dispatch_mode_mismatch);
    EXPECT_EQ(report.errors[0].message, fixture("p_as_first_claimer.so").string() +
                                            ": hook 'par_work': dispatch mode: expected parallel, found first-claimer");
    EXPECT_TRUE(host_->plugins().empty());
    EXPECT_TRUE(control_.events().empty());  // refused from the file: its init never ran
}

TEST_F(DispatchModes, ABroadcastHookRefusesAParallelRecord) {
    ASSERT_NO_FATAL_FAILURE(create_host(1));
    const tenon::LoadReport report = host_->load(fixture_files({"p_notify_as_parallel.so"}), TEST_STAGE_DUMP);

    ASSERT_EQ(report.errors.size(), 1u) << testing::PrintToString(tenon_test::messages(report));
    EXPECT_EQ(report.errors[0].code, tenon::Errc::dispatch_mode_mismatch);
    EXPECT_EQ(report.errors[0].message, fixture("p_notify_as_parallel.so").string() +
                                            ": hook 'test_notify': dispatch mode: expected broadcast, found parallel");
    EXPECT_TRUE(host_->plugins().empty());
    EXPECT_TRUE(control_.events().empty());
}

}  // namespace
