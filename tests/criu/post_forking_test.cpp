// POST_FORKING: broadcast on the host's thread by default; with
// Options::parallel_post_forking, a parallel hook the host joins when its own
// restore work is done, gathering every plugin's result.
#include "criu_support.hpp"

#include <algorithm>
#include <cerrno>

namespace {

using namespace criu_test;

class PostForking : public CriuTest {};

TEST_F(PostForking, RunsEveryPluginOnTheHostsThreadByDefault) {
    PluginDirectory directory({{"c_broadcaster_a.so", "1.so"}, {"b_binary.so", "2.so"}});
    ASSERT_TRUE(start(directory, Stage::restore).ok());
    EXPECT_EQ(engine_->run<CR_PLUGIN_HOOK__POST_FORKING_hook>(), 0);
    EXPECT_TRUE(recorder_.has_line("[broadcaster_a] info: post_forking"));
    EXPECT_TRUE(recorder_.has_line("[binary] info: post_forking"));
    const auto parallel = engine_->start_post_forking();
    ASSERT_FALSE(parallel);
    EXPECT_EQ(parallel.error().code, tenon::Errc::invalid_config);
    EXPECT_EQ(parallel.error().message,
              "start_post_forking: expected an engine created with Options::parallel_post_forking, found "
              "POST_FORKING declared broadcast (run it with run<CR_PLUGIN_HOOK__POST_FORKING_hook>())");
}

TEST_F(PostForking, RunsInParallelWhenTheHostOptsInAndGathersEveryResult) {
    PluginDirectory directory(
        {{"c_broadcaster_a.so", "1.so"}, {"c_broadcaster_fails.so", "2.so"}, {"b_binary.so", "3.so"}});
    Options options;
    options.parallel_post_forking = true;
    options.worker_threads = 2;
    // At dump: a restore's init would already fail on broadcaster_fails's RESTORE_INIT.
    ASSERT_TRUE(start(directory, Stage::dump, options).ok());
    auto run = engine_->start_post_forking();
    ASSERT_TRUE(run) << run.error().message;
    const tenon::ParallelOutcome &outcome = run->join();
    EXPECT_EQ(outcome.first_error, -EIO);
    EXPECT_FALSE(outcome.cancelled);
    ASSERT_EQ(outcome.results.size(), 3u);
    EXPECT_EQ(outcome.results[0].plugin, "broadcaster_a");
    EXPECT_EQ(outcome.results[0].result, 0);
    EXPECT_EQ(outcome.results[1].plugin, "broadcaster_fails");
    EXPECT_EQ(outcome.results[1].result, -EIO);
    EXPECT_EQ(outcome.results[2].plugin, "binary");
    EXPECT_EQ(outcome.results[2].result, 0);
    EXPECT_TRUE(recorder_.has_line("[binary] info: post_forking"));
    // Declared parallel, it cannot be called in place.
    EXPECT_EQ(engine_->run<CR_PLUGIN_HOOK__POST_FORKING_hook>(), -EINVAL);
    EXPECT_TRUE(recorder_.has_line(
        "[criu] error: hook 'CR_PLUGIN_HOOK__POST_FORKING': dispatch mode: expected parallel, found broadcast"));
}

TEST_F(PostForking, FiniOnAFailedRestoreJoinsTheRunBeforeAnyExit) {
    PluginDirectory directory({{"c_broadcaster_a.so", "1.so"}, {"c_lifecycle.so", "2.so"}});
    Options options;
    options.parallel_post_forking = true;
    ASSERT_TRUE(start(directory, Stage::restore, options).ok());
    auto run = engine_->start_post_forking();
    ASSERT_TRUE(run) << run.error().message;
    // The host's own restore failed: it finishes without joining.
    engine_->fini(Stage::restore, -EIO);
    EXPECT_TRUE(run->done()) << "fini joined the run before any exit";
    const auto lines = recorder_.lines();
    const auto ran = std::find(lines.begin(), lines.end(), "[broadcaster_a] info: post_forking");
    const auto exited = std::find(lines.begin(), lines.end(), "[lifecycle] info: exit stage 2 ret -5");
    ASSERT_NE(exited, lines.end());
    EXPECT_TRUE(ran == lines.end() || ran < exited) << "a handler that ran, ran before the first exit";
    // Joining afterwards still names every plugin, though they are unloaded.
    const auto &outcome = run->join();
    ASSERT_EQ(outcome.results.size(), 1u);
    EXPECT_EQ(outcome.results[0].plugin, "broadcaster_a");
}

}  // namespace
