// run_plugins semantics: first-claimer with -ENOTSUP for per-object hooks,
// broadcast for the global ones, exit in reverse order at every stage, and a
// failed init rolling back what was loaded.
#include "criu_support.hpp"

#include <cerrno>

namespace {

using namespace criu_test;

class Dispatch : public CriuTest {};

TEST_F(Dispatch, ENOTSUPPassesAFileToTheNextPlugin) {
    // Chain order is the byte order of file names, whatever the plugins are called.
    PluginDirectory directory({{"c_first.so", "20_first.so"}, {"c_second.so", "10_second.so"}});
    ASSERT_TRUE(start(directory).ok());
    EXPECT_EQ(engine_->run<CR_PLUGIN_HOOK__DUMP_EXT_FILE_hook>(3, 1), 0);
    EXPECT_EQ(engine_->run<CR_PLUGIN_HOOK__DUMP_EXT_FILE_hook>(4, 2), 0);
    EXPECT_EQ(engine_->run<CR_PLUGIN_HOOK__DUMP_EXT_FILE_hook>(5, 3), -ENOTSUP) << "no plugin claims id 3";
    EXPECT_EQ(lines_from(recorder_, "first"),
              (Strings{"[first] info: init stage 0", "[first] info: dump_ext_file: fd 3 id 1"}));
    EXPECT_EQ(lines_from(recorder_, "second"),
              (Strings{"[second] info: init stage 0", "[second] info: dump_ext_file: fd 4 id 2"}));
    const auto results = engine_->host().hook<CR_PLUGIN_HOOK__DUMP_EXT_FILE_hook>()->collect(5, 3);
    ASSERT_EQ(results.size(), 2u);
    EXPECT_EQ(results[0].plugin, "second");
    EXPECT_EQ(results[1].plugin, "first");
}

TEST_F(Dispatch, GlobalHooksRunEveryPluginEvenAfterAZero) {
    PluginDirectory directory(
        {{"c_broadcaster_a.so", "a.so"}, {"c_broadcaster_fails.so", "b.so"}, {"c_broadcaster_b.so", "c.so"}});
    ASSERT_TRUE(start(directory, Stage::dump).ok());  // at restore, init runs RESTORE_INIT itself
    EXPECT_EQ(engine_->run<CR_PLUGIN_HOOK__RESTORE_INIT_hook>(), -EIO) << "0, or the first error";
    EXPECT_EQ(lines_from(recorder_, "broadcaster_a"), Strings{"[broadcaster_a] info: restore_init"});
    EXPECT_EQ(lines_from(recorder_, "broadcaster_fails"), Strings{"[broadcaster_fails] info: restore_init"});
    EXPECT_EQ(lines_from(recorder_, "broadcaster_b"), Strings{"[broadcaster_b] info: restore_init"})
        << "CRIU's first-claimer run_plugins stopped at the first 0 and starved this plugin";
}

TEST_F(Dispatch, AGlobalHookNoPluginHandlesIsENOTSUPAsInCriu) {
    PluginDirectory directory({{"c_first.so", "1.so"}});  // handles DUMP_EXT_FILE only
    ASSERT_TRUE(start(directory, Stage::dump).ok());
    EXPECT_EQ(engine_->run<CR_PLUGIN_HOOK__RESTORE_INIT_hook>(), -ENOTSUP);
    EXPECT_EQ(engine_->run<CR_PLUGIN_HOOK__POST_FORKING_hook>(), -ENOTSUP);
    EXPECT_EQ(engine_->run<CR_PLUGIN_HOOK__DUMP_DEVICES_LATE_hook>(7), -ENOTSUP);
}

TEST_F(Dispatch, AGlobalHookEveryPluginDeclinesIsENOTSUP) {
    PluginDirectory directory({{"c_broadcaster_declines.so", "1.so"}, {"c_broadcaster_a.so", "2.so"}});
    ASSERT_TRUE(start(directory, Stage::dump).ok());
    EXPECT_EQ(engine_->run<CR_PLUGIN_HOOK__POST_FORKING_hook>(), 0) << "one 0 among -ENOTSUP is 0";
    engine_->fini(Stage::dump, 0);
    engine_.reset();
    PluginDirectory declines({{"c_broadcaster_declines.so", "1.so"}});
    ASSERT_TRUE(start(declines, Stage::dump).ok());
    EXPECT_EQ(engine_->run<CR_PLUGIN_HOOK__POST_FORKING_hook>(), -ENOTSUP);
}

TEST_F(Dispatch, ARestoreRunsRestoreInitOnceTheInventoryHolds) {
    PluginDirectory directory({{"c_broadcaster_a.so", "a.so"}, {"c_broadcaster_b.so", "b.so"}});
    const auto report = start(directory, Stage::restore);
    ASSERT_TRUE(report.ok()) << testing::PrintToString(tenon_test::messages(report));
    EXPECT_EQ(lines_from(recorder_, "broadcaster_a"), Strings{"[broadcaster_a] info: restore_init"});
    EXPECT_EQ(lines_from(recorder_, "broadcaster_b"), Strings{"[broadcaster_b] info: restore_init"});
}

TEST_F(Dispatch, ARestoreInitThatDeclinesEverywhereDoesNotFailTheRestore) {
    PluginDirectory directory({{"c_broadcaster_declines.so", "a.so"}});
    ASSERT_TRUE(start(directory, Stage::restore).ok());
    EXPECT_EQ(lines_from(recorder_, "broadcaster_declines"), Strings{"[broadcaster_declines] info: restore_init"});
}

TEST_F(Dispatch, AFailingRestoreInitFailsTheRestoresInit) {
    PluginDirectory directory({{"c_lifecycle.so", "1.so"}, {"c_broadcaster_fails.so", "2.so"}});
    const auto report = start(directory, Stage::restore);
    ASSERT_EQ(report.errors.size(), 1u);
    EXPECT_EQ(report.errors[0].code, tenon::Errc::init_failed);
    EXPECT_EQ(report.errors[0].message,
              "RESTORE_INIT: expected 0 or -ENOTSUP, found -5 (Input/output error) from plugin 'broadcaster_fails'");
    EXPECT_TRUE(report.loaded.empty());
    EXPECT_TRUE(engine_->host().plugins().empty());
    EXPECT_EQ(lines_from(recorder_, "lifecycle"),
              (Strings{"[lifecycle] info: init stage 2", "[lifecycle] info: exit stage 2 ret -5"}));
}

TEST_F(Dispatch, ExitRunsInReverseOrderAtPreDump) {
    PluginDirectory directory({{"c_first.so", "1.so"}, {"c_second.so", "2.so"}});
    ASSERT_TRUE(start(directory, Stage::pre_dump).ok());
    engine_->fini(Stage::pre_dump, 0);
    Strings lifecycle;
    for (const auto &line : recorder_.lines()) {
        if (line.find("] info: init stage") != std::string::npos ||
            line.find("] info: exit stage") != std::string::npos) {
            lifecycle.push_back(line);
        }
    }
    EXPECT_EQ(lifecycle, (Strings{"[first] info: init stage 1", "[second] info: init stage 1",
                                  "[second] info: exit stage 1 ret 0", "[first] info: exit stage 1 ret 0"}));
    EXPECT_TRUE(engine_->host().plugins().empty());
}

TEST_F(Dispatch, AFailedInitRollsBackEveryPluginLoadedBeforeIt) {
    PluginDirectory directory({{"c_first.so", "1.so"}, {"c_failing.so", "2.so"}, {"c_second.so", "3.so"}});
    const auto report = start(directory);
    ASSERT_EQ(report.errors.size(), 1u);
    EXPECT_EQ(report.errors[0].code, tenon::Errc::init_failed);
    EXPECT_EQ(report.errors[0].message, directory.file("2.so").string() +
                                            ": plugin 'failing': init(stage 0): expected 0, found -1 (Operation "
                                            "not permitted)");
    EXPECT_TRUE(report.loaded.empty());
    EXPECT_TRUE(engine_->host().plugins().empty());
    EXPECT_EQ(lines_from(recorder_, "first"),
              (Strings{"[first] info: init stage 0", "[first] info: exit stage 0 ret -1"}));
    EXPECT_TRUE(lines_from(recorder_, "second").empty()) << "never initialised, so never exited";
}

}  // namespace
