// The embedded descriptor and records: refused when unusable, tolerated
// when they come from an older or newer ABI minor.
#include "validation_support.hpp"

#include <gtest/gtest.h>

#include <tenon/abi.h>
#include <tenon/metadata.hpp>

namespace {

using tenon::Errc;
using validation::make_host;
using validation::only_error;
using validation::only_file;
using validation::plugin_names;

std::string abi_text(int major, int minor) {
    return std::to_string(major) + "." + std::to_string(minor);
}

TEST(Metadata, BadMagicIsRefused) {
    const auto file = tenon_test::fixture("v_bad_magic.so");
    tenon_test::Recorder recorder;
    tenon::Host host = make_host(recorder);
    const auto report = host.load(only_file(file), TEST_STAGE_DUMP);
    ASSERT_TRUE(
        only_error(report, Errc::bad_magic, file.string() + ": field 'magic': expected 0x4e4f4e54, found 0x544e4f4e"));
    EXPECT_EQ(report.errors[0].file, file);
    EXPECT_TRUE(host.plugins().empty());
}

TEST(Metadata, NewerAbiMajorIsRefused) {
    const auto file = tenon_test::fixture("v_abi_major.so");
    tenon_test::Recorder recorder;
    tenon::Host host = make_host(recorder);
    const auto report = host.load(only_file(file), TEST_STAGE_DUMP);
    const std::string next = std::to_string(TENON_ABI_MAJOR + 1);
    EXPECT_TRUE(only_error(report, Errc::abi_incompatible,
                           file.string() + ": field 'abi_major': expected " + std::to_string(TENON_ABI_MAJOR) +
                               ", found " + next + " (the plugin was built for Tenon ABI " + next + ".0)"));
    EXPECT_TRUE(host.plugins().empty());
}

TEST(Metadata, NewerAbiMinorWithLargerDescriptorLoadsAndIsNoted) {
    const auto file = tenon_test::fixture("v_abi_minor_newer.so");
    tenon_test::Recorder recorder;
    tenon::Host host = make_host(recorder);
    const auto report = host.load(only_file(file), TEST_STAGE_DUMP);
    EXPECT_TRUE(report.errors.empty()) << testing::PrintToString(tenon_test::messages(report));
    EXPECT_EQ(plugin_names(host), std::vector<std::string>{"v-abi-minor-newer"});
    EXPECT_EQ(recorder.events(), std::vector<std::string>{"v-abi-minor-newer: init 11"});
    EXPECT_TRUE(recorder.has_line("[tenon] debug: " + file.string() + ": built for ABI " +
                                  abi_text(TENON_ABI_MAJOR, TENON_ABI_MINOR + 1) + ", newer than this host's " +
                                  abi_text(TENON_ABI_MAJOR, TENON_ABI_MINOR) +
                                  "; fields this host does not know are ignored"))
        << testing::PrintToString(recorder.lines());
    const auto claim = host.hook<test_claim_hook>().value();
    int answer = 0;
    EXPECT_EQ(claim(3, &answer), 0);
    EXPECT_EQ(answer, 300);
}

TEST(Metadata, OlderMinimumSizeDescriptorLoadsAndRunsInit) {
    const auto file = tenon_test::fixture("v_old_descriptor.so");
    tenon_test::Recorder recorder;
    tenon::Host host = make_host(recorder);
    const auto report = host.load(only_file(file), TEST_STAGE_DUMP);
    EXPECT_TRUE(report.errors.empty()) << testing::PrintToString(tenon_test::messages(report));
    EXPECT_EQ(report.loaded, std::vector<std::string>{"v-old-descriptor"});
    EXPECT_EQ(recorder.events(), std::vector<std::string>{"v-old-descriptor: init 11"});
    const auto claim = host.hook<test_claim_hook>().value();
    int answer = 0;
    EXPECT_EQ(claim(4, &answer), 0);
    EXPECT_EQ(answer, 400);
}

TEST(Metadata, UnknownRecordKindIsSkippedWithNote) {
    const auto file = tenon_test::fixture("v_unknown_record.so");
    tenon_test::Recorder recorder;
    tenon::Host host = make_host(recorder);
    const auto report = host.load(only_file(file), TEST_STAGE_DUMP);
    EXPECT_TRUE(report.errors.empty()) << testing::PrintToString(tenon_test::messages(report));
    EXPECT_EQ(plugin_names(host), std::vector<std::string>{"v-unknown-record"});
    EXPECT_TRUE(recorder.has_line("[tenon] debug: " + file.string() +
                                  ": skipped a record of unknown kind 0x544e5645 at offset 0 (not defined by ABI 1.1, "
                                  "which this host implements)"))
        << testing::PrintToString(recorder.lines());
}

TEST(Metadata, VersionWithoutPatchIsMalformed) {
    const auto file = tenon_test::fixture("v_bad_version.so");
    tenon_test::Recorder recorder;
    tenon::Host host = make_host(recorder);
    const auto report = host.load(only_file(file), TEST_STAGE_DUMP);
    EXPECT_TRUE(
        only_error(report, Errc::malformed_metadata,
                   file.string() + ": field 'version': expected a semantic version MAJOR.MINOR.PATCH, found '1.0'"));
    EXPECT_TRUE(host.plugins().empty());
}

TEST(Metadata, HookRegisteredTwiceIsRefused) {
    const auto file = tenon_test::fixture("v_duplicate_hook.so");
    tenon_test::Recorder recorder;
    tenon::Host host = make_host(recorder);
    const auto report = host.load(only_file(file), TEST_STAGE_DUMP);
    EXPECT_TRUE(only_error(report, Errc::duplicate_hook,
                           file.string() + ": hook 'test_claim': registrations: expected one per plugin, found two"));
    EXPECT_TRUE(host.plugins().empty());
}

TEST(ReadPluginMetadata, GoodPluginReportsEveryField) {
    const auto file = tenon_test::fixture("v_good_c.so");
    const auto metadata = tenon::read_plugin_metadata(file);
    ASSERT_TRUE(metadata.ok()) << metadata.error().message;
    EXPECT_EQ(metadata->file, file);
    EXPECT_EQ(metadata->name, "v-good-c");
    EXPECT_EQ(metadata->version, "1.2.3");
    EXPECT_EQ(metadata->interface_id, "test/2");
    EXPECT_EQ(metadata->interface_name, "test");
    EXPECT_EQ(metadata->interface_version, 2u);
    EXPECT_EQ(metadata->description, "Valid C fixture");
    EXPECT_EQ(metadata->abi_major, TENON_ABI_MAJOR);
    EXPECT_EQ(metadata->abi_minor, TENON_ABI_MINOR);
    EXPECT_EQ(metadata->descriptor_size, sizeof(tenon_descriptor));
    EXPECT_TRUE(metadata->notes.empty());
    ASSERT_EQ(metadata->hooks.size(), 2u);
    // Records keep the compiler's emission order (GCC -O2 reverses the source order), so find each by name.
    const bool claim_first = metadata->hooks[0].name == "test_claim";
    const tenon::HookMetadata &claim = metadata->hooks[claim_first ? 0 : 1];
    const tenon::HookMetadata &notify = metadata->hooks[claim_first ? 1 : 0];
    EXPECT_EQ(claim.name, "test_claim");
    EXPECT_EQ(claim.signature, "int(int, int *)");
    EXPECT_EQ(claim.mode, TENON_FIRST_CLAIMER);
    EXPECT_EQ(claim.priority, TENON_PRIORITY_NORMAL);
    EXPECT_EQ(claim.flags, 0u);
    EXPECT_EQ(notify.name, "test_notify");
    EXPECT_EQ(notify.signature, "int(int *)");
    EXPECT_EQ(notify.mode, TENON_BROADCAST);
    EXPECT_EQ(notify.priority, TENON_PRIORITY_LAST);
    EXPECT_EQ(notify.flags, 0u);
}

TEST(ReadPluginMetadata, OptionalHookKeepsItsFlag) {
    const auto metadata = tenon::read_plugin_metadata(tenon_test::fixture("v_optional_hook.so"));
    ASSERT_TRUE(metadata.ok()) << metadata.error().message;
    ASSERT_EQ(metadata->hooks.size(), 2u);
    const bool extra_first = metadata->hooks[0].name == "v_optional_extra";
    const tenon::HookMetadata &extra = metadata->hooks[extra_first ? 0 : 1];
    EXPECT_EQ(extra.name, "v_optional_extra");
    EXPECT_EQ(extra.signature, "int(int)");
    EXPECT_EQ(extra.mode, TENON_BROADCAST);
    EXPECT_EQ(extra.flags, static_cast<std::uint32_t>(TENON_HOOK_OPTIONAL));
}

TEST(ReadPluginMetadata, DescriptorSizesOfOlderAndNewerPlugins) {
    const auto older = tenon::read_plugin_metadata(tenon_test::fixture("v_old_descriptor.so"));
    ASSERT_TRUE(older.ok()) << older.error().message;
    EXPECT_EQ(older->descriptor_size, TENON_DESCRIPTOR_MIN_SIZE);
    EXPECT_EQ(older->interface_id, "test/1");
    EXPECT_TRUE(older->notes.empty());

    const auto newer = tenon::read_plugin_metadata(tenon_test::fixture("v_abi_minor_newer.so"));
    ASSERT_TRUE(newer.ok()) << newer.error().message;
    // The 1.1 fixture appends 16 bytes (a u64 and two u32) to the 1.0 descriptor.
    EXPECT_EQ(newer->descriptor_size, sizeof(tenon_descriptor) + 16);
    EXPECT_EQ(newer->abi_minor, TENON_ABI_MINOR + 1);
    EXPECT_EQ(newer->name, "v-abi-minor-newer");
    EXPECT_EQ(newer->notes,
              std::vector<std::string>{"built for ABI " + abi_text(TENON_ABI_MAJOR, TENON_ABI_MINOR + 1) +
                                       ", newer than this host's " + abi_text(TENON_ABI_MAJOR, TENON_ABI_MINOR) +
                                       "; fields this host does not know are ignored"});
}

TEST(ReadPluginMetadata, FailsWithTheSameErrorAsLoad) {
    const auto file = tenon_test::fixture("v_bad_magic.so");
    const auto metadata = tenon::read_plugin_metadata(file);
    ASSERT_FALSE(metadata.ok());
    EXPECT_EQ(metadata.error().code, Errc::bad_magic);
    EXPECT_EQ(metadata.error().message, file.string() + ": field 'magic': expected 0x4e4f4e54, found 0x544e4f4e");
}

}  // namespace
