// TENON_REQUIRES_IF_PRESENT: ordered after the plugin when it is in the load
// (or loaded), loaded anyway when it is absent or refused, refused for a
// version out of range, part of cycle detection, and no pin against unload.
#include "dependencies_support.hpp"

#include <gtest/gtest.h>

namespace {

using dependencies_test::files;
using dependencies_test::path;
using dependencies_test::Strings;

class IfPresent : public dependencies_test::DependencyTest {};

TEST_F(IfPresent, GoesAfterThePluginWhenItIsThereWhateverTheFileOrder) {
    const auto report = load(files({"d_opt_after_net.so", "d_net_1_2_0.so"}));
    ASSERT_TRUE(report.ok()) << testing::PrintToString(tenon_test::messages(report));
    EXPECT_EQ(report.loaded, (Strings{"net", "opt"}));
    host_->finish(TEST_STAGE_DUMP, 0);
    EXPECT_EQ(recorder_.events(), (Strings{"net: init 11", "opt: init 11", "opt: exit 11", "net: exit 11"}));
}

TEST_F(IfPresent, LoadsAloneWhenThePluginIsAbsent) {
    const auto report = load(files({"d_opt_after_net.so"}));
    ASSERT_TRUE(report.ok()) << testing::PrintToString(tenon_test::messages(report));
    EXPECT_EQ(report.loaded, Strings{"opt"});
}

TEST_F(IfPresent, AVersionOutOfRangeRefusesItAsARequirementWould) {
    const auto report = load(files({"d_net_2_0_0.so", "d_opt_after_net.so"}));
    EXPECT_EQ(tenon_test::messages(report),
              Strings{path("d_opt_after_net.so").string() +
                      ": requirement if present 'net' (>=1.2 <2): expected a version in that range, found net 2.0.0 (" +
                      path("d_net_2_0_0.so").string() + ")"});
}

TEST_F(IfPresent, ARefusedPluginDoesNotTakeItAlongInLenientMode) {
    start(tenon::LoadMode::lenient);
    const auto report = load(files({"d_net_init_fails.so", "d_opt_after_net.so"}));
    EXPECT_EQ(report.loaded, Strings{"opt"});  // net's init failed; opt only wanted to come after it
    ASSERT_EQ(report.errors.size(), 1u);
    EXPECT_EQ(report.errors[0].code, tenon::Errc::init_failed);
}

TEST_F(IfPresent, TakesPartInCycleDetection) {
    const auto report = load(files({"d_opt2_after_net2.so", "d_net2_needs_opt2.so"}));
    EXPECT_EQ(tenon_test::messages(report),
              (Strings{path("d_opt2_after_net2.so").string() + ": dependency cycle: opt2 -> net2 -> opt2",
                       path("d_net2_needs_opt2.so").string() + ": dependency cycle: opt2 -> net2 -> opt2"}));
}

TEST_F(IfPresent, DoesNotKeepThePluginFromUnloading) {
    ASSERT_TRUE(load(files({"d_net_1_2_0.so", "d_opt_after_net.so"})).ok());
    EXPECT_EQ(host_->unload("net", TEST_STAGE_DUMP).code, tenon::Errc::ok);
    EXPECT_EQ(plugin_names(), Strings{"opt"});
}

TEST_F(IfPresent, TheFileSaysSo) {
    const auto metadata = tenon::read_plugin_metadata(path("d_opt_after_net.so"));
    ASSERT_TRUE(metadata) << metadata.error().message;
    ASSERT_EQ(metadata->requirements.size(), 1u);
    EXPECT_EQ(metadata->requirements[0].name, "net");
    EXPECT_EQ(metadata->requirements[0].range, ">=1.2 <2");
    EXPECT_TRUE(metadata->requirements[0].if_present);
}

}  // namespace
