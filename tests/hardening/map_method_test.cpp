// How the validated file is mapped (HostConfig::map_method): the descriptor
// itself, a sealed memfd copy, or a private file; `automatic` chooses, and a
// host without /proc falls back to private files.
#include "hardening_support.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sched.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

namespace {

using hardening::ConstructorTrace;
using validation::make_host;
using validation::only_file;

// The paths the kernel lists for this process's file mappings.
std::string mapped_paths() {
    std::ifstream maps("/proc/self/maps");
    return {std::istreambuf_iterator<char>(maps), std::istreambuf_iterator<char>()};
}

struct Mapped {
    bool loaded = false;
    bool real_path_mapped = false;
    bool memfd_mapped = false;
    bool answered = false;
};

Mapped load_with(tenon::HostConfig config, const std::string &file_name = "plugin.so") {
    ConstructorTrace trace;
    tenon_test::TempDir dir;
    const auto file = dir.add_fixture("hd_good.so", file_name);
    tenon_test::Recorder recorder;
    tenon::Host host = make_host(recorder, std::move(config));
    Mapped mapped;
    mapped.loaded = host.load(only_file(file), TEST_STAGE_DUMP).ok();
    const std::string maps = mapped_paths();
    mapped.real_path_mapped = maps.find(file.string()) != std::string::npos;
    mapped.memfd_mapped = maps.find("/memfd:tenon:" + file_name) != std::string::npos;
    int answer = 0;
    mapped.answered = mapped.loaded && host.hook<test_claim_hook>().value()(7, &answer) == 0;
    host.finish(TEST_STAGE_DUMP, 0);
    return mapped;
}

TEST(MapMethod, TheDescriptorMapsTheRealFile) {
    tenon::HostConfig config = tenon_test::test_config();
    config.map_method = tenon::MapMethod::descriptor;
    const Mapped mapped = load_with(config, "descriptor.so");
    EXPECT_TRUE(mapped.loaded && mapped.answered);
    EXPECT_TRUE(mapped.real_path_mapped);
    EXPECT_FALSE(mapped.memfd_mapped);
}

TEST(MapMethod, ASealedCopyMapsAMemfd) {
    tenon::HostConfig config = tenon_test::test_config();
    config.map_method = tenon::MapMethod::sealed_copy;
    const Mapped mapped = load_with(config, "sealed.so");
    EXPECT_TRUE(mapped.loaded && mapped.answered);
    EXPECT_FALSE(mapped.real_path_mapped);
    EXPECT_TRUE(mapped.memfd_mapped);
}

TEST(MapMethod, APrivateFileIsRemovedOnceMapped) {
    tenon_test::TempDir copies;
    tenon::HostConfig config = tenon_test::test_config();
    config.map_method = tenon::MapMethod::private_file;
    config.private_copy_directory = copies.path();
    const Mapped mapped = load_with(config, "private.so");
    EXPECT_TRUE(mapped.loaded && mapped.answered);
    EXPECT_FALSE(mapped.real_path_mapped);
    EXPECT_TRUE(std::filesystem::is_empty(copies.path()));  // the mapping outlives its directory
}

TEST(MapMethod, AutomaticMapsTheDescriptorUnderTheDefaultPolicy) {
    const Mapped mapped = load_with(tenon_test::test_config(), "automatic.so");
    EXPECT_TRUE(mapped.loaded && mapped.real_path_mapped && !mapped.memfd_mapped);
}

TEST(MapMethod, AutomaticMapsASealedCopyWhenTheTrustPolicyIsRelaxed) {
    tenon::HostConfig config = tenon_test::test_config();
    config.trust.enforce = false;
    const Mapped mapped = load_with(config, "relaxed.so");
    EXPECT_TRUE(mapped.loaded && mapped.memfd_mapped && !mapped.real_path_mapped);
}

// Without /proc there is no name for a descriptor: a child hides /proc in a
// mount namespace of its own and loads through private files.
TEST(MapMethod, WithoutProcTheLoaderFallsBackToPrivateFiles) {
    tenon_test::TempDir dir;
    const auto file = dir.add_fixture("hd_good.so", "plugin.so");
    int pipe_fds[2];
    ASSERT_EQ(pipe(pipe_fds), 0);
    const pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
        close(pipe_fds[0]);
        auto say = [&](const std::string &text) {
            const ssize_t written = write(pipe_fds[1], text.data(), text.size());
            _exit(written == static_cast<ssize_t>(text.size()) ? 0 : 1);
        };
        if (unshare(CLONE_NEWNS) != 0 || mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0 ||
            mount("none", "/proc", "tmpfs", 0, nullptr) != 0) {
            say("skip: cannot hide /proc here (needs CAP_SYS_ADMIN)");
        }
        tenon_test::Recorder recorder;
        tenon::Host host = make_host(recorder);
        const auto report = host.load(only_file(file), TEST_STAGE_DUMP);
        int answer = 0;
        const bool answered = report.ok() && host.hook<test_claim_hook>().value()(7, &answer) == 0;
        const bool said =
            recorder.has_line("[tenon] debug: /proc/self/fd is not usable: mapping private copies instead");
        host.finish(TEST_STAGE_DUMP, 0);
        say(std::string(report.ok() ? "loaded" : tenon_test::messages(report)[0]) + (answered ? " answered" : "") +
            (said ? " said" : ""));
    }
    close(pipe_fds[1]);
    std::string result;
    char buffer[512];
    for (ssize_t got; (got = read(pipe_fds[0], buffer, sizeof buffer)) > 0;) {
        result.append(buffer, static_cast<std::size_t>(got));
    }
    close(pipe_fds[0]);
    int status = 0;
    ASSERT_EQ(waitpid(child, &status, 0), child);
    if (result.starts_with("skip: ")) {
        GTEST_SKIP() << result.substr(6);
    }
    EXPECT_EQ(result, "loaded answered said");
}

}  // namespace

namespace {

using hardening::claimed_answer;

// A mapped plugin's descriptor is closed, so the kernel gives its number to
// the next open while the dynamic loader still knows an object by the name
// /proc/self/fd/N. Each of many loads, one file each, with every earlier
// plugin still loaded, must map its own file and not get an earlier object.
TEST(MapMethod, ADescriptorNumberStillNamingAMappedPluginIsNeverReused) {
    ConstructorTrace trace;
    tenon_test::TempDir dir;
    const int good_answer = static_cast<int>(sizeof "hd-good: constructor ran");
    const int impostor_answer = static_cast<int>(sizeof "hd-impostor: constructor ran");
    std::vector<tenon_test::Recorder> recorders(40);
    std::vector<tenon::Host> hosts;
    hosts.reserve(recorders.size());
    for (std::size_t i = 0; i < recorders.size(); ++i) {
        hosts.push_back(make_host(recorders[i]));
        // A file of its own each time (one Host per file), the two codes alternating.
        const auto file = dir.add_fixture(i % 2 == 0 ? "hd_good.so" : "hd_impostor.so", std::to_string(i) + ".so");
        ASSERT_EQ(tenon_test::messages(hosts.back().load(only_file(file), TEST_STAGE_DUMP)),
                  std::vector<std::string>{});
        EXPECT_EQ(claimed_answer(hosts.back()), i % 2 == 0 ? good_answer : impostor_answer) << i;
    }
    // Every load ran its own file's constructor: the loader mapped 40 objects, not fewer.
    EXPECT_EQ(trace.lines().size(), recorders.size());
}

}  // namespace
