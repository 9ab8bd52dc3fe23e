// Static plugins: fixture sources of other areas linked into this program
// (tests/static/CMakeLists.txt) go through the rules a loaded plugin goes
// through: validation, names unique among static and loaded plugins alike,
// dependencies and their order, init, dispatch, exports, the inventory,
// unload (exit runs and the registrations go; nothing is unmapped) and finish.
#include "host_test.hpp"

#include <tenon/static_plugin.hpp>

#include <gtest/gtest.h>

#include <algorithm>

TENON_DECLARE_STATIC_PLUGIN(good_c);
TENON_DECLARE_STATIC_PLUGIN(good_cpp);
TENON_DECLARE_STATIC_PLUGIN(interface_other);
TENON_DECLARE_STATIC_PLUGIN(node_b);
TENON_DECLARE_STATIC_PLUGIN(storage);
TENON_DECLARE_STATIC_PLUGIN(multi_c);

namespace {

using tenon::Errc;
using tenon_test::Strings;

class Static : public tenon_test::HostTest {
protected:
    tenon::LoadReport load_with(std::vector<const tenon_static_plugin *> statics,
                                std::initializer_list<std::string> files = {}) {
        tenon::PluginSources sources = tenon_test::fixture_files(files);
        sources.static_plugins = std::move(statics);
        return host_->load(sources, TEST_STAGE_DUMP);
    }
    Strings names() const {
        Strings out;
        for (const tenon::PluginInfo &plugin : host_->plugins()) {
            out.push_back(plugin.name);
        }
        return out;
    }
};

TEST_F(Static, EveryLinkedPluginIsListed) {
    Strings ids;
    for (const tenon_static_plugin *plugin : tenon::linked_static_plugins()) {
        ids.push_back(plugin->id);
    }
    std::sort(ids.begin(), ids.end());
    EXPECT_EQ(ids, (Strings{"good_c", "good_cpp", "interface_other", "multi_c", "node_b", "storage"}));
}

TEST_F(Static, AStaticPluginLoadsDispatchesAndFinishesAsALoadedOneDoes) {
    const auto report = load_with({TENON_STATIC_PLUGIN_OF(good_c)});
    ASSERT_EQ(tenon_test::messages(report), Strings{});
    EXPECT_EQ(report.loaded, Strings{"v-good-c"});
    const tenon::PluginInfo info = host_->find_plugin("v-good-c").value();
    EXPECT_EQ(info.file, "static:good_c");
    EXPECT_TRUE(info.linked_in);
    EXPECT_EQ(info.version, "1.2.3");
    EXPECT_EQ(info.hooks, (Strings{"test_claim", "test_notify"}));
    int answer = 0;
    EXPECT_EQ(claim(1, answer), 0);
    EXPECT_EQ(answer, 100);
    // Its code is the program's: plugin_at does not attribute it.
    const auto *descriptor = static_cast<const tenon_descriptor *>(TENON_STATIC_PLUGIN_OF(good_c)->descriptor);
    EXPECT_EQ(host_->plugin_at(reinterpret_cast<const void *>(descriptor->init)), std::nullopt);
    host_->finish(TEST_STAGE_DUMP, 0);
    EXPECT_EQ(tenon_test::events_of(recorder_, "v-good-c"), (Strings{"v-good-c: init 11", "v-good-c: exit 11"}));
}

TEST_F(Static, ItsMetadataIsJudgedByTheLoadersRulesAndARefusedOneNeverRuns) {
    const auto report = load_with({TENON_STATIC_PLUGIN_OF(interface_other), TENON_STATIC_PLUGIN_OF(good_c)});
    ASSERT_EQ(report.errors.size(), 1u);
    EXPECT_EQ(report.errors[0].code, Errc::interface_mismatch);
    EXPECT_EQ(report.errors[0].message,
              "static:interface_other: field 'interface' name: expected 'test', found 'other' (from 'other/1')");
    EXPECT_EQ(report.errors[0].file, "static:interface_other");
    EXPECT_EQ(names(), Strings{});  // strict: nothing loaded
    EXPECT_EQ(tenon_test::starting_with(recorder_.events(), "v-interface-other"), Strings{});
}

TEST_F(Static, AFileTakingAStaticPluginsNameIsTheSecondAndIsRefused) {
    host_.reset();
    tenon::HostConfig config = tenon_test::test_config(tenon::LoadMode::lenient);
    host_.emplace(tenon::Host::create(config).value());
    recorder_.attach(*host_);
    const auto report = load_with({TENON_STATIC_PLUGIN_OF(good_c)}, {"v_good_c.so"});
    ASSERT_EQ(report.errors.size(), 1u);
    EXPECT_EQ(report.errors[0].code, Errc::duplicate_plugin);
    EXPECT_EQ(report.errors[0].message, tenon_test::fixture("v_good_c.so").string() +
                                            ": field 'name': expected a name no other plugin uses, found "
                                            "'v-good-c', already used by static:good_c");
    EXPECT_EQ(names(), Strings{"v-good-c"});
    EXPECT_EQ(host_->find_plugin("v-good-c").value().file, "static:good_c");
    EXPECT_EQ(tenon_test::events_of(recorder_, "v-good-c"), Strings{"v-good-c: init 11"});  // one init: the static one
}

TEST_F(Static, AStaticPluginTakingALoadedFilesNameIsTheSecondAndIsRefused) {
    load({"v_good_c.so"});
    const auto report = load_with({TENON_STATIC_PLUGIN_OF(good_c)});
    ASSERT_EQ(report.errors.size(), 1u);
    EXPECT_EQ(report.errors[0].code, Errc::duplicate_plugin);
    EXPECT_EQ(report.errors[0].message,
              "static:good_c: field 'name': expected a name no other plugin uses, found 'v-good-c', already used by " +
                  tenon_test::fixture("v_good_c.so").string());
    EXPECT_FALSE(host_->find_plugin("v-good-c").value().linked_in);
    EXPECT_EQ(tenon_test::events_of(recorder_, "v-good-c"), Strings{"v-good-c: init 11"});
}

TEST_F(Static, TheSameRegistrationTwiceIsOnePluginAndADuplicate) {
    const auto report = load_with({TENON_STATIC_PLUGIN_OF(good_c), TENON_STATIC_PLUGIN_OF(good_c)});
    ASSERT_EQ(report.errors.size(), 1u);
    EXPECT_EQ(report.errors[0].message,
              "static:good_c: field 'name': expected a name no other plugin uses, found 'v-good-c', already used by "
              "static:good_c");
}

TEST_F(Static, DependenciesOrderStaticAndLoadedPluginsTogether) {
    // The file "a" requires "b", which is linked in; "a" is listed first and still comes second.
    const auto report = load_with({TENON_STATIC_PLUGIN_OF(node_b)}, {"d_a_needs_b.so"});
    ASSERT_EQ(tenon_test::messages(report), Strings{});
    EXPECT_EQ(report.loaded, (Strings{"b", "a"}));
    const tenon::Error required = host_->unload("b", TEST_STAGE_DUMP);
    EXPECT_EQ(required.code, Errc::plugin_required);
    EXPECT_EQ(host_->unload("a", TEST_STAGE_DUMP).code, Errc::ok);
    EXPECT_EQ(host_->unload("b", TEST_STAGE_DUMP).code, Errc::ok);
    EXPECT_EQ(tenon_test::starting_with(recorder_.events(), "b: "), (Strings{"b: init 11", "b: exit 11"}));
}

TEST_F(Static, AStaticProviderServesALoadedConsumer) {
    const auto report = load_with({TENON_STATIC_PLUGIN_OF(storage)}, {"x_consumer.so"});
    ASSERT_EQ(tenon_test::messages(report), Strings{});
    EXPECT_EQ(report.loaded, (Strings{"storage", "consumer"}));
    const Strings events = tenon_test::events_of(recorder_, "consumer");
    ASSERT_GE(events.size(), 4u);
    EXPECT_EQ(Strings(events.begin(), events.begin() + 4), (Strings{"consumer: import put 0", "consumer: import get 0",
                                                                    "consumer: import count 0", "consumer: put 2"}));
}

TEST_F(Static, UnloadRunsExitAndRemovesItsHooksAndALaterLoadRunsInitAgain) {
    ASSERT_TRUE(load_with({TENON_STATIC_PLUGIN_OF(good_c)}).ok());
    ASSERT_EQ(host_->unload("v-good-c", TEST_STAGE_RESTORE).code, Errc::ok);
    int answer = 0;
    EXPECT_EQ(claim(1, answer), -ENOTSUP);  // its handler is gone from the chain
    EXPECT_EQ(names(), Strings{});
    EXPECT_EQ(host_->find_plugin("v-good-c").error().code, Errc::not_loaded);
    // Nothing was unmapped: the same code serves a second load.
    ASSERT_TRUE(load_with({TENON_STATIC_PLUGIN_OF(good_c)}).ok());
    EXPECT_EQ(claim(1, answer), 0);
    EXPECT_EQ(answer, 100);
    EXPECT_EQ(tenon_test::events_of(recorder_, "v-good-c"),
              (Strings{"v-good-c: init 11", "v-good-c: exit 12", "v-good-c: init 11"}));
}

TEST_F(Static, TheInventoryCountsAStaticPluginThatClaimed) {
    ASSERT_TRUE(load_with({TENON_STATIC_PLUGIN_OF(good_c), TENON_STATIC_PLUGIN_OF(multi_c)}).ok());
    int answer = 0;
    ASSERT_EQ(claim(1, answer), 0);  // v-good-c claims key 1; multi-static only key 11
    const tenon::Inventory inventory = host_->inventory();
    ASSERT_EQ(inventory.plugins.size(), 1u);
    EXPECT_EQ(inventory.plugins[0], (tenon::InventoryEntry{"v-good-c", "1.2.3"}));
}

TEST_F(Static, AThreeFileCPluginAndACxxPluginLinkAndRun) {
    ASSERT_EQ(tenon_test::messages(load_with({TENON_STATIC_PLUGIN_OF(multi_c), TENON_STATIC_PLUGIN_OF(good_cpp)})),
              Strings{});
    int answer = 0;
    EXPECT_EQ(claim(11, answer), 0);
    EXPECT_EQ(answer, 1111);  // 1100 + the stage its third file kept
    EXPECT_EQ(claim(2, answer), 0);
    EXPECT_EQ(answer, 200);  // v-good-cpp claims key 2
    EXPECT_EQ(tenon_test::events_of(recorder_, "multi-static"),
              (Strings{"multi-static: init sees services in hooks file: 1",
                       "multi-static: claimed by the hooks file, stage 11"}));
}

TEST_F(Static, OneHostAtATimeMayHaveIt) {
    ASSERT_TRUE(load_with({TENON_STATIC_PLUGIN_OF(good_c)}).ok());
    tenon::Host other = tenon::Host::create(tenon_test::test_config()).value();
    other.set_log_sink([](tenon::LogLevel, std::string_view, std::string_view) {});
    tenon::PluginSources sources;
    sources.static_plugins = {TENON_STATIC_PLUGIN_OF(good_c)};
    const auto report = other.load(sources, TEST_STAGE_DUMP);
    ASSERT_EQ(report.errors.size(), 1u);
    EXPECT_EQ(report.errors[0].code, Errc::already_loaded);
    EXPECT_EQ(report.errors[0].message,
              "static:good_c: static plugin: expected one no other tenon::Host in this process has loaded, found it "
              "loaded by another Host (a static plugin has one services pointer)");
    EXPECT_EQ(tenon_test::events_of(recorder_, "v-good-c"), Strings{"v-good-c: init 11"});
}

TEST_F(Static, CheckJudgesStaticPluginsToo) {
    tenon::PluginSources sources;
    sources.static_plugins = {TENON_STATIC_PLUGIN_OF(good_c), TENON_STATIC_PLUGIN_OF(interface_other)};
    const tenon::CheckReport report = host_->check(sources);
    ASSERT_EQ(report.would_load.size(), 1u);
    EXPECT_EQ(report.would_load[0].name, "v-good-c");
    EXPECT_EQ(report.would_load[0].file, "static:good_c");
    ASSERT_EQ(report.errors.size(), 1u);
    EXPECT_EQ(report.errors[0].code, Errc::interface_mismatch);
    EXPECT_EQ(recorder_.events(), Strings{});
}

}  // namespace
