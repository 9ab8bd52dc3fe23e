// Plugins written for CRIU's API, compiled unchanged against Tenon's
// criu-plugin.h: they are Tenon plugins, with metadata readable before load.
#include "criu_support.hpp"

#include <tenon/metadata.hpp>

#include <gmock/gmock.h>

#include <cerrno>
#include <fcntl.h>
#include <unistd.h>

namespace {

using namespace criu_test;

class SourceCompat : public CriuTest {};

TEST_F(SourceCompat, TheSeedsTrivialPluginCompilesVerbatimAndRuns) {
#if !TENON_CRIU_HAVE_TRIVIAL
    GTEST_SKIP() << "seeds/000_*.txt was not found at configure time (TENON_SEEDS_DIR), so the trivial plugin "
                    "was not extracted and built";
#else
    PluginDirectory directory({{"c_trivial.so", "trivial.so"}});
    const auto report = start(directory);
    ASSERT_TRUE(report.ok()) << testing::PrintToString(tenon_test::messages(report));
    EXPECT_EQ(report.loaded, Strings{"trivial"});
    EXPECT_EQ(engine_->run<CR_PLUGIN_HOOK__DUMP_EXT_FILE_hook>(5, 9), 0);
    EXPECT_EQ(lines_from(recorder_, "trivial"), Strings{"[trivial] info: dump_ext_file: fd 5 id 9"});
#endif
}

TEST_F(SourceCompat, APluginCallingCriuInternalsIsRefusedByAHostThatDoesNotExportThem) {
    // This test program exports nothing (exported_internals_test.cpp is the host that does).
    PluginDirectory directory({{"c_criu_internals.so", "1.so"}});
    const auto report = start(directory);
    ASSERT_EQ(report.errors.size(), 1u);
    EXPECT_EQ(report.errors[0].code, tenon::Errc::dlopen_failed);
    // The dynamic loader names the first symbol it could not bind; which one comes first is the linker's choice.
    const std::string head = directory.file("1.so").string() + ": dlopen failed: undefined symbol: ";
    EXPECT_THAT(report.errors[0].message,
                testing::AnyOf(head + "fdstore_add", head + "shmalloc", head + "opts"));
    EXPECT_TRUE(lines_from(recorder_, "criu_internals").empty()) << "its init never ran";
}

TEST_F(SourceCompat, MetadataIsReadableWithoutLoading) {
    const auto metadata = tenon::read_plugin_metadata(tenon_test::fixture("c_lifecycle.so"));
    ASSERT_TRUE(metadata) << metadata.error().message;
    EXPECT_EQ(metadata->name, "lifecycle");
    EXPECT_EQ(metadata->version, "0.2.0");
    EXPECT_EQ(metadata->interface_id, "criu/1");
    EXPECT_EQ(metadata->description, "CRIU plugin");
    ASSERT_EQ(metadata->hooks.size(), 1u);
    EXPECT_EQ(metadata->hooks[0].name, "CR_PLUGIN_HOOK__DUMP_EXT_FILE");
    EXPECT_EQ(metadata->hooks[0].signature, "int(int, int)");
    EXPECT_EQ(metadata->hooks[0].mode, TENON_FIRST_CLAIMER);
}

TEST_F(SourceCompat, InitReceivesTheStageAndExitTheStageAndRet) {
    PluginDirectory directory({{"c_lifecycle.so", "lifecycle.so"}});
    ASSERT_TRUE(start(directory, Stage::restore).ok());
    engine_->fini(Stage::restore, -5);
    EXPECT_EQ(lines_from(recorder_, "lifecycle"),
              (Strings{"[lifecycle] info: init stage 2", "[lifecycle] info: exit stage 2 ret -5"}));
}

TEST_F(SourceCompat, RestoreExtFileCanAskForARetry) {
    PluginDirectory directory({{"c_restorer.so", "restorer.so"}});
    ASSERT_TRUE(start(directory, Stage::restore).ok());
    bool retry_needed = false;
    EXPECT_EQ(engine_->run<CR_PLUGIN_HOOK__RESTORE_EXT_FILE_hook>(7, &retry_needed), 0);
    EXPECT_TRUE(retry_needed);
    EXPECT_EQ(engine_->run<CR_PLUGIN_HOOK__RESTORE_EXT_FILE_hook>(7, &retry_needed), 0);
    EXPECT_FALSE(retry_needed);
    retry_needed = true;
    EXPECT_EQ(engine_->run<CR_PLUGIN_HOOK__RESTORE_EXT_FILE_hook>(8, &retry_needed), -ENOTSUP);
    EXPECT_TRUE(retry_needed) << "a plugin that does not claim the file must not touch the flag";
}

TEST_F(SourceCompat, CriuGetImageDirReturnsTheHostsDescriptor) {
    PluginDirectory directory({{"c_image_dir.so", "image_dir.so"}});
    ASSERT_TRUE(start(directory, Stage::restore).ok());
    EXPECT_EQ(engine_->run<CR_PLUGIN_HOOK__RESTORE_UNIX_SK_hook>(1), -1) << "no image directory set yet";
    const int fd = open(directory.path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    ASSERT_GE(fd, 0);
    engine_->set_image_dir(fd);
    EXPECT_EQ(engine_->image_dir(), fd);
    EXPECT_EQ(engine_->run<CR_PLUGIN_HOOK__RESTORE_UNIX_SK_hook>(1), fd);
    close(fd);
}

}  // namespace
