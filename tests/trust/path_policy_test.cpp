// The trust policy (TrustPolicy, on by default): who could have written a
// plugin file, or swapped it, judged by the modes and owners of the file and
// of every directory on its path, as named and as resolved. Each refusal is
// untrusted_path naming the path, its mode and owner, and no code of the
// refused file runs; each has a positive control.
#include "trust_support.hpp"

#include <gtest/gtest.h>

#include <cerrno>
#include <climits>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>

namespace {

using namespace trust_test;
using tenon::Errc;
using validation::only_directory;
using validation::only_error;
using validation::only_file;

const std::string file_mode_rule = "expected no write permission for group or others";
const std::string directory_mode_rule =
    "expected no write permission for group or others, unless sticky and owned by root";

// The owner rule as the policy states it for this host (root, its own user, then `trusted`).
std::string owner_rule() {
    return "expected an owner of root or uid " + my_uid() + " (this host's user) (TrustPolicy::trusted_owners)";
}

// Every refusal here has this shape: "FILE: trust policy: SUBJECT: RULE, found STATE".
std::string refusal(const fs::path &file, const std::string &subject, const std::string &rule,
                    const std::string &state) {
    return file.string() + ": trust policy: " + subject + ": " + rule + ", found " + state;
}

class PathPolicy : public TrustTest {
protected:
    /// A copy of the trust-alpha plugin, `name` in `directory`, with mode 0644.
    fs::path plugin_in(const fs::path &directory, const std::string &name = "plugin.so") {
        const fs::path file = directory / name;
        fs::copy_file(tenon_test::fixture("t_alpha.so"), file);
        set_mode(file, 0644);
        return file;
    }

    /// A new directory `name` of dir_'s with exactly `mode`, given to other_user.
    fs::path others_directory(const std::string &name, mode_t mode) {
        const fs::path directory = make_directory(dir_.path(), name, mode);
        set_owner(directory, other_user);
        return directory;
    }

    /// Loads `file` alone under `policy`.
    tenon::LoadReport load_file(const fs::path &file, tenon::TrustPolicy policy = {},
                                tenon::LoadMode mode = tenon::LoadMode::strict) {
        tenon::HostConfig config = tenon_test::test_config(mode);
        config.trust = std::move(policy);
        return load(only_file(file), std::move(config));
    }

    /// Loads `file` alone under `policy`: refused with exactly `message`, and none of its code ran.
    void expect_refused(const fs::path &file, const std::string &message, tenon::TrustPolicy policy = {}) {
        EXPECT_TRUE(only_error(load_file(file, std::move(policy)), Errc::untrusted_path, message));
        expect_no_plugin_code_ran();
    }

