// Addresses in the file are claims: phase 1 checks that each Tenon section
// (and the dynamic array) lies where its segment maps it, and that every
// count and size in the ELF header is within limits and cannot wrap, before
// any of it is used. Every file here is a good plugin with one field changed.
#include "hardening_support.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <elf.h>
#include <unistd.h>

namespace {

using hardening::ConstructorTrace;
using hardening::find_section;
using hardening::with_section;
using tenon::Errc;
using validation::make_host;
using validation::only_error;
using validation::only_file;

std::string good_bytes() {
    return validation::read_bytes(tenon_test::fixture("hd_good.so"));
}

template <typename T>
T read_at(const std::string &bytes, std::size_t offset) {
    T value;
    std::memcpy(&value, bytes.data() + offset, sizeof value);
    return value;
}

template <typename T>
std::string write_at(std::string bytes, std::size_t offset, const T &value) {
    bytes.replace(offset, sizeof value, reinterpret_cast<const char *>(&value), sizeof value);
    return bytes;
}

// Loads `bytes` as plugin.so into a fresh strict host; checks nothing of it ran.
struct Refusal {
    tenon::LoadReport report;
    std::filesystem::path file;
};
Refusal load_bytes(const std::string &bytes, tenon::HostConfig config = tenon_test::test_config()) {
    ConstructorTrace trace;
    tenon_test::TempDir dir;
    const auto file = dir.write_file("plugin.so", bytes);
    tenon_test::Recorder recorder;
    tenon::Host host = make_host(recorder, std::move(config));
    Refusal refusal{host.load(only_file(file), TEST_STAGE_DUMP), file};
    EXPECT_TRUE(host.plugins().empty());
    EXPECT_TRUE(trace.lines().empty());
    EXPECT_TRUE(recorder.events().empty());
    return refusal;
}

TEST(Layout, ADescriptorAddressItsSegmentDoesNotMapIsRefused) {
    const std::string bytes = good_bytes();
    auto descriptor = *find_section(bytes, "tenon_descriptor");
    const std::uint64_t claimed = 0xdead0000;
    const std::uint64_t offset = descriptor.offset;
    const std::uint64_t size = descriptor.size;
    descriptor.address = claimed;
    const auto refusal = load_bytes(with_section(bytes, descriptor));
    char where[128];
    std::snprintf(where, sizeof where, "%llu bytes at offset 0x%llx, address 0xdead0000",
                  static_cast<unsigned long long>(size), static_cast<unsigned long long>(offset));
    EXPECT_TRUE(only_error(refusal.report, Errc::bad_layout,
                           refusal.file.string() +
                               ": section 'tenon_descriptor' placement: expected inside one file-backed PT_LOAD "
                               "segment, at the address its file offset maps to, found " +
                               where));
}

TEST(Layout, ARecordsSectionGrownPastItsSegmentIsRefused) {
    std::string bytes = good_bytes();
    auto records = *find_section(bytes, "tenon_records");
    records.size += 64 * 1024;  // zeros the file has (it is padded below), but no segment maps
    bytes.resize(bytes.size() + 64 * 1024, '\0');
    const auto refusal = load_bytes(with_section(bytes, records));
    ASSERT_EQ(refusal.report.errors.size(), 1u);
    EXPECT_EQ(refusal.report.errors[0].code, Errc::bad_layout);
    EXPECT_TRUE(refusal.report.errors[0].message.starts_with(
        refusal.file.string() + ": section 'tenon_records' placement: expected inside one file-backed PT_LOAD segment"))
        << refusal.report.errors[0].message;
}

TEST(Layout, ATwoGibRecordsSectionInASparseFileIsRefusedBeforeItIsRead) {
    std::string bytes = good_bytes();
    auto records = *find_section(bytes, "tenon_records");
    records.size = 2ull << 30;
    bytes = with_section(bytes, records);
    tenon::HostConfig config = tenon_test::test_config();
    config.limits.max_file_size = 4ull << 30;  // so the section limit, not the file limit, is what speaks
    ConstructorTrace trace;
    tenon_test::TempDir dir;
    const auto file = dir.write_file("plugin.so", bytes);
    ASSERT_EQ(truncate(file.c_str(), static_cast<off_t>(records.offset + records.size)), 0);  // sparse: 16 KB on disk
    tenon_test::Recorder recorder;
    tenon::Host host = make_host(recorder, config);
    const auto report = host.load(only_file(file), TEST_STAGE_DUMP);
    EXPECT_TRUE(only_error(report, Errc::limit_exceeded,
                           file.string() + ": section 'tenon_records' size: expected at most 1048576 bytes "
                                           "(HostConfig::limits.max_section_size), found 2147483648 bytes"));
    EXPECT_TRUE(trace.lines().empty());
}

TEST(Layout, ASecondSectionNamedLikeTheDescriptorIsRefused) {
    std::string bytes = good_bytes();
    const auto descriptor = *find_section(bytes, "tenon_descriptor");
    const auto text = *find_section(bytes, ".text");
    const auto name = read_at<Elf64_Word>(bytes, descriptor.header_offset + offsetof(Elf64_Shdr, sh_name));
    bytes = write_at(bytes, text.header_offset + offsetof(Elf64_Shdr, sh_name), name);
    const auto header = read_at<Elf64_Ehdr>(bytes, 0);
    const std::size_t first =
        (std::min(text.header_offset, descriptor.header_offset) - header.e_shoff) / sizeof(Elf64_Shdr);
    const std::size_t second =
        (std::max(text.header_offset, descriptor.header_offset) - header.e_shoff) / sizeof(Elf64_Shdr);
    const auto refusal = load_bytes(bytes);
    EXPECT_TRUE(only_error(refusal.report, Errc::bad_layout,
                           refusal.file.string() +
                               ": section 'tenon_descriptor' count: expected one such section, "
                               "found two (sections " +
                               std::to_string(first) + " and " + std::to_string(second) + ")"));
}

TEST(Layout, OverlappingTenonSectionsAreRefused) {
    std::string bytes = good_bytes();
    const auto descriptor = *find_section(bytes, "tenon_descriptor");
    auto records = *find_section(bytes, "tenon_records");
    records.offset = descriptor.offset;
    records.address = descriptor.address;
    records.size = descriptor.size;
    const auto refusal = load_bytes(with_section(bytes, records));
    char found[160];
    std::snprintf(
        found, sizeof found, "them overlapping (offsets 0x%llx and 0x%llx, addresses 0x%llx and 0x%llx)",
        static_cast<unsigned long long>(descriptor.offset), static_cast<unsigned long long>(descriptor.offset),
        static_cast<unsigned long long>(descriptor.address), static_cast<unsigned long long>(descriptor.address));
    EXPECT_TRUE(only_error(refusal.report, Errc::bad_layout,
                           refusal.file.string() +
                               ": sections 'tenon_descriptor' and 'tenon_records': expected apart in the file and in "
                               "memory, found " +
                               found));
}

TEST(Layout, AnUncheckedSectionEntrySizeIsRefused) {
    const std::string bytes = good_bytes();
    auto header = read_at<Elf64_Ehdr>(bytes, 0);
    header.e_shentsize = 32;
    const auto refusal = load_bytes(write_at(bytes, 0, header));
    EXPECT_TRUE(only_error(refusal.report, Errc::bad_layout,
                           refusal.file.string() + ": field 'e_shentsize': expected 64, found 32"));
}

TEST(Layout, AProgramHeaderEntrySizeOtherThanTheHostsIsRefused) {
    const std::string bytes = good_bytes();
    auto header = read_at<Elf64_Ehdr>(bytes, 0);
    header.e_phentsize = 40;
    const auto refusal = load_bytes(write_at(bytes, 0, header));
    EXPECT_TRUE(only_error(refusal.report, Errc::bad_layout,
                           refusal.file.string() + ": field 'e_phentsize': expected 56, found 40"));
}

TEST(Layout, ASectionTableWhoseEndWrapsIsRefused) {
    const std::string bytes = good_bytes();
    auto header = read_at<Elf64_Ehdr>(bytes, 0);
    const unsigned sections = header.e_shnum;
    header.e_shoff = 0xffffffffffffff00ull;
    const auto refusal = load_bytes(write_at(bytes, 0, header));
    EXPECT_TRUE(only_error(refusal.report, Errc::bad_layout,
                           refusal.file.string() +
                               ": section header table: expected an offset and size that fit in 64 bits, found " +
                               std::to_string(sections) + " entries of 64 bytes at offset 18446744073709551360"));
}

TEST(Layout, AnExtendedSectionCountAboveTheLimitIsRefusedBeforeLibelfSeesIt) {
    std::string bytes = good_bytes();
    auto header = read_at<Elf64_Ehdr>(bytes, 0);
    auto first = read_at<Elf64_Shdr>(bytes, header.e_shoff);
    first.sh_size = 0x10000000;  // ELF's extended numbering: section 0 carries the count
    header.e_shnum = 0;
    bytes = write_at(write_at(bytes, 0, header), header.e_shoff, first);
    const auto refusal = load_bytes(bytes);
    EXPECT_TRUE(only_error(refusal.report, Errc::limit_exceeded,
                           refusal.file.string() + ": section count: expected at most 65280, found 268435456"));
}

TEST(Layout, AProgramHeaderCountAboveTheLimitIsRefused) {
    const std::string bytes = good_bytes();
    auto header = read_at<Elf64_Ehdr>(bytes, 0);
    header.e_phnum = 2000;
    const auto refusal = load_bytes(write_at(bytes, 0, header));
    EXPECT_TRUE(only_error(refusal.report, Errc::limit_exceeded,
                           refusal.file.string() + ": program header count: expected at most 1024, found 2000"));
}

TEST(Layout, ADynamicArrayItsSegmentDoesNotMapIsRefused) {
    std::string bytes = good_bytes();
    const auto header = read_at<Elf64_Ehdr>(bytes, 0);
    for (unsigned i = 0; i < header.e_phnum; ++i) {
        const std::size_t at = header.e_phoff + i * sizeof(Elf64_Phdr);
        auto segment = read_at<Elf64_Phdr>(bytes, at);
        if (segment.p_type == PT_DYNAMIC) {
            segment.p_vaddr += 0x100000;
            bytes = write_at(bytes, at, segment);
        }
    }
    const auto refusal = load_bytes(bytes);
    ASSERT_EQ(refusal.report.errors.size(), 1u);
    EXPECT_EQ(refusal.report.errors[0].code, Errc::bad_layout);
    EXPECT_TRUE(refusal.report.errors[0].message.starts_with(
        refusal.file.string() +
        ": PT_DYNAMIC placement: expected inside one file-backed PT_LOAD segment, at the "
        "address its file offset maps to, found "))
        << refusal.report.errors[0].message;
}

TEST(Layout, ASectionNameTableAboveTheLimitIsRefusedBeforeItIsRead) {
    std::string bytes = good_bytes();
    const auto header = read_at<Elf64_Ehdr>(bytes, 0);
    auto names = read_at<Elf64_Shdr>(bytes, header.e_shoff + header.e_shstrndx * sizeof(Elf64_Shdr));
    const std::uint64_t at = header.e_shoff + header.e_shstrndx * sizeof(Elf64_Shdr);
    names.sh_size = 100u << 20;
    bytes = write_at(bytes, at, names);
    tenon::HostConfig config = tenon_test::test_config();
    config.limits.max_file_size = 200u << 20;
    ConstructorTrace trace;
    tenon_test::TempDir dir;
    const auto file = dir.write_file("plugin.so", bytes);
    ASSERT_EQ(truncate(file.c_str(), static_cast<off_t>(names.sh_offset + names.sh_size)), 0);  // sparse
    tenon_test::Recorder recorder;
    tenon::Host host = make_host(recorder, config);
    const auto report = host.load(only_file(file), TEST_STAGE_DUMP);
    EXPECT_TRUE(only_error(report, Errc::limit_exceeded,
                           file.string() + ": section name table size: expected at most 67108864 bytes "
                                           "(HostConfig::limits.max_symbol_table_size), found 104857600 bytes"));
    EXPECT_TRUE(trace.lines().empty());
}

}  // namespace

