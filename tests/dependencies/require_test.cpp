// TENON_REQUIRE_PLUGIN from an init: a plugin found by metadata in the
// load's directory, validated, mapped and initialised first (and its own
// requirements before it); one of the same load initialised early; what is
// absent, out of range, refused by validation, failing its init, or in a
// cycle, each with its status and exact message; and a call from outside
// init refused.
#include "dependencies_support.hpp"

#include <gtest/gtest.h>

namespace {

using dependencies_test::Strings;

class Require : public dependencies_test::DependencyTest {
protected:
    // requirer.so alone as the load's file, in a directory that also holds `others` (fixture, file name).
    tenon::LoadReport load_requirer(std::vector<tenon::PluginArgument> arguments,
                                    const std::vector<std::pair<std::string, std::string>> &others,
                                    bool list_others_too = false) {
        const std::filesystem::path file = dir_.add_fixture("r_requirer.so", "requirer.so");
        tenon::PluginSources sources;
        sources.files = {file};
        for (const auto &[fixture, as] : others) {
            const std::filesystem::path other = dir_.add_fixture(fixture, as);
            if (list_others_too) {
                sources.files.push_back(other);
            }
        }
        sources.arguments = {{"requirer", std::move(arguments)}};
        return load(sources);
    }
    std::string in_dir(const std::string &name) const { return (dir_.path() / name).string(); }

