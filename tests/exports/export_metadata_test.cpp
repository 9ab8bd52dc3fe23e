// Export records as the loader reads them from the file: listed by name with
// their signatures, and refused when they name another provider or repeat.
#include "exports_support.hpp"

#include <gtest/gtest.h>

#include <tenon/metadata.hpp>

#include <string>
#include <utility>
#include <vector>

namespace {

using exports_test::fixture_files;
using exports_test::Strings;
using tenon_test::fixture;
using Exports = std::vector<std::pair<std::string, std::string>>;

Exports exports_of(const tenon::PluginMetadata &metadata) {
    Exports out;
    for (const auto &exported : metadata.exports) {
        out.emplace_back(exported.name, exported.signature);
    }
    return out;
}

TEST(ExportMetadata, ListsAProvidersExportsSortedByName) {
    // storage registers them as get, put, count: neither the source order nor its reverse.
    const auto metadata = tenon::read_plugin_metadata(fixture("x_storage.so"));

    ASSERT_TRUE(metadata) << metadata.error().message;
    EXPECT_EQ(metadata->name, "storage");
    EXPECT_EQ(exports_of(metadata.value()), (Exports{{"storage_count", "int(void)"},
                                                     {"storage_get", "int(const char *, char *, size_t)"},
                                                     {"storage_put", "int(const char *, const char *)"}}));
    EXPECT_TRUE(metadata->hooks.empty());
    EXPECT_TRUE(metadata->requirements.empty());
}

TEST(ExportMetadata, ListsACppProvidersExports) {
    const auto metadata = tenon::read_plugin_metadata(fixture("x_thrower.so"));

    ASSERT_TRUE(metadata) << metadata.error().message;
    EXPECT_EQ(
        exports_of(metadata.value()),
        (Exports{{"thrower_check", "int(int)"}, {"thrower_reset", "void(int *)"}, {"thrower_scale", "long(long)"}}));
}

TEST(ExportMetadata, AConsumerListsNoExportsAndItsRequirement) {
    const auto metadata = tenon::read_plugin_metadata(fixture("x_consumer.so"));

    ASSERT_TRUE(metadata) << metadata.error().message;
    EXPECT_TRUE(metadata->exports.empty());
    ASSERT_EQ(metadata->requirements.size(), 1u);
    EXPECT_EQ(metadata->requirements[0].name, "storage");
    EXPECT_EQ(metadata->requirements[0].range, ">=1.2 <2");
}

std::string impostor_message() {
    return fixture("x_impostor.so").string() +
           ": export 'impostor_answer': field 'provider': expected 'impostor' (this plugin's name), found "
           "'someone_else'";
}

std::string twice_message() {
    return fixture("x_twice.so").string() + ": export 'twice_value': registrations: expected one per plugin, found two";
}

TEST(ExportMetadata, ExportDeclaredForAnotherProviderIsMalformed) {
    const auto metadata = tenon::read_plugin_metadata(fixture("x_impostor.so"));

    ASSERT_FALSE(metadata);
    EXPECT_EQ(metadata.error().code, tenon::Errc::malformed_metadata);
    EXPECT_EQ(metadata.error().message, impostor_message());
    EXPECT_EQ(metadata.error().file, fixture("x_impostor.so"));
}

TEST(ExportMetadata, ExportRegisteredTwiceIsMalformed) {
    const auto metadata = tenon::read_plugin_metadata(fixture("x_twice.so"));

    ASSERT_FALSE(metadata);
    EXPECT_EQ(metadata.error().code, tenon::Errc::malformed_metadata);
    EXPECT_EQ(metadata.error().message, twice_message());
}

class ExportRefusal : public exports_test::HostTest {};

TEST_F(ExportRefusal, LoaderRefusesAnExportDeclaredForAnotherProvider) {
    const auto report = host_->load(fixture_files({"x_storage.so", "x_impostor.so"}), TEST_STAGE_DUMP);

    ASSERT_EQ(report.errors.size(), 1u);
    EXPECT_EQ(report.errors[0].code, tenon::Errc::malformed_metadata);
    EXPECT_EQ(report.errors[0].message, impostor_message());
    EXPECT_EQ(report.errors[0].file, fixture("x_impostor.so"));
    EXPECT_TRUE(report.loaded.empty());       // strict: nothing loads
    EXPECT_TRUE(recorder_.events().empty());  // refused before any plugin code ran
}

TEST_F(ExportRefusal, LoaderRefusesAnExportRegisteredTwice) {
    const auto report = host_->load(fixture_files({"x_twice.so"}), TEST_STAGE_DUMP);

    ASSERT_EQ(report.errors.size(), 1u);
    EXPECT_EQ(report.errors[0].code, tenon::Errc::malformed_metadata);
    EXPECT_EQ(report.errors[0].message, twice_message());
    EXPECT_TRUE(report.loaded.empty());
}

TEST(ExportRefusalLenient, OnlyTheImpostorIsSkipped) {
    tenon_test::Recorder recorder;
    auto host = tenon::Host::create(tenon_test::test_config(tenon::LoadMode::lenient));
    ASSERT_TRUE(host);
    recorder.attach(host.value());

    const auto report = host->load(fixture_files({"x_impostor.so", "x_storage.so", "x_reader.so"}), TEST_STAGE_DUMP);

    EXPECT_EQ(tenon_test::messages(report), Strings{impostor_message()});
    EXPECT_EQ(report.loaded, (Strings{"storage", "reader"}));
    EXPECT_TRUE(recorder.has_line("[tenon] warn: " + impostor_message()));
    host->finish(TEST_STAGE_DUMP, 0);
}

}  // namespace
