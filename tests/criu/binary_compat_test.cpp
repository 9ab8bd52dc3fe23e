// Plugins compiled against CRIU's own descriptor layout (binary/criu_abi.h):
// CR_PLUGIN_DESC with hooks filled by constructors, and legacy plugins found
// by their cr_plugin_* symbols. What the file can tell is checked before
// dlopen; CRIU's version and max_hooks checks apply, with both values named.
#include "criu_support.hpp"
#include "foreign_machine.hpp"

#include <cerrno>
#include <fstream>
#include <iterator>

namespace {

using namespace criu_test;
using tenon::Errc;

class BinaryCompat : public CriuTest {
protected:
    // Loads the directory, expecting exactly one error and nothing loaded; returns the error.
    tenon::Error refused(const PluginDirectory &directory) {
        const auto report = start(directory);
        EXPECT_TRUE(report.loaded.empty());
        EXPECT_TRUE(engine_->host().plugins().empty());
        EXPECT_EQ(report.errors.size(), 1u) << testing::PrintToString(tenon_test::messages(report));
        return report.errors.empty() ? tenon::Error{} : report.errors[0];
    }
};

std::vector<std::string> hook_names(const tenon::Host &host, const std::string &plugin) {
    return host.find_plugin(plugin)->hooks;
}

TEST_F(BinaryCompat, APluginBuiltForCriuLoadsAndServesItsHooks) {
    PluginDirectory directory({{"b_binary.so", "binary.so"}});
    const auto report = start(directory);
    ASSERT_TRUE(report.ok()) << testing::PrintToString(tenon_test::messages(report));
    EXPECT_EQ(report.loaded, Strings{"binary"});
    const auto info = engine_->host().find_plugin("binary");
    ASSERT_TRUE(info);
    EXPECT_EQ(info->version, "0.2.0");
    EXPECT_EQ(info->interface_id, "criu/1");
    EXPECT_EQ(info->hooks, (Strings{"CR_PLUGIN_HOOK__DUMP_DEVICES_LATE", "CR_PLUGIN_HOOK__DUMP_EXT_FILE",
                                    "CR_PLUGIN_HOOK__POST_FORKING", "CR_PLUGIN_HOOK__RESTORE_EXT_FILE",
                                    "CR_PLUGIN_HOOK__RESTORE_UNIX_SK"}));

    EXPECT_EQ(engine_->run<CR_PLUGIN_HOOK__DUMP_EXT_FILE_hook>(4, 2), 0);
    EXPECT_EQ(engine_->run<CR_PLUGIN_HOOK__DUMP_EXT_FILE_hook>(4, 3), -ENOTSUP);
    bool retry_needed = false;
    EXPECT_EQ(engine_->run<CR_PLUGIN_HOOK__RESTORE_EXT_FILE_hook>(9, &retry_needed), 0);
    EXPECT_TRUE(retry_needed);
    engine_->set_image_dir(17);
    EXPECT_EQ(engine_->run<CR_PLUGIN_HOOK__RESTORE_UNIX_SK_hook>(1), 17) << "criu_get_image_dir() from the host";

    engine_->fini(Stage::dump, -3);
    EXPECT_EQ(lines_from(recorder_, "binary"),
              (Strings{"[binary] info: init stage 0", "[binary] info: dump_ext_file: fd 4 id 2",
                       "[binary] info: exit stage 0 ret -3"}));
}

TEST_F(BinaryCompat, AVersionAbove0x200IsRefusedBeforeDlopen) {
    PluginDirectory directory({{"b_version_201.so", "version_201.so"}});
    const auto error = refused(directory);
    EXPECT_EQ(error.code, Errc::abi_incompatible);
    EXPECT_EQ(error.message, directory.file("version_201.so").string() +
                                 ": CR_PLUGIN_DESC field 'version': expected at most 0x200 (CRIU plugin API "
                                 "0.2.0), found 0x201 (API 0.2.1)");
    EXPECT_FALSE(logged(recorder_, "constructor of version_201 ran")) << "the file was never dlopened";
}

TEST_F(BinaryCompat, UpdateInetskIsHook15AndServed) {
    PluginDirectory directory({{"b_max_hooks_16.so", "max_hooks_16.so"}});
    const auto report = start(directory);
    ASSERT_TRUE(report.ok()) << testing::PrintToString(tenon_test::messages(report));
    EXPECT_EQ(hook_names(engine_->host(), "max_hooks_16"),
              (Strings{"CR_PLUGIN_HOOK__DUMP_DEVICES_LATE", "CR_PLUGIN_HOOK__DUMP_EXT_FILE",
                       "CR_PLUGIN_HOOK__POST_FORKING", "CR_PLUGIN_HOOK__RESTORE_EXT_FILE",
                       "CR_PLUGIN_HOOK__RESTORE_UNIX_SK", "CR_PLUGIN_HOOK__UPDATE_INETSK"}));
    uint32_t source[4] = {0x7f000001u, 0, 0, 0};
    uint32_t destination[4] = {};
    EXPECT_EQ(engine_->run<CR_PLUGIN_HOOK__UPDATE_INETSK_hook>(2u, 1u, source, destination), 0);
    EXPECT_EQ(source[0], 0x0a000001u);
    EXPECT_EQ(engine_->run<CR_PLUGIN_HOOK__UPDATE_INETSK_hook>(10u, 1u, source, destination), -ENOTSUP);
}

TEST_F(BinaryCompat, MoreHooksThanTheHostKnowsLoadWhenTheNewerOnesAreUnset) {
    PluginDirectory directory({{"b_max_hooks_17.so", "max_hooks_17.so"}});
    const auto report = start(directory);
    ASSERT_TRUE(report.ok()) << testing::PrintToString(tenon_test::messages(report));
    EXPECT_EQ(engine_->run<CR_PLUGIN_HOOK__DUMP_EXT_FILE_hook>(5, 2), 0);
}

TEST_F(BinaryCompat, ANewerHookSetIsRefusedNamingItsNumber) {
    PluginDirectory directory({{"b_newer_hook_set.so", "newer_hook_set.so"}});
    const auto error = refused(directory);
    EXPECT_EQ(error.code, Errc::unknown_hook);
    EXPECT_EQ(error.message, directory.file("newer_hook_set.so").string() +
                                 ": CR_PLUGIN_DESC field 'hooks[16]': expected NULL (hook 16 is newer than this host, "
                                 "which knows hooks 0 to 15), found a function");
    EXPECT_FALSE(logged(recorder_, "init stage")) << "refused before any init";
}

TEST_F(BinaryCompat, AnAbsurdHookCountIsRefusedBeforeDlopen) {
    PluginDirectory directory({{"b_max_hooks_2000.so", "max_hooks_2000.so"}});
    const auto error = refused(directory);
    EXPECT_EQ(error.code, Errc::abi_incompatible);
    EXPECT_EQ(error.message, directory.file("max_hooks_2000.so").string() +
                                 ": CR_PLUGIN_DESC field 'max_hooks': expected at most 1024, found 2000");
    EXPECT_FALSE(logged(recorder_, "constructor of max_hooks_2000 ran")) << "the file was never dlopened";
}

TEST_F(BinaryCompat, FewerHooksAreAcceptedAndOnlyThoseAreRead) {
    PluginDirectory directory({{"b_max_hooks_8.so", "max_hooks_8.so"}});
    const auto report = start(directory);
    ASSERT_TRUE(report.ok()) << testing::PrintToString(tenon_test::messages(report));
    EXPECT_EQ(hook_names(engine_->host(), "max_hooks_8"),
              (Strings{"CR_PLUGIN_HOOK__DUMP_EXT_FILE", "CR_PLUGIN_HOOK__RESTORE_UNIX_SK"}));
    EXPECT_EQ(engine_->run<CR_PLUGIN_HOOK__DUMP_EXT_FILE_hook>(6, 2), 0);
    EXPECT_TRUE(recorder_.has_line("[max_hooks_8] info: dump_ext_file: fd 6 id 2"));
}

TEST_F(BinaryCompat, AVersionOnlyKnownAfterDlopenIsRefusedThen) {
    PluginDirectory directory({{"b_late_version.so", "late_version.so"}});
    const auto error = refused(directory);
    EXPECT_EQ(error.code, Errc::abi_incompatible);
    EXPECT_EQ(error.message, directory.file("late_version.so").string() +
                                 ": CR_PLUGIN_DESC field 'version': expected at most 0x200 (CRIU plugin API "
                                 "0.2.0), found 0x201 (API 0.2.1)");
    // Its descriptor lives in .bss and a constructor fills it: nothing to read before dlopen.
    EXPECT_TRUE(logged(recorder_, "constructor of late_version ran"));
}

TEST_F(BinaryCompat, ANullNameIsRefused) {
    PluginDirectory directory({{"b_nameless.so", "nameless.so"}});
    const auto error = refused(directory);
    EXPECT_EQ(error.code, Errc::malformed_metadata);
    EXPECT_EQ(error.message, directory.file("nameless.so").string() +
                                 ": CR_PLUGIN_DESC field 'name': expected a plugin name, found NULL");
}

TEST_F(BinaryCompat, ADescriptorThatIsAFunctionIsRefusedBeforeDlopen) {
    PluginDirectory directory({{"b_descriptor_function.so", "descriptor_function.so"}});
    const auto error = refused(directory);
    EXPECT_EQ(error.code, Errc::malformed_metadata);
    EXPECT_EQ(error.message, directory.file("descriptor_function.so").string() +
                                 ": symbol 'CR_PLUGIN_DESC': expected a data object (cr_plugin_desc_t), found a "
                                 "function");
}

TEST_F(BinaryCompat, ADescriptorTooSmallForItsFieldsIsRefusedBeforeDlopen) {
    PluginDirectory directory({{"b_descriptor_too_small.so", "descriptor_too_small.so"}});
    const auto error = refused(directory);
    EXPECT_EQ(error.code, Errc::malformed_metadata);
    EXPECT_EQ(error.message, directory.file("descriptor_too_small.so").string() +
                                 ": symbol 'CR_PLUGIN_DESC': size: expected at least " +
                                 std::to_string(3 * sizeof(void *) + 2 * sizeof(unsigned)) +
                                 " bytes (cr_plugin_desc_t with max_hooks 0), found 16 bytes");
}

TEST_F(BinaryCompat, ALegacyPluginGetsAGeneratedDescriptorAndAWarning) {
    PluginDirectory directory({{"b_legacy.so", "legacy.so"}});
    const auto report = start(directory);
    ASSERT_TRUE(report.ok()) << testing::PrintToString(tenon_test::messages(report));
    EXPECT_EQ(report.loaded, Strings{"legacy"});
    EXPECT_TRUE(recorder_.has_line("[tenon] warn: " + directory.file("legacy.so").string() +
                                   ": no CR_PLUGIN_DESC: generating a descriptor for plugin 'legacy' from its "
                                   "cr_plugin_* symbols; this API is deprecated, register the plugin with "
                                   "CR_PLUGIN_REGISTER instead"));
    EXPECT_EQ(engine_->host().find_plugin("legacy")->version, "0.1.0");
    EXPECT_EQ(hook_names(engine_->host(), "legacy"), Strings{"CR_PLUGIN_HOOK__DUMP_EXT_FILE"});
    EXPECT_EQ(engine_->run<CR_PLUGIN_HOOK__DUMP_EXT_FILE_hook>(5, 3), 0);
    engine_->fini(Stage::dump, 0);
    // Called as current CRIU calls them, with (stage) and (stage, ret); these old-API ones take none.
    EXPECT_EQ(lines_from(recorder_, "legacy"),
              (Strings{"[legacy] info: legacy init", "[legacy] info: legacy dump_file: fd 5 id 3",
                       "[legacy] info: legacy fini"}));
}

TEST_F(BinaryCompat, ALibraryWithNoPluginSymbolIsRefusedNamingWhatWasLookedFor) {
    PluginDirectory directory({{"b_not_a_plugin.so", "helper.so"}});
    const auto error = refused(directory);
    EXPECT_EQ(error.code, Errc::no_metadata);
    EXPECT_EQ(error.message,
              directory.file("helper.so").string() +
                  ": no Tenon metadata: section 'tenon_descriptor' not found (was the plugin built with "
                  "TENON_PLUGIN?), nor a symbol of a plugin format this host accepts (CRIU: CR_PLUGIN_DESC, "
                  "cr_plugin_init, cr_plugin_fini, cr_plugin_dump_unix_sk, cr_plugin_restore_unix_sk, "
                  "cr_plugin_dump_file, cr_plugin_restore_file, cr_plugin_dump_ext_mount, "
                  "cr_plugin_restore_ext_mount, cr_plugin_dump_ext_link, cr_plugin_handle_device_vma, "
                  "cr_plugin_update_vma_map, cr_plugin_resume_devices_late, cr_plugin_pause_devices, "
                  "cr_plugin_checkpoint_devices, cr_plugin_post_forking, cr_plugin_restore_init, "
                  "cr_plugin_dump_devices_late, cr_plugin_update_inetsk)");
}

TEST_F(BinaryCompat, ANonElfFileIsRefusedBeforeDlopen) {
    PluginDirectory directory;
    std::ofstream(directory.file("notes.so")) << "not a plugin\n";
    const auto error = refused(directory);
    EXPECT_EQ(error.code, Errc::not_elf);
    EXPECT_EQ(error.message,
              directory.file("notes.so").string() + ": not an ELF file: expected magic 7f 45 4c 46, found 6e 6f 74 20");
}

TEST_F(BinaryCompat, AnotherArchitectureIsRefusedBeforeDlopen) {
    const auto foreign = tenon_test::foreign_machine();
    if (!foreign) {
        GTEST_SKIP() << "no expected machine name written for this architecture";
    }
    std::ifstream in(tenon_test::fixture("b_binary.so"), std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    PluginDirectory directory;
    std::ofstream(directory.file("binary.so"), std::ios::binary) << tenon_test::with_machine(bytes, foreign->machine);
    const auto error = refused(directory);
    EXPECT_EQ(error.code, Errc::wrong_architecture);
    EXPECT_EQ(error.message, directory.file("binary.so").string() + ": field 'e_machine': " + foreign->expected_found);
    EXPECT_FALSE(logged(recorder_, "constructor of binary ran"));
}

}  // namespace
