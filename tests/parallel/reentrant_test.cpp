// load, unload and finish from inside a parallel handler are refused, as from
// any other plugin code, whether a worker runs the handler or the host's own
// join does: the runtime joins runs inside those calls, so letting a handler
// make them would wait on itself. Refused calls change nothing.
#include "parallel_support.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace {

using parallel_test::Results;
using parallel_test::results_of;
using parallel_test::Strings;
using tenon::Errc;
using tenon_test::fixture_files;

const std::string kInvalidState = std::to_string(static_cast<int>(Errc::invalid_state));

class Reentry : public parallel_test::ParallelTest {
protected:
    // The "reenter" fixture's calls: load p_ok, unload itself, finish.
    void answer_reentry() {
        control_.on_reenter([this](int what) {
            switch (what) {
                case PARALLEL_REENTER_LOAD: {
                    const tenon::LoadReport report = host_->load(fixture_files({"p_ok.so"}), TEST_STAGE_DUMP);
                    errors_.insert(errors_.end(), report.errors.begin(), report.errors.end());
                    return report.ok() ? 0 : static_cast<int>(report.errors[0].code);
                }
                case PARALLEL_REENTER_UNLOAD: {
                    errors_.push_back(host_->unload("reenter", TEST_STAGE_DUMP));
                    return static_cast<int>(errors_.back().code);
                }
                default:
                    host_->finish(TEST_STAGE_DUMP, 0);  // returns nothing: its refusal is a log line
                    return 0;
            }
        });
    }
    // Whichever thread ran the handler: each call refused with its exact text, and nothing changed.
    void expect_refused_and_nothing_changed() {
        ASSERT_EQ(errors_.size(), 2u);
        EXPECT_EQ(errors_[0].code, Errc::invalid_state);
        EXPECT_EQ(errors_[0].message,
                  "load: expected a call outside hook handlers, event callbacks, init and exit, found one inside");
        EXPECT_EQ(errors_[1].code, Errc::invalid_state);
        EXPECT_EQ(errors_[1].message,
                  "unload 'reenter': expected a call outside hook handlers, event callbacks, init and exit, found one "
                  "inside");
        EXPECT_TRUE(recorder_.has_line(
            "[tenon] error: finish: expected a call outside hook handlers, event callbacks, init and exit, found one "
            "inside; nothing was finished"));
        EXPECT_TRUE(host_->find_plugin("reenter"));
        EXPECT_FALSE(host_->find_plugin("ok"));
    }
    std::vector<tenon::Error> errors_;  // written by the handler's thread, read after the join
};

TEST_F(Reentry, FromAHandlerOnAWorkerIsRefused) {
    ASSERT_NO_FATAL_FAILURE(create_host(1));
    ASSERT_NO_FATAL_FAILURE(load({"p_reenter.so"}));
    answer_reentry();

    tenon::ParallelRun run = work().start(0);
    // Joined only after the handler has finished on the worker, so the join cannot take it.
    ASSERT_TRUE(control_.wait_for("on the host thread 0", 1)) << testing::PrintToString(control_.events());
    const tenon::ParallelOutcome &outcome = run.join();

    EXPECT_EQ(results_of(outcome), (Results{{"reenter", 0}}));
    EXPECT_EQ(control_.events(), (Strings{"reenter: load " + kInvalidState, "reenter: unload " + kInvalidState,
                                          "reenter: finish 0", "reenter: on the host thread 0"}));
    expect_refused_and_nothing_changed();
}

TEST_F(Reentry, FromAHandlerRunByTheHostsJoinIsRefused) {
    // gate_a holds the one worker, so the host's join runs reenter (then opener, which frees gate_a).
    ASSERT_NO_FATAL_FAILURE(create_host(1));
    ASSERT_NO_FATAL_FAILURE(load({"p_gate_a.so", "p_reenter.so", "p_opener.so"}));
    answer_reentry();

    tenon::ParallelRun run = work().start(0);
    ASSERT_TRUE(control_.wait_for("arrived", 1)) << testing::PrintToString(control_.events());
    const tenon::ParallelOutcome &outcome = run.join();

    EXPECT_EQ(results_of(outcome), (Results{{"gate_a", 0}, {"reenter", 0}, {"opener", 0}}));
    EXPECT_EQ(control_.events(),
              (Strings{"gate_a: arrived", "reenter: load " + kInvalidState, "reenter: unload " + kInvalidState,
                       "reenter: finish 0", "reenter: on the host thread 1", "opener: cancelled 0",
                       "opener: opening the gate on the host thread 1", "gate_a: left"}));
    expect_refused_and_nothing_changed();
}

TEST_F(Reentry, TheSameCallsSucceedOutside) {
    ASSERT_NO_FATAL_FAILURE(create_host(1));
    ASSERT_NO_FATAL_FAILURE(load({"p_reenter.so"}));
    answer_reentry();
    tenon::ParallelRun run = work().start(0);
    ASSERT_EQ(run.join().first_error, 0);
    control_.clear();

    const tenon::LoadReport report = host_->load(fixture_files({"p_ok.so"}), TEST_STAGE_DUMP);
    EXPECT_TRUE(report.ok()) << testing::PrintToString(tenon_test::messages(report));
    const tenon::Error unloaded = host_->unload("reenter", TEST_STAGE_DUMP);
    EXPECT_EQ(unloaded.code, Errc::ok) << unloaded.message;
    host_->finish(TEST_STAGE_DUMP, 0);

    EXPECT_EQ(control_.events(), (Strings{"ok: init 11", "reenter: exit 11 0", "ok: exit 11 0"}));
    EXPECT_TRUE(host_->plugins().empty());
}

}  // namespace
