// A racing process swaps the plugin file while this one loads it, 1,000
// times and more: no constructor of a file phase 1 did not accept ever runs
// (the trace it would leave is never there), and every load returns.
#include "hardening_support.hpp"

#include <tenon/signing.hpp>

#include <gtest/gtest.h>

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

namespace {

using hardening::ConstructorTrace;
using tenon::Errc;
using validation::only_file;

constexpr int minimum = 1000;

// The racer process, and the count of swaps it has made.
class Racer {
public:
    Racer(const std::string &mode, const std::filesystem::path &a, const std::filesystem::path &b,
          const std::filesystem::path &target, const tenon_test::TempDir &dir)
        : counter_path_(dir.write_file("swaps", std::string(8, '\0'))) {
        const int fd = open(counter_path_.c_str(), O_RDWR | O_CLOEXEC);
        counter_ = static_cast<std::uint64_t *>(
            mmap(nullptr, sizeof(std::uint64_t), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0));
        close(fd);
        const std::string args[] = {TENON_TEST_RACER,      mode, a.string(), b.string(), target.string(),
                                    counter_path_.string()};
        std::vector<char *> argv;
        for (const std::string &arg : args) {
            argv.push_back(const_cast<char *>(arg.c_str()));
        }
        argv.push_back(nullptr);
        spawned_ = posix_spawn(&pid_, TENON_TEST_RACER, nullptr, nullptr, argv.data(), environ) == 0;
    }
    ~Racer() {
        if (spawned_) {
            kill(pid_, SIGKILL);
            waitpid(pid_, nullptr, 0);
        }
        munmap(counter_, sizeof(std::uint64_t));
    }
    bool running() const { return spawned_ && counter_ != MAP_FAILED; }
    std::uint64_t swaps() const { return __atomic_load_n(counter_, __ATOMIC_ACQUIRE); }

private:
    std::filesystem::path counter_path_;
    std::uint64_t *counter_ = nullptr;
    pid_t pid_ = 0;
    bool spawned_ = false;
};

// Loads `target` over and over while `racer` swaps it; counts each outcome by error code ("ok" when loaded).
std::map<std::string, int> race(tenon::Host &host, const std::filesystem::path &target, const Racer &racer) {
    std::map<std::string, int> outcomes;
    for (int loads = 0; loads < minimum || racer.swaps() < minimum; ++loads) {
        const auto report = host.load(only_file(target), TEST_STAGE_DUMP);
        ++outcomes[report.ok() ? std::string("ok") : std::string(tenon::to_string(report.errors[0].code))];
        host.finish(TEST_STAGE_DUMP, 0);
    }
    return outcomes;
}

int total(const std::map<std::string, int> &outcomes) {
    int sum = 0;
    for (const auto &[code, count] : outcomes) {
        sum += count;
    }
    return sum;
}

tenon::Host quiet_host(tenon::HostConfig config) {
    tenon::Host host = tenon::Host::create(std::move(config)).value();
    host.set_log_sink([](tenon::LogLevel, std::string_view, std::string_view) {});
    return host;
}

TEST(Race, RenamesOverThePathNeverRunARefusedFile) {
    ConstructorTrace trace;
    tenon_test::TempDir dir;
    const auto good = dir.add_fixture("hd_good.so");
    const auto refused = dir.add_fixture("hd_refused.so");
    const auto target = dir.path() / "plugin.so";
    std::filesystem::copy_file(good, target);
    const Racer racer("rename", good, refused, target, dir);
    ASSERT_TRUE(racer.running());
    tenon::Host host = quiet_host(tenon_test::test_config());
    const auto outcomes = race(host, target, racer);
    EXPECT_GE(total(outcomes), minimum);
    EXPECT_GE(racer.swaps(), static_cast<std::uint64_t>(minimum));
    for (const auto &[code, count] : outcomes) {
        EXPECT_TRUE(code == "ok" || code == "interface_mismatch") << code << " x" << count;
    }
    EXPECT_FALSE(trace.ran("hd-refused: constructor ran"));
}

// Same metadata, other code: with signatures required, only the signed file is accepted.
TEST(Race, RenamesOfAnUnsignedImpostorNeverRunIt) {
    ConstructorTrace trace;
    tenon_test::TempDir dir;
    const auto good = dir.add_fixture("hd_good.so");
    const auto impostor = dir.add_fixture("hd_impostor.so");
    const tenon::KeyPair keys = tenon::generate_key_pair();
    ASSERT_EQ(tenon::sign_plugin(good, keys.secret_key).code, Errc::ok);
    const auto target = dir.path() / "plugin.so";
    std::filesystem::copy_file(good, target);
    const Racer racer("rename", good, impostor, target, dir);
    ASSERT_TRUE(racer.running());
    tenon::HostConfig config = tenon_test::test_config();
    config.signatures.required = true;
    config.signatures.trusted_keys = {keys.public_key};
    tenon::Host host = quiet_host(config);
    const auto outcomes = race(host, target, racer);
    EXPECT_GE(total(outcomes), minimum);
    for (const auto &[code, count] : outcomes) {
        EXPECT_TRUE(code == "ok" || code == "unsigned_plugin") << code << " x" << count;
    }
    EXPECT_FALSE(trace.ran("hd-impostor: constructor ran"));
}

// Rewrites in place: a sealed copy (what `automatic` picks when the trust
// policy is relaxed) is taken at the open, so what runs is what was checked.
TEST(Race, RewritesInPlaceNeverRunARefusedFileFromASealedCopy) {
    ConstructorTrace trace;
    tenon_test::TempDir dir;
    const auto good = dir.add_fixture("hd_good.so");
    const auto refused = dir.add_fixture("hd_refused.so");
    const auto target = dir.path() / "plugin.so";
    std::filesystem::copy_file(good, target);
    const Racer racer("rewrite", good, refused, target, dir);
    ASSERT_TRUE(racer.running());
    tenon::HostConfig config = tenon_test::test_config();
    config.map_method = tenon::MapMethod::sealed_copy;
    tenon::Host host = quiet_host(config);
    const auto outcomes = race(host, target, racer);
    EXPECT_GE(total(outcomes), minimum);
    EXPECT_FALSE(trace.ran("hd-refused: constructor ran"));
}

}  // namespace
