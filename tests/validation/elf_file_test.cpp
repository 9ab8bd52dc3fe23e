// The plugin file as a file: refused before its metadata is even looked at,
// with a message that says what the loader expected and what it found.
#include "foreign_machine.hpp"
#include "validation_support.hpp"

#include <gtest/gtest.h>

#include <cerrno>
#include <cstring>
#include <elf.h>
#include <grp.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

namespace {

using tenon::Errc;
using validation::make_host;
using validation::only_directory;
using validation::only_error;
using validation::only_file;
using validation::read_bytes;

static_assert(sizeof(void *) == 8, "these tests patch 64-bit ELF headers");

// A valid plugin's bytes, to damage one field at a time.
std::string valid_plugin_bytes() {
    return read_bytes(tenon_test::fixture("v_good_c.so"));
}

Elf64_Ehdr header_of(const std::string &bytes) {
    Elf64_Ehdr header;
    std::memcpy(&header, bytes.data(), sizeof header);
    return header;
}

std::string with_header(std::string bytes, const Elf64_Ehdr &header) {
    std::memcpy(bytes.data(), &header, sizeof header);
    return bytes;
}

// Loads `file` alone into a fresh test host; returns the report, checks nothing was loaded.
tenon::LoadReport load_refused(const std::filesystem::path &file) {
    tenon_test::Recorder recorder;
    tenon::Host host = make_host(recorder);
    tenon::LoadReport report = host.load(only_file(file), TEST_STAGE_DUMP);
    EXPECT_TRUE(host.plugins().empty());
    EXPECT_TRUE(report.loaded.empty());
    return report;
}

TEST(ElfFile, TextFileIsNotElf) {
    tenon_test::TempDir dir;
    const auto file = dir.write_file("x.so", "hello, I am a text file\n");
    const auto report = load_refused(file);
    ASSERT_TRUE(only_error(report, Errc::not_elf,
                           file.string() + ": not an ELF file: expected magic 7f 45 4c 46, found 68 65 6c 6c"));
    EXPECT_EQ(report.errors[0].file, file);
}

TEST(ElfFile, EmptyFileIsNotElf) {
    tenon_test::TempDir dir;
    const auto file = dir.write_file("x.so", "");
    const auto report = load_refused(file);
    EXPECT_TRUE(only_error(report, Errc::not_elf,
                           file.string() + ": not an ELF file: expected magic 7f 45 4c 46, found an empty file"));
}

TEST(ElfFile, FileShorterThanTheElfHeaderIsTruncated) {
    tenon_test::TempDir dir;
    const auto file = dir.write_file("x.so", valid_plugin_bytes().substr(0, 40));
    const auto report = load_refused(file);
    EXPECT_TRUE(only_error(report, Errc::truncated_elf,
                           file.string() + ": truncated ELF file: ELF header: expected 64 bytes, found 40 bytes"));
}

TEST(ElfFile, FileCutBeforeTheSectionTableIsTruncated) {
    const std::string bytes = valid_plugin_bytes();
    const Elf64_Ehdr header = header_of(bytes);
    ASSERT_NE(header.e_shoff, 0u);
    ASSERT_LT(header.e_shoff, bytes.size());
    const std::uint64_t table_end = header.e_shoff + std::uint64_t{header.e_shnum} * header.e_shentsize;
    tenon_test::TempDir dir;
    // The file ends exactly where the section header table should begin.
    const auto file = dir.write_file("x.so", bytes.substr(0, header.e_shoff));
    const auto report = load_refused(file);
    EXPECT_TRUE(only_error(report, Errc::truncated_elf,
                           file.string() + ": truncated ELF file: section header table: expected to end by byte " +
                               std::to_string(table_end) + ", found a file of " + std::to_string(header.e_shoff) +
                               " bytes"));
}

TEST(ElfFile, OtherArchitectureIsRefused) {
    const auto foreign = tenon_test::foreign_machine();
    if (!foreign) {
        GTEST_SKIP() << "no expected machine name written for this architecture";
    }
    tenon_test::TempDir dir;
    const auto file = dir.write_file("x.so", tenon_test::with_machine(valid_plugin_bytes(), foreign->machine));
    const auto report = load_refused(file);
    EXPECT_TRUE(only_error(report, Errc::wrong_architecture,
                           file.string() + ": field 'e_machine': " + foreign->expected_found));
}

TEST(ElfFile, ExecutableIsNotASharedObject) {
    Elf64_Ehdr header = header_of(valid_plugin_bytes());
    header.e_type = ET_EXEC;
    tenon_test::TempDir dir;
    const auto file = dir.write_file("x.so", with_header(valid_plugin_bytes(), header));
    const auto report = load_refused(file);
    EXPECT_TRUE(
        only_error(report, Errc::not_shared_object,
                   file.string() + ": field 'e_type': expected ET_DYN (shared object), found ET_EXEC (executable)"));
}

TEST(ElfFile, ThirtyTwoBitClassIsRefused) {
    std::string bytes = valid_plugin_bytes();
    bytes[EI_CLASS] = ELFCLASS32;
    tenon_test::TempDir dir;
    const auto file = dir.write_file("x.so", bytes);
    const auto report = load_refused(file);
    EXPECT_TRUE(
        only_error(report, Errc::wrong_elf_class,
                   file.string() + ": field 'EI_CLASS': expected ELFCLASS64 (64-bit), found ELFCLASS32 (32-bit)"));
}

TEST(ElfFile, OtherByteOrderIsRefused) {
    const std::string little = "ELFDATA2LSB (little-endian)";
    const std::string big = "ELFDATA2MSB (big-endian)";
    std::string bytes = valid_plugin_bytes();
    const bool host_little = bytes[EI_DATA] == ELFDATA2LSB;
    bytes[EI_DATA] = host_little ? ELFDATA2MSB : ELFDATA2LSB;
    tenon_test::TempDir dir;
    const auto file = dir.write_file("x.so", bytes);
    const auto report = load_refused(file);
    EXPECT_TRUE(only_error(report, Errc::wrong_byte_order,
                           file.string() + ": field 'EI_DATA': expected " + (host_little ? little : big) + ", found " +
                               (host_little ? big : little)));
}

TEST(ElfFile, SharedLibraryWithoutTenonPluginHasNoMetadata) {
    const auto file = tenon_test::fixture("v_not_plugin.so");
    const auto report = load_refused(file);
    EXPECT_TRUE(only_error(report, Errc::no_metadata,
                           file.string() + ": no Tenon metadata: section 'tenon_descriptor' not found (was the "
                                           "plugin built with TENON_PLUGIN?)"));
}

TEST(ElfFile, DirectoryNamedLikeAPluginIsReportedNotSkipped) {
    tenon_test::TempDir dir;
    dir.add_fixture("v_good_c.so", "a.so");
    const auto not_a_file = dir.path() / "dir.so";
    ASSERT_TRUE(std::filesystem::create_directory(not_a_file));
    tenon_test::Recorder recorder;
    tenon::Host host = make_host(recorder);
    const auto report = host.load(only_directory(dir.path()), TEST_STAGE_DUMP);
    ASSERT_TRUE(only_error(report, Errc::not_regular_file,
                           not_a_file.string() + ": file type: expected a regular file, found a directory"));
    EXPECT_EQ(report.errors[0].file, not_a_file);
    EXPECT_TRUE(host.plugins().empty());  // strict: the good neighbour is not loaded either
}

// Runs in a forked child: as root, mode 000 does not stop open(), so become nobody first.
// Returns "CODE\nMESSAGE" of the first error, or what went wrong instead.
std::string first_error_as_nobody(const std::filesystem::path &directory) {
    if (geteuid() == 0) {
        if (setgroups(0, nullptr) != 0 || setgid(65534) != 0 || setuid(65534) != 0) {
            return std::string("dropping privileges failed: ") + std::strerror(errno);
        }
    }
    auto host = tenon::Host::create(tenon_test::test_config());
    if (!host) {
        return "Host::create failed: " + host.error().message;
    }
    host->set_log_sink([](tenon::LogLevel, std::string_view, std::string_view) {});
    const auto report = host->load(only_directory(directory), TEST_STAGE_DUMP);
    if (report.errors.empty()) {
        return "no error";
    }
    return std::string(tenon::to_string(report.errors[0].code)) + "\n" + report.errors[0].message;
}

TEST(ElfFile, UnreadableFileIsRefusedWithTheReason) {
    tenon_test::TempDir dir;
    const auto file = dir.add_fixture("v_good_c.so", "locked.so");
    ASSERT_EQ(chmod(file.c_str(), 0), 0);
    int pipe_fds[2];
    ASSERT_EQ(pipe(pipe_fds), 0);
    const pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
        close(pipe_fds[0]);
        const std::string result = first_error_as_nobody(dir.path());
        const ssize_t written = write(pipe_fds[1], result.data(), result.size());
        _exit(written == static_cast<ssize_t>(result.size()) ? 0 : 1);
    }
    close(pipe_fds[1]);
    std::string result;
    char buffer[512];
    for (ssize_t got; (got = read(pipe_fds[0], buffer, sizeof buffer)) > 0;) {
        result.append(buffer, static_cast<std::size_t>(got));
    }
    close(pipe_fds[0]);
    int status = 0;
    ASSERT_EQ(waitpid(child, &status, 0), child);
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 0);
    EXPECT_EQ(result, "io_error\n" + file.string() + ": cannot open: Permission denied");
}

}  // namespace
