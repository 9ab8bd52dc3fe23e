// Untrusted text (names, versions, file names) reaches messages and log lines
// escaped: a newline in a plugin name cannot forge a log line.
#include "hardening_support.hpp"

#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

namespace {

using hardening::ConstructorTrace;
using tenon::Errc;
using validation::make_host;
using validation::only_error;
using validation::only_file;

const std::string forged_name = "'evil\\x0a[tenon] info: loaded trusted 9.9.9 from /usr/lib/trusted.so'";

TEST(LogInjection, ANewlineInAPluginNameComesBackEscaped) {
    ConstructorTrace trace;
    tenon_test::TempDir dir;
    const auto file = dir.add_fixture("hd_log_injection.so");
    tenon_test::Recorder recorder;
    tenon::Host host = make_host(recorder);
    const auto report = host.load(only_file(file), TEST_STAGE_DUMP);
    const std::string message =
        file.string() + ": field 'name': expected a non-empty name of letters, digits and ._+-, found " + forged_name;
    EXPECT_TRUE(only_error(report, Errc::malformed_metadata, message));
    EXPECT_TRUE(recorder.has_line("[tenon] error: " + message));
    for (const std::string &line : recorder.lines()) {
        EXPECT_EQ(line.find('\n'), std::string::npos) << line;
    }
    EXPECT_TRUE(trace.lines().empty());
}

TEST(LogInjection, AFileNameWithControlCharactersIsEscapedInMessages) {
    tenon_test::TempDir dir;
    const auto file = dir.add_fixture("hd_refused.so", "x\n[tenon] info: forged\x1b[2K.so");
    tenon_test::Recorder recorder;
    tenon::Host host = make_host(recorder);
    const auto report = host.load(only_file(file), TEST_STAGE_DUMP);
    ASSERT_EQ(report.errors.size(), 1u);
    EXPECT_EQ(report.errors[0].message, (dir.path() / "x\\x0a[tenon] info: forged\\x1b[2K.so").string() +
                                            ": field 'interface' name: expected 'test', found 'other' (from "
                                            "'other/1')");
    EXPECT_EQ(report.errors[0].file, file);  // the path itself stays the real one
}

// The default sink writes to stderr: run a load in a child and read what it printed.
TEST(LogInjection, TheDefaultSinkPrintsOneLinePerMessage) {
    tenon_test::TempDir dir;
    const auto file = dir.add_fixture("hd_log_injection.so");
    int pipe_fds[2];
    ASSERT_EQ(pipe(pipe_fds), 0);
    const pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
        dup2(pipe_fds[1], STDERR_FILENO);
        close(pipe_fds[0]);
        auto host = tenon::Host::create(tenon_test::test_config());
        const auto report = host->load(only_file(file), TEST_STAGE_DUMP);
        _exit(report.errors.size() == 1 ? 0 : 1);
    }
    close(pipe_fds[1]);
    std::string printed;
    char buffer[4096];
    for (ssize_t got; (got = read(pipe_fds[0], buffer, sizeof buffer)) > 0;) {
        printed.append(buffer, static_cast<std::size_t>(got));
    }
    close(pipe_fds[0]);
    int status = 0;
    ASSERT_EQ(waitpid(child, &status, 0), child);
    EXPECT_EQ(WEXITSTATUS(status), 0);
    EXPECT_EQ(printed, "[tenon] error: " + file.string() +
                           ": field 'name': expected a non-empty name of letters, digits and ._+-, found " +
                           forged_name + "\n");
}

TEST(LogInjection, APluginsOwnLogLineCannotEndTheLineEither) {
    tenon_test::Recorder recorder;
    tenon::Host host = make_host(recorder);
    host.write_log(tenon::LogLevel::info, "cuda\n[tenon]", "resumed\n[tenon] info: all good");
    EXPECT_TRUE(recorder.has_line("[cuda\\x0a[tenon]] info: resumed\\x0a[tenon] info: all good"));
}

}  // namespace
