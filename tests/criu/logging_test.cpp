// pr_* and print_on_level reach the host's log sink with the plugin's name:
// through the services table for source-compatible plugins, and through the
// host function print_on_level for binary ones.
#include "criu_support.hpp"

namespace {

using namespace criu_test;

class Logging : public CriuTest {};

TEST_F(Logging, EveryMacroOfASourcePluginReachesTheSinkWithItsName) {
    PluginDirectory directory({{"c_logger.so", "logger.so"}});
    ASSERT_TRUE(start(directory).ok());
    EXPECT_EQ(engine_->run<CR_PLUGIN_HOOK__DUMP_UNIX_SK_hook>(3, 7), 0);
    // logger.c pins its line numbers with #line 100.
    EXPECT_EQ(lines_from(recorder_, "logger"),
              (Strings{
                  "[logger] info: msg 7",
                  "[logger] info: logger: info 7",
                  "[logger] warn: Warn  (logger.c:104): logger: warn 7",
                  "[logger] error: Error (logger.c:105): logger: err 7",
                  "[logger] debug: logger: debug 7",
                  "[logger] error: Error (logger.c:108): logger: perror 7: No such file or directory",
                  "[logger] info: direct 7",
                  "[logger] warn: Warn  (logger.c:111): logger: once",
                  "[logger] info: logger: no newline",
              }));
}

TEST_F(Logging, TheHostsLevelFilterApplies) {
    PluginDirectory directory({{"c_logger.so", "logger.so"}});
    ASSERT_TRUE(start(directory).ok());
    engine_->host().set_log_level(tenon::LogLevel::warn);
    EXPECT_EQ(engine_->run<CR_PLUGIN_HOOK__DUMP_UNIX_SK_hook>(3, 8), 0);
    EXPECT_EQ(lines_from(recorder_, "logger"),
              (Strings{
                  "[logger] warn: Warn  (logger.c:104): logger: warn 8",
                  "[logger] error: Error (logger.c:105): logger: err 8",
                  "[logger] error: Error (logger.c:108): logger: perror 8: No such file or directory",
                  "[logger] warn: Warn  (logger.c:111): logger: once",
              }));
}

TEST_F(Logging, ABinaryPluginsPrintOnLevelIsAttributedToIt) {
    PluginDirectory directory({{"b_binary.so", "binary.so"}});
    ASSERT_TRUE(start(directory).ok());
    EXPECT_EQ(engine_->run<CR_PLUGIN_HOOK__DUMP_EXT_FILE_hook>(4, 2), 0);
    EXPECT_EQ(lines_from(recorder_, "binary"),
              (Strings{"[binary] info: init stage 0", "[binary] info: dump_ext_file: fd 4 id 2"}));
    // Its constructor ran inside dlopen, before the engine knew the plugin: the line still reaches the
    // engine, under the profile's own name.
    EXPECT_TRUE(recorder_.has_line("[criu] info: constructor of binary ran"));
}

}  // namespace
