// Plugin logging through the services table: the plugin-name prefix, levels,
// the host's level filter, and the table's own fields.
#include "lifecycle_support.hpp"

#include <gtest/gtest.h>

#include <tenon/services.h>

#include <cerrno>

namespace {

using lifecycle_test::fixture_files;
using lifecycle_test::lines_from;
using Strings = std::vector<std::string>;

class Logging : public lifecycle_test::HostTest {
protected:
    void SetUp() override {
        ASSERT_NO_FATAL_FAILURE(HostTest::SetUp());
        host_->provide_service("logger.answer", &answer_);
        ASSERT_NO_FATAL_FAILURE(load({"l_logger.so"}));
        new_lines();  // the init line; InitLogsWithTheTableItWasGiven checks it
    }
    /// Runs one of the logger plugin's commands and returns the lines it logged.
    Strings run(const char *command) {
        EXPECT_EQ(hook<test_name_hook>()(command), 0) << command;
        return new_lines();
    }
    /// The plugin's lines since the last call.
    Strings new_lines() {
        Strings all = lines_from(recorder_, "logger");
        Strings fresh(all.begin() + static_cast<std::ptrdiff_t>(seen_), all.end());
        seen_ = all.size();
        return fresh;
    }

    int answer_ = 42;  // what the plugin finds as "logger.answer"
    std::size_t seen_ = 0;
};

TEST_F(Logging, InitLogsWithTheTableItWasGiven) {
    EXPECT_EQ(lines_from(recorder_, "logger"),
              Strings{"[logger] info: init at stage 11 with the published services table"});
}

TEST_F(Logging, EachLevelReachesTheSinkPrefixedWithThePluginName) {
    EXPECT_EQ(run("levels"), (Strings{"[logger] error: an error, code 1", "[logger] warn: a warning, code 2",
                                      "[logger] info: some info, code 3", "[logger] debug: a debug detail, code 4"}));
}

TEST_F(Logging, SetLogLevelFiltersPluginLines) {
    host_->set_log_level(tenon::LogLevel::warn);
    EXPECT_EQ(run("levels"), (Strings{"[logger] error: an error, code 1", "[logger] warn: a warning, code 2"}));
    host_->set_log_level(tenon::LogLevel::error);
    EXPECT_EQ(run("levels"), Strings{"[logger] error: an error, code 1"});
}

TEST_F(Logging, LogEnabledFollowsTheLevel) {
    host_->set_log_level(tenon::LogLevel::warn);
    EXPECT_EQ(run("enabled"), Strings{"[logger] error: log_enabled: error=1 warn=1 info=0 debug=0"});
    host_->set_log_level(tenon::LogLevel::debug);
    EXPECT_EQ(run("enabled"), Strings{"[logger] error: log_enabled: error=1 warn=1 info=1 debug=1"});
}

TEST_F(Logging, OutOfRangeLevelsAreClamped) {
    EXPECT_EQ(run("clamp"),
              (Strings{"[logger] error: below error counts as error", "[logger] debug: beyond debug counts as debug"}));
}

TEST_F(Logging, TrailingNewlinesAreDropped) {
    EXPECT_EQ(run("newlines"), Strings{"[logger] info: ends with newlines"});
}

TEST_F(Logging, VlogFormatsLikeLog) {
    EXPECT_EQ(run("vlog"), Strings{"[logger] warn: through vlog 7"});
}

TEST_F(Logging, ServicesTableFieldsAndFindService) {
    EXPECT_EQ(run("services"), (Strings{"[logger] info: size=" + std::to_string(sizeof(tenon_services)) +
                                            " abi=" + std::to_string(TENON_ABI_MAJOR) + "." +
                                            std::to_string(TENON_ABI_MINOR) + " name=logger version=2.3.4",
                                        "[logger] info: logger.answer=42 no.such.service=NULL"}));
}

TEST_F(Logging, ExitLogsBeforeTheTableIsWithdrawn) {
    host_->finish(TEST_STAGE_RESTORE, -5);
    EXPECT_EQ(new_lines(), Strings{"[logger] info: exit at stage 12 with result -5"});
}

TEST_F(Logging, UnknownCommandIsDeclined) {
    EXPECT_EQ(hook<test_name_hook>()("no such command"), -ENOTSUP);
    EXPECT_TRUE(new_lines().empty());
}

TEST(LoggingDefaults, DefaultLevelIsInfo) {
    // A plain sink, not the Recorder: the Recorder raises the level to debug when attached.
    Strings lines;
    auto host = tenon::Host::create(tenon_test::test_config());
    ASSERT_TRUE(host);
    host->set_log_sink([&lines](tenon::LogLevel level, std::string_view source, std::string_view message) {
        lines.push_back(std::string(source) + "/" + std::string(tenon::to_string(level)) + ": " + std::string(message));
    });
    ASSERT_TRUE(host->load(fixture_files({"l_logger.so"}), TEST_STAGE_DUMP).ok());
    EXPECT_EQ(host->hook<test_name_hook>().value()("levels"), 0);
    host->finish(TEST_STAGE_DUMP, 0);
    EXPECT_EQ(lines, (Strings{"logger/info: init at stage 11 with the published services table",
                              "logger/error: an error, code 1", "logger/warn: a warning, code 2",
                              "logger/info: some info, code 3", "logger/info: exit at stage 11 with result 0"}));
}

}  // namespace
