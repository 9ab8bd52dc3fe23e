// A setuid host must not take its plugin path from whoever runs it: the
// search-path variable is read with secure_getenv, which returns NULL when
// the kernel starts the program in secure mode (AT_SECURE: setuid or
// setgid). These tests run trust_host (trust_host.cpp) with
// TENON_TRUST_TEST_PATH naming one directory and its default directory
// another, once as it was built and once setuid to uid 65534.
#include "trust_support.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <spawn.h>
#include <stdexcept>
#include <string_view>
#include <sys/statvfs.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

namespace {

using namespace trust_test;

// What a program printed on stdout, and how it ended (waitpid's status).
struct Outcome {
    int status = -1;
    std::string out;
};

// Runs `program argument` to its end, with this process's environment but
// for `extra` ("NAME=VALUE"), which replace any variables of those names.
Outcome run(const fs::path &program, const fs::path &argument, const std::vector<std::string> &extra) {
    std::vector<std::string> variables(extra);
    for (char **entry = environ; *entry != nullptr; ++entry) {
        const std::string_view variable(*entry);
        const bool replaced = std::any_of(extra.begin(), extra.end(), [&](const std::string &mine) {
            return variable.substr(0, variable.find('=') + 1) == mine.substr(0, mine.find('=') + 1);
        });
        if (!replaced) {
            variables.emplace_back(variable);
        }
    }
    std::vector<char *> envp;
    for (std::string &variable : variables) {
        envp.push_back(variable.data());
    }
    envp.push_back(nullptr);
    std::string program_text = program.string();
    std::string argument_text = argument.string();
    char *argv[] = {program_text.data(), argument_text.data(), nullptr};

    int out[2];
    if (pipe2(out, O_CLOEXEC) != 0) {
        throw std::runtime_error(std::string("pipe2: ") + std::strerror(errno));
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
    pid_t child = -1;
    const int spawned = posix_spawn(&child, argv[0], &actions, nullptr, argv, envp.data());
    posix_spawn_file_actions_destroy(&actions);
    close(out[1]);
    Outcome result;
    if (spawned != 0) {
        close(out[0]);
        throw std::runtime_error(program_text + ": posix_spawn: " + std::strerror(spawned));
    }
    char buffer[4096];
    for (ssize_t got; (got = read(out[0], buffer, sizeof buffer)) != 0;) {
        if (got < 0 && errno != EINTR) {
            break;
        }
        if (got > 0) {
            result.out.append(buffer, static_cast<std::size_t>(got));
        }
    }
    close(out[0]);
    while (waitpid(child, &result.status, 0) < 0 && errno == EINTR) {
    }
    return result;
}

// A fresh mode-0755 directory in the build tree, removed with its contents:
// the setuid copy cannot go to /tmp, which may be mounted nosuid.
class BuildTreeDirectory {
public:
    BuildTreeDirectory() {
        std::string pattern = (fs::path(TENON_TRUST_SCRATCH_DIR) / "setuid-XXXXXX").string();
        if (mkdtemp(pattern.data()) == nullptr) {
            throw std::runtime_error(pattern + ": mkdtemp: " + std::strerror(errno));
        }
        path_ = pattern;
        chmod(path_.c_str(), 0755);  // the program runs as another user, who must reach it
    }
    ~BuildTreeDirectory() {
        std::error_code ignored;
        fs::remove_all(path_, ignored);
    }
    BuildTreeDirectory(const BuildTreeDirectory &) = delete;
    BuildTreeDirectory &operator=(const BuildTreeDirectory &) = delete;
    const fs::path &path() const { return path_; }

private:
    fs::path path_;
};

class SetuidHost : public ::testing::Test {
protected:
    void SetUp() override {
        fs::copy_file(tenon_test::fixture("t_alpha.so"), default_directory_.path() / "alpha.so");
        fs::copy_file(tenon_test::fixture("t_beta.so"), variable_directory_.path() / "beta.so");
        // The setuid host writes the trace as uid 65534.
        trace_ = make_directory(scratch_.path(), "open", 0777) / "constructor.trace";
    }

    /// Runs `program` with TENON_TRUST_TEST_PATH set to the variable's directory.
    Outcome run_host(const fs::path &program) const {
        return run(program, default_directory_.path(),
                   {"TENON_TRUST_TEST_PATH=" + variable_directory_.path().string(),
                    "TENON_TEST_CONSTRUCTOR_TRACE=" + trace_.string()});
    }

    tenon_test::TempDir default_directory_;
    tenon_test::TempDir variable_directory_;
    tenon_test::TempDir scratch_;
    fs::path trace_;
};

// The control: a host that is not setuid takes its plugins from the variable.
TEST_F(SetuidHost, AHostThatIsNotSetuidTakesThePathFromTheVariable) {
    const Outcome result = run_host(TENON_TRUST_HOST);
    EXPECT_EQ(result.out, "euid " + my_uid() +
                              "\n"
                              "loading 1 plugin file(s) from environment variable TENON_TRUST_TEST_PATH\n"
                              "loaded trust-beta\n");
    EXPECT_TRUE(WIFEXITED(result.status) && WEXITSTATUS(result.status) == 0) << "status " << result.status;
    EXPECT_EQ(validation::read_bytes(trace_), "trust-beta: constructor ran\n");
}

TEST_F(SetuidHost, ASetuidHostIgnoresTheVariableAndUsesItsDefaultDirectory) {
    TRUST_REQUIRE_ROOT();
    const BuildTreeDirectory directory;
    struct statvfs mount {};
    ASSERT_EQ(statvfs(directory.path().c_str(), &mount), 0) << std::strerror(errno);
    if ((mount.f_flag & ST_NOSUID) != 0) {
        GTEST_SKIP() << directory.path() << " is on a nosuid mount: the kernel would ignore the setuid bit";
    }
    const fs::path program = directory.path() / "trust_host";
    fs::copy_file(TENON_TRUST_HOST, program);
    set_owner(program, other_user);
    set_mode(program, 04755);  // after chown, which clears the setuid bit

    const Outcome result = run_host(program);
    if (result.out.starts_with("euid ") && !result.out.starts_with("euid 65534\n")) {
        GTEST_SKIP() << "the setuid bit had no effect (no_new_privs, or a sandbox): it printed " << result.out;
    }
    EXPECT_EQ(result.out,
              "euid 65534\n"
              "loading 1 plugin file(s) from default directory\n"
              "loaded trust-alpha\n");
    EXPECT_TRUE(WIFEXITED(result.status) && WEXITSTATUS(result.status) == 0) << "status " << result.status;
    // Only the default directory's plugin ran: trust-beta, in the variable's directory, never did.
    EXPECT_EQ(validation::read_bytes(trace_), "trust-alpha: constructor ran\n");
}

}  // namespace