namespace {

// A file without Tenon metadata is searched for a foreign format's marker
// symbols; two dynamic symbol tables (the format allows one) once cost a
// full read each, so thousands of such headers cost the file's size squared.
TEST(Layout, ASecondDynamicSymbolTableIsRefused) {
    std::string bytes = validation::read_bytes(tenon_test::fixture("libhd_helper.so"));
    auto comment = find_section(bytes, ".comment");
    ASSERT_TRUE(comment);
    auto header = read_at<Elf64_Shdr>(bytes, comment->header_offset);
    header.sh_type = SHT_DYNSYM;
    header.sh_entsize = sizeof(Elf64_Sym);
    bytes = write_at(bytes, comment->header_offset, header);
    tenon::HostConfig config = tenon_test::test_config();
    tenon::ForeignFormat format;
    format.name = "marked";
    format.marker_symbols = {"hd_marker"};
    format.adopt = [](void *, const tenon::ForeignFile &) -> tenon::Result<tenon::ForeignPlugin> {
        return tenon::Error{Errc::invalid_state, "never adopted", {}};
    };
    config.foreign_formats = {format};
    const auto refusal = load_bytes(bytes, config);
    EXPECT_TRUE(only_error(refusal.report, Errc::bad_layout,
                           refusal.file.string() + ": SHT_DYNSYM sections: expected one, found two or more"));
}

}  // namespace