    tenon_test::TempDir dir_;
};

TEST_F(Require, APluginInTheLoadsDirectoryIsFoundValidatedAndInitialisedFirst) {
    const auto report = load_requirer({{"want", "helper"}}, {{"r_helper.so", "helper.so"}});
    ASSERT_TRUE(report.ok()) << testing::PrintToString(tenon_test::messages(report));

    EXPECT_EQ(report.loaded, (Strings{"helper", "requirer"}));
    EXPECT_EQ(plugin_names(), (Strings{"helper", "requirer"}));
    host_->finish(TEST_STAGE_DUMP, 0);
    EXPECT_EQ(recorder_.events(),
              (Strings{"helper: init 11", "requirer: require status 0", "requirer: exit 11", "helper: exit 11"}));
}

TEST_F(Require, WhatTheFoundPluginRequiresIsFoundTheSameWayBeforeIt) {
    const auto report = load_requirer({{"want", "app"}}, {{"r_app.so", "app.so"}, {"r_helper.so", "helper.so"}});
    ASSERT_TRUE(report.ok()) << testing::PrintToString(tenon_test::messages(report));
    EXPECT_EQ(plugin_names(), (Strings{"helper", "app", "requirer"}));
    EXPECT_EQ(recorder_.events(), (Strings{"helper: init 11", "app: init 11", "requirer: require status 0"}));
}

TEST_F(Require, APluginOfTheSameLoadIsInitialisedEarlyAndNotAgain) {
    const auto report = load_requirer({{"want", "helper"}}, {{"r_helper.so", "helper.so"}}, true);
    ASSERT_TRUE(report.ok()) << testing::PrintToString(tenon_test::messages(report));
    EXPECT_EQ(plugin_names(), (Strings{"helper", "requirer"}));
    EXPECT_EQ(recorder_.events(), (Strings{"helper: init 11", "requirer: require status 0"}));
}

TEST_F(Require, AnAbsentPluginIsAStatusAndAMessageAndTheRequesterDecides) {
    const auto report = load_requirer({{"want", "nobody"}}, {});
    ASSERT_TRUE(report.ok());
    const std::string why = "require 'nobody': expected a plugin of that name in this load's directories (" +
                            dir_.path().string() + "), found none";
    EXPECT_EQ(recorder_.events(), (Strings{"requirer: require status -1", "requirer: why " + why}));
    EXPECT_TRUE(recorder_.has_line("[requirer] warn: " + why));
}

TEST_F(Require, AVersionOutOfRangeIsRefused) {
    const auto report = load_requirer({{"want", "helper"}, {"range", ">=2"}}, {{"r_helper.so", "helper.so"}});
    ASSERT_TRUE(report.ok());
    EXPECT_EQ(recorder_.events(),
              (Strings{"requirer: require status -4",
                       "requirer: why require 'helper' (>=2): version: expected one in that range, found 1.0.0 (" +
                           in_dir("helper.so") + ")"}));
    EXPECT_EQ(plugin_names(), Strings{"requirer"});
}

TEST_F(Require, AFileTheHostWouldRefuseIsRefusedWithItsOwnMessage) {
    const auto report = load_requirer({{"want", "alien"}}, {{"r_alien.so", "alien.so"}});
    ASSERT_TRUE(report.ok());
    const Strings events = recorder_.events();
    ASSERT_EQ(events.size(), 2u);
    EXPECT_EQ(events[0], "requirer: require status -9");
    EXPECT_EQ(events[1].rfind("requirer: why require 'alien': " + in_dir("alien.so") + ": ", 0), 0u) << events[1];
    EXPECT_NE(events[1].find("'other/1'"), std::string::npos) << events[1];
    EXPECT_EQ(plugin_names(), Strings{"requirer"});  // and alien's code never ran: it traced nothing
}

TEST_F(Require, AFoundPluginWhoseInitFailsIsRefusedAndGone) {
    const auto report = load_requirer({{"want", "flaky"}}, {{"r_flaky.so", "flaky.so"}});
    ASSERT_TRUE(report.ok());
    EXPECT_EQ(recorder_.events(),
              (Strings{"flaky: init 11", "requirer: require status -9",
                       "requirer: why require 'flaky': " + in_dir("flaky.so") +
                           ": plugin 'flaky': init(stage 11): expected 0, found -5 (Input/output error)"}));
    EXPECT_EQ(plugin_names(), Strings{"requirer"});
}

TEST_F(Require, InAStrictLoadAListedPluginFailingItsEarlyInitFailsTheLoad) {
    const auto report = load_requirer({{"want", "flaky"}}, {{"r_flaky.so", "flaky.so"}}, true);
    EXPECT_EQ(
        tenon_test::messages(report),
        Strings{in_dir("flaky.so") + ": plugin 'flaky': init(stage 11): expected 0, found -5 (Input/output error)"});
    EXPECT_TRUE(plugin_names().empty());
    // The requester's init returned; the rollback then gave it its exit.
    EXPECT_EQ(recorder_.events(),
              (Strings{"flaky: init 11", "requirer: require status -9",
                       "requirer: why require 'flaky': " + in_dir("flaky.so") +
                           ": plugin 'flaky': init(stage 11): expected 0, found -5 (Input/output error)",
                       "requirer: exit 11"}));
}

TEST_F(Require, ACycleOfRequiresIsReportedToThePluginThatClosesIt) {
    const auto report = load_requirer({{"want", "second"}}, {{"r_second.so", "second.so"}});
    ASSERT_TRUE(report.ok());
    EXPECT_EQ(recorder_.events(),
              (Strings{"second: require status -9",
                       "second: why require 'requirer': dependency cycle: requirer -> second -> requirer",
                       "requirer: require status 0"}));
    EXPECT_EQ(plugin_names(), (Strings{"second", "requirer"}));
}

TEST_F(Require, OnlyFromInit) {
    ASSERT_TRUE(load_requirer({{"want", "helper"}}, {{"r_helper.so", "helper.so"}}).ok());
    int status = 0;
    ASSERT_EQ(host_->hook<test_claim_hook>().value()(77, &status), 0);
    EXPECT_EQ(status, TENON_IMPORT_UNSUPPORTED);
    EXPECT_TRUE(
        recorder_.has_line("[requirer] warn: require 'helper': expected a call from this plugin's init, on "
                           "the loading thread, found one elsewhere"));
}

}  // namespace