    void expect_loaded(const tenon::LoadReport &report) {
        EXPECT_TRUE(report.ok()) << testing::PrintToString(tenon_test::messages(report));
        expect_ran({"trust-alpha"});
    }
};

// ---- The file ----

TEST_F(PathPolicy, AFileWritableOnlyByItsOwnerLoads) {
    expect_loaded(load_file(plugin_in(dir_.path())));
}

TEST_F(PathPolicy, AWorldWritableFileIsRefused) {
    const fs::path file = plugin_in(dir_.path());
    set_mode(file, 0666);
    expect_refused(file, refusal(file, "file", file_mode_rule, "mode 0666, owner uid " + my_uid()));
}

TEST_F(PathPolicy, AGroupWritableFileIsRefused) {
    const fs::path file = plugin_in(dir_.path());
    set_mode(file, 0664);
    expect_refused(file, refusal(file, "file", file_mode_rule, "mode 0664, owner uid " + my_uid()));
}

// A directory's files are judged one by one: a bad one refused, the good one loads in lenient mode.
TEST_F(PathPolicy, AWorldWritableFileFoundInADirectoryIsSkippedInLenientMode) {
    plugin_in(dir_.path(), "a.so");
    const fs::path bad = dir_.path() / "b.so";
    fs::copy_file(tenon_test::fixture("t_beta.so"), bad);
    set_mode(bad, 0666);
    const auto report = load(only_directory(dir_.path()), tenon_test::test_config(tenon::LoadMode::lenient));
    EXPECT_TRUE(only_error(report, Errc::untrusted_path,
                           refusal(bad, "file", file_mode_rule, "mode 0666, owner uid " + my_uid())));
    expect_ran({"trust-alpha"});  // not trust-beta: its constructor never ran
}

TEST_F(PathPolicy, AFileOfAnotherUserIsRefusedNamingItsOwner) {
    TRUST_REQUIRE_ROOT();
    const fs::path file = plugin_in(dir_.path());
    set_owner(file, other_user);
    expect_refused(file, refusal(file, "file owner", owner_rule(), "mode 0644, owner uid 65534"));
}

TEST_F(PathPolicy, AFileOfAnotherUserLoadsOnceThatUserIsTrusted) {
    TRUST_REQUIRE_ROOT();
    const fs::path file = plugin_in(dir_.path());
    set_owner(file, other_user);
    expect_loaded(load_file(file, {.enforce = true, .trusted_owners = {other_user}}));
}

// Trusting another owner is not trusting everyone: the refusal then lists that owner too.
TEST_F(PathPolicy, AFileOfAnUntrustedUserIsRefusedWhenAnotherIsTrusted) {
    TRUST_REQUIRE_ROOT();
    const fs::path file = plugin_in(dir_.path());
    set_owner(file, other_user);
    expect_refused(file,
                   refusal(file, "file owner",
                           "expected an owner of root or uid " + my_uid() +
                               " (this host's user), uid 1234, uid 5678 (TrustPolicy::trusted_owners)",
                           "mode 0644, owner uid 65534"),
                   {.enforce = true, .trusted_owners = {1234, 5678}});
}

TEST_F(PathPolicy, NothingIsRefusedWhenThePolicyIsNotEnforced) {
    TRUST_REQUIRE_ROOT();
    const fs::path open_to_all = make_directory(dir_.path(), "open", 0777);
    const fs::path file = plugin_in(open_to_all);
    set_mode(file, 0666);
    set_owner(file, other_user);
    expect_loaded(load_file(file, {.enforce = false, .trusted_owners = {}}));
}

// ---- The directories on its path ----

TEST_F(PathPolicy, AGroupWritableDirectoryIsRefusedNamingTheDirectory) {
    const fs::path directory = make_directory(dir_.path(), "shared", 0775);
    const fs::path file = plugin_in(directory);
    expect_refused(file, refusal(file, "directory " + directory.string(), directory_mode_rule,
                                 "mode 0775, owner uid " + my_uid()));
}

TEST_F(PathPolicy, AWorldWritableDirectoryWithoutTheStickyBitIsRefused) {
    const fs::path directory = make_directory(dir_.path(), "open", 0777);
    const fs::path file = plugin_in(directory);
    expect_refused(file, refusal(file, "directory " + directory.string(), directory_mode_rule,
                                 "mode 0777, owner uid " + my_uid()));
}

// A directory several levels up counts as much as the file's own.
TEST_F(PathPolicy, AWorldWritableDirectoryFurtherUpIsRefused) {
    const fs::path open_to_all = make_directory(dir_.path(), "open", 0777);
    const fs::path nested = make_directory(make_directory(open_to_all, "a", 0755), "b", 0755);
    const fs::path file = plugin_in(nested);
    expect_refused(file, refusal(file, "directory " + open_to_all.string(), directory_mode_rule,
                                 "mode 0777, owner uid " + my_uid()));
}

// /tmp's exception: others may add entries to a sticky directory of root's, but not replace ours.
TEST_F(PathPolicy, AStickyWorldWritableDirectoryOfRootsIsAccepted) {
    TRUST_REQUIRE_ROOT();
    expect_loaded(load_file(plugin_in(make_directory(dir_.path(), "like-tmp", 01777))));
}

TEST_F(PathPolicy, AStickyWorldWritableDirectoryOfAnotherUserIsRefused) {
    TRUST_REQUIRE_ROOT();
    const fs::path directory = others_directory("like-tmp", 01777);
    const fs::path file = plugin_in(directory);
    expect_refused(
        file, refusal(file, "directory " + directory.string() + " owner", owner_rule(), "mode 1777, owner uid 65534"));
}

// The exception is root's alone: a trusted owner's sticky directory is still writable by everyone.
TEST_F(PathPolicy, AStickyWorldWritableDirectoryOfATrustedOwnerIsRefused) {
    TRUST_REQUIRE_ROOT();
    const fs::path directory = others_directory("like-tmp", 01777);
    const fs::path file = plugin_in(directory);
    expect_refused(file,
                   refusal(file, "directory " + directory.string(), directory_mode_rule, "mode 1777, owner uid 65534"),
                   {.enforce = true, .trusted_owners = {other_user}});
}

TEST_F(PathPolicy, ADirectoryOfAnotherUserIsRefused) {
    TRUST_REQUIRE_ROOT();
    const fs::path directory = others_directory("theirs", 0755);
    const fs::path file = plugin_in(directory);
    expect_refused(
        file, refusal(file, "directory " + directory.string() + " owner", owner_rule(), "mode 0755, owner uid 65534"));
}

TEST_F(PathPolicy, ADirectoryOfAnotherUserLoadsOnceThatUserIsTrusted) {
    TRUST_REQUIRE_ROOT();
    const fs::path directory = others_directory("theirs", 0755);
    const fs::path file = plugin_in(directory);
    expect_loaded(load_file(file, {.enforce = true, .trusted_owners = {other_user}}));
}

// ---- Symbolic links: the path as named and as resolved ----

TEST_F(PathPolicy, ALinkBetweenTrustedDirectoriesLoads) {
    const fs::path target = plugin_in(make_directory(dir_.path(), "real", 0755));
    const fs::path link = dir_.path() / "link.so";
    fs::create_symlink(target, link);
    expect_loaded(load_file(link));
}

// Every directory the link's own path names is fine; the one the file really lives in is not.
TEST_F(PathPolicy, AWorldWritableDirectoryOnTheResolvedPathIsRefused) {
    const fs::path open_to_all = make_directory(scratch_.path(), "open", 0777);
    const fs::path target = plugin_in(open_to_all);
    const fs::path link = dir_.path() / "link.so";
    fs::create_symlink(target, link);
    expect_refused(link, refusal(link, "directory " + open_to_all.string(), directory_mode_rule,
                                 "mode 0777, owner uid " + my_uid()));
}

// The reverse: whoever can write the link's directory can point the link elsewhere.
TEST_F(PathPolicy, ALinkInAWorldWritableDirectoryIsRefusedThoughItsTargetIsTrusted) {
    const fs::path target = plugin_in(dir_.path());
    const fs::path open_to_all = make_directory(scratch_.path(), "open", 0777);
    const fs::path link = open_to_all / "link.so";
    fs::create_symlink(target, link);
    expect_refused(link, refusal(link, "directory " + open_to_all.string(), directory_mode_rule,
                                 "mode 0777, owner uid " + my_uid()));
}

// Nested directories below `parent` whose full path is longer than PATH_MAX,
// made and removed through descriptors (a path that long cannot be opened),
// and reached through three relative links, each shorter than PATH_MAX:
// `parent`/hop/hop/hop leads to the deepest one. One directory half-way
// down, named by no link, is writable by everyone.
class TooDeepToResolve {
public:
    static constexpr int levels = 24;
    static constexpr int open_level = 12;  // 0-based: the world-writable one

