// The inventory: which plugins a dump used, serialised into the host's
// output, and checked at restore with exact names and major versions. The
// text form itself is tested in inventory_text_test.cpp.
#include "criu_support.hpp"

#include <cerrno>

namespace {

using namespace criu_test;
using tenon::Errc;
using tenon::Inventory;

class InventoryTest : public CriuTest {
protected:
    // A restore engine expecting `inventory`, loaded from `directory`.
    tenon::LoadReport restore(const PluginDirectory &directory, Inventory inventory) {
        Options options = options_for(directory.path());
        create(options);
        engine_->expect_inventory(std::move(inventory));
        stage_ = Stage::restore;
        return engine_->init(Stage::restore);
    }
};

Inventory listing(std::vector<tenon::InventoryEntry> plugins) {
    Inventory inventory;
    inventory.plugins = std::move(plugins);
    return inventory;
}

TEST_F(InventoryTest, RoundTripFromDumpToRestore) {
    PluginDirectory directory({{"c_lifecycle.so", "1_lifecycle.so"},
                               {"c_cuda_plugin.so", "2_cuda_plugin.so"},
                               {"c_first.so", "3_first.so"},
                               {"c_amdgpu_plugin.so", "4_amdgpu_plugin.so"}});
    std::string saved;
    {
        ASSERT_TRUE(start(directory).ok());
        // lifecycle claims a file: as in CRIU, that alone does not put it into the inventory.
        EXPECT_EQ(engine_->run<CR_PLUGIN_HOOK__DUMP_EXT_FILE_hook>(3, 1), 0);
        // The device plugins add themselves with add_inventory_plugin.
        EXPECT_EQ(engine_->run<CR_PLUGIN_HOOK__DUMP_DEVICES_LATE_hook>(0), 0);
        const Inventory used = engine_->inventory();
        EXPECT_EQ(used, listing({{"cuda_plugin", "0.2.0"}, {"amdgpu_plugin", "0.2.0"}}))
            << "only the plugins that called add_inventory_plugin are needed";
        const auto serialised = used.serialise();
        ASSERT_TRUE(serialised) << serialised.error().message;
        saved = *serialised;
        engine_->fini(Stage::dump, 0);
        engine_.reset();
    }
    EXPECT_EQ(saved, "tenon-inventory 2\nplugins 2\ncuda_plugin 0.2.0\namdgpu_plugin 0.2.0\nend\n");

    const auto parsed = Inventory::parse(saved, "inventory.img");
    ASSERT_TRUE(parsed) << parsed.error().message;
    const auto report = restore(directory, *parsed);
    EXPECT_TRUE(report.ok()) << testing::PrintToString(tenon_test::messages(report));
    EXPECT_FALSE(logged(recorder_, "disabled")) << "both device plugins are in the inventory";
    EXPECT_EQ(engine_->run<CR_PLUGIN_HOOK__RESUME_DEVICES_LATE_hook>(42), 0);
    EXPECT_TRUE(recorder_.has_line("[cuda_plugin] info: resumed devices of 42"));
}

TEST_F(InventoryTest, EveryMissingPluginIsListed) {
    PluginDirectory directory({{"c_lifecycle.so", "lifecycle.so"}});
    const auto report =
        restore(directory, listing({{"cuda_plugin", "0.2.0"}, {"lifecycle", "0.2.0"}, {"amdgpu_plugin", "0.2.0"}}));
    ASSERT_EQ(report.errors.size(), 1u);
    EXPECT_EQ(report.errors[0].code, Errc::missing_plugin);
    EXPECT_EQ(report.errors[0].message, "Missing required plugin: cuda_plugin\nMissing required plugin: amdgpu_plugin");
    // As CRIU's cr_plugin_init: a failed restore init finishes every plugin it loaded.
    EXPECT_TRUE(report.loaded.empty());
    EXPECT_TRUE(engine_->host().plugins().empty());
    EXPECT_EQ(lines_from(recorder_, "lifecycle"),
              (Strings{"[lifecycle] info: init stage 2", "[lifecycle] info: exit stage 2 ret -2"}));
}

TEST_F(InventoryTest, NamesMatchExactlyNotByPrefix) {
    // CRIU compares strncmp(name, entry, strlen(name)): "cuda" would claim "cuda_plugin".
    PluginDirectory directory({{"c_cuda.so", "cuda.so"}});
    const auto report = restore(directory, listing({{"cuda_plugin", "0.2.0"}}));
    EXPECT_TRUE(recorder_.has_line("[cuda] info: not in the image's inventory: disabled"));
    ASSERT_EQ(report.errors.size(), 1u);
    EXPECT_EQ(report.errors[0].message, "Missing required plugin: cuda_plugin");
}

TEST_F(InventoryTest, APluginNotInTheInventoryDisablesItselfAndTheRestoreGoesOn) {
    PluginDirectory directory({{"c_cuda.so", "1_cuda.so"}, {"c_amdgpu_plugin.so", "2_amdgpu_plugin.so"}});
    const auto report = restore(directory, listing({{"amdgpu_plugin", "0.2.0"}}));
    ASSERT_TRUE(report.ok()) << testing::PrintToString(tenon_test::messages(report));
    EXPECT_EQ(report.loaded, (Strings{"cuda", "amdgpu_plugin"}));
    EXPECT_TRUE(recorder_.has_line("[cuda] info: not in the image's inventory: disabled"));
    EXPECT_FALSE(logged(recorder_, "[amdgpu_plugin] info: not in the image's inventory"));
    // cuda comes first in the chain, but passes the pid on.
    EXPECT_EQ(engine_->run<CR_PLUGIN_HOOK__RESUME_DEVICES_LATE_hook>(42), 0);
    EXPECT_TRUE(recorder_.has_line("[amdgpu_plugin] info: resumed devices of 42"));
    EXPECT_FALSE(logged(recorder_, "[cuda] info: resumed"));
}

TEST_F(InventoryTest, AnInventoryFromBeforePluginListsEnablesEveryPlugin) {
    const auto old = Inventory::parse("tenon-inventory 2\nplugins any\nend\n", "old.img");
    ASSERT_TRUE(old) << old.error().message;
    EXPECT_FALSE(old->has_list);
    PluginDirectory directory({{"c_cuda.so", "1_cuda.so"}, {"c_amdgpu_plugin.so", "2_amdgpu_plugin.so"}});
    const auto report = restore(directory, *old);
    ASSERT_TRUE(report.ok()) << testing::PrintToString(tenon_test::messages(report));
    EXPECT_FALSE(logged(recorder_, "disabled"));
    EXPECT_EQ(engine_->run<CR_PLUGIN_HOOK__RESUME_DEVICES_LATE_hook>(7), 0);
    EXPECT_TRUE(recorder_.has_line("[cuda] info: resumed devices of 7"));
    EXPECT_TRUE(engine_->host().inventory_needs("anything"));
}

TEST_F(InventoryTest, AnIncompatibleMajorVersionIsReported) {
    PluginDirectory directory({{"c_amdgpu_plugin_1.so", "amdgpu_plugin.so"}});
    const auto report = restore(directory, listing({{"amdgpu_plugin", "0.2.0"}}));
    ASSERT_EQ(report.errors.size(), 1u);
    EXPECT_EQ(report.errors[0].code, Errc::missing_plugin);
    EXPECT_EQ(report.errors[0].message,
              "Missing required plugin: amdgpu_plugin (inventory: version 0.2.0, loaded: version 1.0.0; the major "
              "versions differ)");
}

TEST_F(InventoryTest, ANewerMinorVersionSatisfiesTheInventory) {
    PluginDirectory directory({{"c_amdgpu_plugin_1.so", "amdgpu_plugin.so"}});
    const auto report = restore(directory, listing({{"amdgpu_plugin", "1.4.2"}}));
    EXPECT_TRUE(report.ok()) << testing::PrintToString(tenon_test::messages(report));
}

TEST_F(InventoryTest, ABinaryPluginRecordsItselfThroughAddInventoryPlugin) {
    PluginDirectory directory({{"b_cuda_plugin.so", "cuda_plugin.so"}});
    ASSERT_TRUE(start(directory).ok());
    EXPECT_TRUE(engine_->inventory().plugins.empty());
    EXPECT_EQ(engine_->run<CR_PLUGIN_HOOK__DUMP_DEVICES_LATE_hook>(0), 0);
    EXPECT_EQ(engine_->inventory(), listing({{"cuda_plugin", "0.2.0"}}));
}

TEST_F(InventoryTest, AClaimIsNotRecordedAddingIsAndClearingForgetsIt) {
    PluginDirectory directory({{"b_binary.so", "binary.so"}});
    ASSERT_TRUE(start(directory).ok());
    EXPECT_EQ(engine_->run<CR_PLUGIN_HOOK__DUMP_EXT_FILE_hook>(1, 2), 0);
    EXPECT_TRUE(engine_->inventory().plugins.empty()) << "CRIU records only add_inventory_plugin";
    EXPECT_EQ(engine_->run<CR_PLUGIN_HOOK__DUMP_DEVICES_LATE_hook>(0), 0);  // binary adds itself here
    EXPECT_EQ(engine_->inventory(), listing({{"binary", "0.2.0"}}));
    engine_->host().clear_inventory();
    EXPECT_TRUE(engine_->inventory().plugins.empty());
    const tenon::Error unknown = engine_->host().mark_used("nobody");
    EXPECT_EQ(unknown.code, Errc::not_loaded);
    EXPECT_EQ(unknown.message, "mark_used: expected a loaded plugin named 'nobody', found none");
}

TEST_F(InventoryTest, CriusNamesOnlyInventoryRoundTripsAndMatchesByName) {
    const Inventory from_criu = tenon::criu::inventory_from_names({"amdgpu_plugin", "cuda_plugin"});
    EXPECT_EQ(from_criu, listing({{"amdgpu_plugin", ""}, {"cuda_plugin", ""}}));
    EXPECT_EQ(tenon::criu::inventory_names(from_criu), (Strings{"amdgpu_plugin", "cuda_plugin"}));
    // Any version satisfies a name CRIU recorded: amdgpu_plugin 1.0.0 here.
    PluginDirectory directory({{"c_amdgpu_plugin_1.so", "1.so"}, {"c_cuda_plugin.so", "2.so"}});
    EXPECT_TRUE(restore(directory, from_criu).ok());
    engine_->fini(Stage::restore, 0);
    engine_.reset();
    PluginDirectory without_cuda({{"c_amdgpu_plugin_1.so", "1.so"}});
    const auto report = restore(without_cuda, from_criu);
    ASSERT_EQ(report.errors.size(), 1u);
    EXPECT_EQ(report.errors[0].message, "Missing required plugin: cuda_plugin");
}

TEST_F(InventoryTest, ANamesOnlyEntryCannotBeWrittenAsTenonText) {
    const auto written = tenon::criu::inventory_from_names({"cuda_plugin"}).serialise();
    ASSERT_FALSE(written);
    EXPECT_EQ(written.error().code, Errc::invalid_argument);
}

}  // namespace
