// Destroying or replacing a Host from inside its own plugin code (here
// through a host service a plugin calls) is deferred, never a
// use-after-free: the plugin code goes on, and a runtime thread finishes the
// plugins and frees the state once that code has returned.
#include "hardening_support.hpp"

#include <gtest/gtest.h>

#include <optional>

namespace {

using validation::make_host;
using validation::only_file;

std::optional<tenon::Host> *target = nullptr;
tenon_test::Recorder *replacement_recorder = nullptr;

extern "C" void destroy_target() {
    target->reset();
}

extern "C" void replace_target() {
    *target = make_host(*replacement_recorder);
}

const std::string deferred_warning =
    "[tenon] warn: host destroyed from inside its own plugin code: deferred; its plugins get exit(11, -125 "
    "(Operation canceled)) and its state is freed on another thread once that code has returned";

TEST(HostMisuse, DestroyingTheHostFromInitIsDeferredUntilInitReturns) {
    tenon_test::Recorder recorder;  // outlives the deferred destruction (joined below)
    std::optional<tenon::Host> host(make_host(recorder));
    target = &host;
    host->provide_service("test.destroy_host", reinterpret_cast<void *>(&destroy_target));
    tenon_test::TempDir dir;
    const auto report = host->load(only_file(dir.add_fixture("hd_destroy_in_init.so")), TEST_STAGE_DUMP);
    EXPECT_TRUE(report.ok()) << testing::PrintToString(tenon_test::messages(report));
    EXPECT_EQ(report.loaded, std::vector<std::string>{"hd-destroy-in-init"});
    EXPECT_FALSE(host.has_value());
    tenon::Host::join_deferred_destructions();
    EXPECT_EQ(recorder.events(),
              (std::vector<std::string>{"hd-destroy-in-init: init 11",
                                        "hd-destroy-in-init: init went on after the host was destroyed (0)",
                                        "hd-destroy-in-init: exit -125"}));
    EXPECT_TRUE(recorder.has_line(deferred_warning));
}

TEST(HostMisuse, DestroyingTheHostFromAHookHandlerIsDeferredUntilTheDispatchEnds) {
    tenon_test::Recorder recorder;
    std::optional<tenon::Host> host(make_host(recorder));
    target = &host;
    host->provide_service("test.destroy_host", reinterpret_cast<void *>(&destroy_target));
    tenon_test::TempDir dir;
    ASSERT_TRUE(host->load(only_file(dir.add_fixture("hd_destroy_in_handler.so")), TEST_STAGE_DUMP).ok());
    auto claim = host->hook<test_claim_hook>().value();
    int answer = 0;
    EXPECT_EQ(claim(9, &answer), 0);  // the chain is walked to its end on a state still alive
    EXPECT_EQ(answer, 9);
    EXPECT_FALSE(host.has_value());
    tenon::Host::join_deferred_destructions();
    EXPECT_EQ(recorder.events(),
              (std::vector<std::string>{"hd-destroy-in-handler: init 11",
                                        "hd-destroy-in-handler: handler went on after the host was destroyed (0)",
                                        "hd-destroy-in-handler: exit -125"}));
}

TEST(HostMisuse, ReplacingTheHostByMoveAssignmentFromInitDefersTheOldOne) {
    tenon_test::Recorder recorder;
    tenon_test::Recorder second;
    replacement_recorder = &second;
    std::optional<tenon::Host> host(make_host(recorder));
    target = &host;
    host->provide_service("test.destroy_host", reinterpret_cast<void *>(&replace_target));
    tenon_test::TempDir dir;
    const auto plugin = dir.add_fixture("hd_destroy_in_init.so");
    EXPECT_TRUE(host->load(only_file(plugin), TEST_STAGE_DUMP).ok());
    tenon::Host::join_deferred_destructions();
    EXPECT_TRUE(recorder.has_line(
        "[tenon] warn: host replaced by move assignment from inside its own plugin code: deferred; its plugins get "
        "exit(11, -125 (Operation canceled)) and its state is freed on another thread once that code has returned"));
    // The Host now in `host` is the new one, empty and usable: the old one's file is free again.
    ASSERT_TRUE(host.has_value());
    EXPECT_TRUE(host->plugins().empty());
    host->provide_service("test.destroy_host", nullptr);
    EXPECT_TRUE(host->load(only_file(plugin), TEST_STAGE_DUMP).ok());
    host->finish(TEST_STAGE_DUMP, 0);
}

}  // namespace
