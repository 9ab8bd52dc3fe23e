// Every size and count from a file has a limit (HostConfig::limits), checked
// before anything of that size is read, so a small file cannot cost
// gigabytes or minutes. Each limit, and that raising it lets the file in.
#include "hardening_support.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

namespace {

using hardening::ConstructorTrace;
using tenon::Errc;
using validation::make_host;
using validation::only_error;
using validation::only_file;

tenon::LoadReport load_copy(const std::string &fixture, const tenon::HostConfig &config, std::filesystem::path &file,
                            ConstructorTrace &trace, tenon_test::TempDir &dir) {
    (void)trace;
    file = dir.add_fixture(fixture, "plugin.so");
    tenon_test::Recorder recorder;
    tenon::Host host = make_host(recorder, config);
    auto report = host.load(only_file(file), TEST_STAGE_DUMP);
    host.finish(TEST_STAGE_DUMP, 0);
    return report;
}

TEST(Limits, AFileLargerThanTheLimitIsRefusedBeforeItIsRead) {
    ConstructorTrace trace;
    tenon_test::TempDir dir;
    const auto file = dir.add_fixture("hd_good.so", "plugin.so");
    ASSERT_EQ(truncate(file.c_str(), 300ll << 20), 0);  // sparse: the same few KB on disk
    tenon_test::Recorder recorder;
    tenon::Host host = make_host(recorder);
    const auto report = host.load(only_file(file), TEST_STAGE_DUMP);
    EXPECT_TRUE(only_error(report, Errc::limit_exceeded,
                           file.string() + ": file size: expected at most 268435456 bytes "
                                           "(HostConfig::limits.max_file_size), found 314572800 bytes"));
    EXPECT_TRUE(trace.lines().empty());
}

TEST(Limits, ANameLongerThanTheLimitIsRefused) {
    ConstructorTrace trace;
    tenon_test::TempDir dir;
    std::filesystem::path file;
    const auto report = load_copy("hd_long_name.so", tenon_test::test_config(), file, trace, dir);
    EXPECT_TRUE(only_error(report, Errc::limit_exceeded,
                           file.string() + ": field 'name' length: expected at most 255 bytes "
                                           "(HostConfig::limits.max_name_length), found 300 bytes"));
    EXPECT_TRUE(trace.lines().empty());
}

TEST(Limits, ARaisedNameLimitLetsTheSameFileIn) {
    ConstructorTrace trace;
    tenon_test::TempDir dir;
    std::filesystem::path file;
    tenon::HostConfig config = tenon_test::test_config();
    config.limits.max_name_length = 300;
    const auto report = load_copy("hd_long_name.so", config, file, trace, dir);
    EXPECT_TRUE(report.ok()) << testing::PrintToString(tenon_test::messages(report));
    EXPECT_EQ(report.loaded.size(), 1u);
    EXPECT_EQ(report.loaded[0].size(), 300u);
}

TEST(Limits, MoreRecordsThanTheLimitAreRefusedAtTheFirstOneTooMany) {
    ConstructorTrace trace;
    tenon_test::TempDir dir;
    std::filesystem::path file;
    const auto report = load_copy("hd_many_records.so", tenon_test::test_config(), file, trace, dir);
    EXPECT_TRUE(only_error(report, Errc::limit_exceeded,
                           file.string() + ": section 'tenon_records' records: expected at most 4096 "
                                           "(HostConfig::limits.max_records), found more (record 4097 at offset "
                                           "32768)"));
    EXPECT_TRUE(trace.lines().empty());
}

TEST(Limits, ARaisedRecordLimitLetsTheSameFileIn) {
    ConstructorTrace trace;
    tenon_test::TempDir dir;
    std::filesystem::path file;
    tenon::HostConfig config = tenon_test::test_config();
    config.limits.max_records = 5000;
    const auto report = load_copy("hd_many_records.so", config, file, trace, dir);
    EXPECT_TRUE(report.ok()) << testing::PrintToString(tenon_test::messages(report));
    EXPECT_EQ(report.loaded, std::vector<std::string>{"hd-many-records"});
}

TEST(Limits, ASmallerSectionLimitIsHonoured) {
    ConstructorTrace trace;
    tenon_test::TempDir dir;
    std::filesystem::path file;
    tenon::HostConfig config = tenon_test::test_config();
    config.limits.max_section_size = 16;
    const auto report = load_copy("hd_good.so", config, file, trace, dir);
    // Whichever Tenon section the linker put first is the first found too large.
    const std::string bytes = validation::read_bytes(file);
    const auto records = hardening::find_section(bytes, "tenon_records");
    const auto descriptor = hardening::find_section(bytes, "tenon_descriptor");
    ASSERT_TRUE(records && descriptor);
    const bool records_first = records->header_offset < descriptor->header_offset;
    EXPECT_TRUE(only_error(report, Errc::limit_exceeded,
                           file.string() + ": section '" + (records_first ? "tenon_records" : "tenon_descriptor") +
                               "' size: expected at most 16 bytes (HostConfig::limits.max_section_size), found " +
                               std::to_string(records_first ? records->size : descriptor->size) + " bytes"));
    EXPECT_TRUE(trace.lines().empty());
}

TEST(Limits, TheToolUsesTheDefaultLimitsToo) {
    const auto read = tenon::read_plugin_metadata(tenon_test::fixture("hd_long_name.so"));
    ASSERT_FALSE(read);
    EXPECT_EQ(read.error().code, Errc::limit_exceeded);
    tenon::LoadLimits wide;
    wide.max_name_length = 1000;
    EXPECT_TRUE(tenon::read_plugin_metadata(tenon_test::fixture("hd_long_name.so"), wide));
}

}  // namespace
