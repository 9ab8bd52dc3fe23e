// At-exit callbacks (TENON_AT_EXIT, services->at_exit): when they run (before
// any exit, at finish, unload and a strict rollback), in which order (the
// most recent registration first, across plugins), what they may do (register
// more), and what is refused (NULL; registering once they have run).
#include "host_test.hpp"
#include "test_hooks.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace {

using tenon_test::HostTest;
using Strings = std::vector<std::string>;

// What at_exit.c traces in init, for plugin `name`.
Strings registered(const std::string &name) {
    return {name + ": register first: 0", name + ": register second: 0", name + ": register NULL: -22"};
}

// Its at-exit pass: "second" first (the most recent), which registers "late", which runs next.
Strings last_words(const std::string &name) {
    return {name + ": at_exit second", name + ": register late: 0", name + ": at_exit late", name + ": at_exit first"};
}

Strings concat(std::initializer_list<Strings> parts) {
    Strings all;
    for (const Strings &part : parts) {
        all.insert(all.end(), part.begin(), part.end());
    }
    return all;
}

// ESHUTDOWN: the plugin's at-exit callbacks have run.
const std::string refused_in_exit = ": exit; register now: -" + std::to_string(ESHUTDOWN);

class AtExitTest : public HostTest {};

TEST_F(AtExitTest, FinishRunsEveryPluginsCallbacksBeforeAnyExitMostRecentFirst) {
    load({"l_at_exit_a.so", "l_at_exit_b.so"});
    host_->finish(TEST_STAGE_DUMP, 0);

    EXPECT_EQ(recorder_.events(), concat({registered("at_exit_a"),
                                          registered("at_exit_b"),
                                          last_words("at_exit_b"),
                                          last_words("at_exit_a"),
                                          {"at_exit_b" + refused_in_exit, "at_exit_a" + refused_in_exit}}));
}

TEST_F(AtExitTest, UnloadRunsOnlyThatPluginsCallbacksJustBeforeItsExit) {
    load({"l_at_exit_a.so", "l_at_exit_b.so"});
    ASSERT_EQ(host_->unload("at_exit_a", TEST_STAGE_DUMP).code, tenon::Errc::ok);
    const Strings after_unload = recorder_.events();
    host_->finish(TEST_STAGE_DUMP, 0);

    EXPECT_EQ(after_unload, concat({registered("at_exit_a"),
                                    registered("at_exit_b"),
                                    last_words("at_exit_a"),
                                    {"at_exit_a" + refused_in_exit}}));
    EXPECT_EQ(recorder_.events(), concat({after_unload, last_words("at_exit_b"), {"at_exit_b" + refused_in_exit}}));
}

TEST_F(AtExitTest, APluginWhoseInitFailedSaysNothingAndAStrictRollbackRunsTheOthersFirst) {
    const auto report =
        host_->load(tenon_test::fixture_files({"l_at_exit_a.so", "l_at_exit_fails.so"}), TEST_STAGE_DUMP);
    ASSERT_FALSE(report.ok());

    // at_exit_fails registered, then failed: its callbacks are dropped unrun, and it gets no exit.
    EXPECT_EQ(recorder_.events(), concat({registered("at_exit_a"),
                                          registered("at_exit_fails"),
                                          last_words("at_exit_a"),
                                          {"at_exit_a" + refused_in_exit}}));
    EXPECT_TRUE(host_->plugins().empty());
}

TEST_F(AtExitTest, ALaterLoadsPluginsSpeakFirstAndAFinishedHostSaysNothingMore) {
    load({"l_at_exit_a.so"});
    load({"l_at_exit_b.so"});
    host_->finish(TEST_STAGE_DUMP, 0);
    const Strings once = recorder_.events();
    host_->finish(TEST_STAGE_DUMP, 0);  // idempotent: nothing runs twice

    EXPECT_EQ(once, concat({registered("at_exit_a"),
                            registered("at_exit_b"),
                            last_words("at_exit_b"),
                            last_words("at_exit_a"),
                            {"at_exit_b" + refused_in_exit, "at_exit_a" + refused_in_exit}}));
    EXPECT_EQ(recorder_.events(), once);
}

}  // namespace