    explicit TooDeepToResolve(const fs::path &parent) {
        fds_.push_back(open(parent.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
        for (int level = 0; level < levels; ++level) {
            EXPECT_EQ(mkdirat(fds_.back(), name.c_str(), 0755), 0) << std::strerror(errno);
            if (level == open_level) {
                EXPECT_EQ(fchmodat(fds_.back(), name.c_str(), 0777, 0), 0) << std::strerror(errno);
            }
            fds_.push_back(openat(fds_.back(), name.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
        }
        // A hop from fds_[0], fds_[8] and fds_[16], each 8 levels (1,608 bytes) down.
        std::string hop;
        for (int level = 0; level < levels / 3; ++level) {
            hop += (level == 0 ? "" : "/") + name;
        }
        for (int from = 0; from < levels; from += levels / 3) {
            EXPECT_EQ(symlinkat(hop.c_str(), fds_[from], "hop"), 0) << std::strerror(errno);
        }
        EXPECT_GT(levels * (name.size() + 1), std::size_t{PATH_MAX});
    }

    ~TooDeepToResolve() {
        unlinkat(fds_.back(), "plugin.so", 0);
        for (int level = levels; level > 0; --level) {
            close(fds_[level]);
            unlinkat(fds_[level - 1], name.c_str(), AT_REMOVEDIR);
            if (level % (levels / 3) == 1) {
                unlinkat(fds_[level - 1], "hop", 0);
            }
        }
        close(fds_[0]);
    }

    TooDeepToResolve(const TooDeepToResolve &) = delete;
    TooDeepToResolve &operator=(const TooDeepToResolve &) = delete;

    /// Puts a copy of `fixture` in the deepest directory, mode 0644; returns its short path.
    fs::path add_plugin(const fs::path &parent, const std::string &fixture) const {
        const std::string bytes = validation::read_bytes(tenon_test::fixture(fixture));
        const int fd = openat(fds_.back(), "plugin.so", O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
        EXPECT_GE(fd, 0) << std::strerror(errno);
        EXPECT_EQ(write(fd, bytes.data(), bytes.size()), static_cast<ssize_t>(bytes.size()));
        close(fd);
        return parent / "hop" / "hop" / "hop" / "plugin.so";
    }

private:
    const std::string name = std::string(200, 'd');
    std::vector<int> fds_;  ///< the parent, then each level
};

// A path the policy cannot resolve has directories it cannot judge: refused,
// never skipped (a file removed after the open, by whoever can write its
// directory, cannot be resolved either).
TEST_F(PathPolicy, APathThatCannotBeResolvedIsRefused) {
    const TooDeepToResolve deep(dir_.path());
    const fs::path file = deep.add_plugin(dir_.path(), "t_alpha.so");
    expect_refused(file, refusal(file, file.string() + " as resolved through symbolic links",
                                 "expected a path that can be resolved (each of its directories is judged)",
                                 "an error resolving it: File name too long"));
}

// The positive control: the same file loads when the policy is not enforced.
TEST_F(PathPolicy, APathThatCannotBeResolvedLoadsWhenThePolicyIsNotEnforced) {
    const TooDeepToResolve deep(dir_.path());
    expect_loaded(load_file(deep.add_plugin(dir_.path(), "t_alpha.so"), {.enforce = false, .trusted_owners = {}}));
}

}  // namespace
