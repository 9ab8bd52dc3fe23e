// sign_plugin: what it writes, what it replaces, and what it refuses to touch.
#include "signing_support.hpp"

#include <gtest/gtest.h>

#include <cerrno>
#include <cstring>
#include <sys/stat.h>

namespace {

using namespace signing_test;

std::vector<std::string> names_in(const fs::path &directory) {
    std::vector<std::string> names;
    for (const auto &entry : fs::directory_iterator(directory)) {
        names.push_back(entry.path().filename().string());
    }
    std::sort(names.begin(), names.end());
    return names;
}

TEST_F(Signing, SigningAppendsOneBlockAndKeepsTheBytesBeforeIt) {
    const std::string original = read_bytes(plugin_);
    sign(plugin_, alice_);
    const std::string signed_bytes = read_bytes(plugin_);
    ASSERT_EQ(signed_bytes.size(), original.size() + 128);
    EXPECT_EQ(signed_bytes.substr(0, original.size()), original);
    EXPECT_EQ(signed_bytes.substr(signed_bytes.size() - 24), "~tenon plugin signature~");
    EXPECT_EQ(names_in(dir_.path()), std::vector<std::string>{"plugin.so"});  // no temporary file left
}

TEST_F(Signing, ResigningReplacesTheBlockInsteadOfAddingOne) {
    sign(plugin_, alice_);
    sign(plugin_, alice_);
    EXPECT_EQ(fs::file_size(plugin_), unsigned_size_ + 128);
    sign(plugin_, bob_);
    EXPECT_EQ(fs::file_size(plugin_), unsigned_size_ + 128);
    EXPECT_EQ(verify(plugin_, {bob_.public_key}).message, bob_id);
    EXPECT_EQ(verify(plugin_, {alice_.public_key}).code, tenon::Errc::untrusted_key);
}

TEST_F(Signing, TheFileKeepsItsModeBits) {
    ASSERT_EQ(chmod(plugin_.c_str(), 0750), 0);
    sign(plugin_, alice_);
    struct stat status {};
    ASSERT_EQ(stat(plugin_.c_str(), &status), 0);
    EXPECT_EQ(status.st_mode & 07777, 0750u);
}

TEST_F(Signing, ALinkStaysALinkToTheSignedFile) {
    const fs::path link = dir_.path() / "libplugin.so";
    fs::create_symlink("plugin.so", link);
    sign(link, alice_);
    EXPECT_TRUE(fs::is_symlink(link));
    EXPECT_EQ(fs::read_symlink(link), "plugin.so");
    EXPECT_EQ(verify(plugin_, {alice_.public_key}).message, alice_id);
}

TEST_F(Signing, AFileThatIsNotElfIsRefusedAndLeftAlone) {
    for (const auto &[bytes, found] :
         std::vector<std::pair<std::string, std::string>>{{"not a plugin\n", "6e 6f 74 20"},
                                                          {"\x7f"
                                                           "E",
                                                           "7f 45"},
                                                          {"", "an empty file"}}) {
        const fs::path file = dir_.write_file("script.so", bytes);
        const tenon::Error error = tenon::sign_plugin(file, alice_.secret_key);
        EXPECT_EQ(error.code, tenon::Errc::not_elf);
        EXPECT_EQ(error.message, file.string() + ": not an ELF file: expected magic 7f 45 4c 46, found " + found);
        EXPECT_EQ(read_bytes(file), bytes);
    }
}

TEST_F(Signing, AFileWithADamagedBlockIsRefusedAndLeftAlone) {
    sign(plugin_, alice_);
    cut(plugin_, 1);
    const std::string before = read_bytes(plugin_);
    const tenon::Error error = tenon::sign_plugin(plugin_, alice_.secret_key);
    EXPECT_EQ(error.code, tenon::Errc::bad_signature);
    EXPECT_EQ(error.message, plugin_.string() +
                                 ": signature block: expected 128 bytes ending the file, found 127 bytes "
                                 "from offset " +
                                 std::to_string(unsigned_size_) + " (truncated?)");
    EXPECT_EQ(read_bytes(plugin_), before);
    EXPECT_EQ(names_in(dir_.path()), std::vector<std::string>{"plugin.so"});
}

TEST_F(Signing, MissingFilesAndDirectoriesAreNamed) {
    const fs::path missing = dir_.path() / "missing.so";
    const tenon::Error error = tenon::sign_plugin(missing, alice_.secret_key);
    EXPECT_EQ(error.code, tenon::Errc::io_error);
    EXPECT_EQ(error.message, missing.string() + ": cannot open: " + std::strerror(ENOENT));

    const tenon::Error directory = tenon::sign_plugin(dir_.path(), alice_.secret_key);
    EXPECT_EQ(directory.code, tenon::Errc::not_regular_file);
    EXPECT_EQ(directory.message, dir_.path().string() + ": file type: expected a regular file, found a directory");
}

// Larger than the 64 KiB chunks the file is streamed in, and not a multiple
// of them: every chunk, the last partial one included, is covered.
TEST_F(Signing, AFileOfSeveralChunksIsSignedWhole) {
    std::string bytes =
        "\x7f"
        "ELF";
    for (std::size_t i = 0; bytes.size() < 3 * 65536 + 1000; ++i) {
        bytes += static_cast<char>(i * 7 + i / 251);
    }
    const fs::path file = dir_.write_file("large.so", bytes);
    sign(file, alice_);
    EXPECT_EQ(verify(file, {alice_.public_key}).message, alice_id);
    for (const std::uint64_t offset : {65535u, 65536u, 2 * 65536u + 3, 3 * 65536u + 999}) {
        flip_byte(file, offset);
        EXPECT_EQ(verify(file, {alice_.public_key}).code, tenon::Errc::bad_signature) << offset;
        flip_byte(file, offset);
    }
    EXPECT_EQ(verify(file, {alice_.public_key}).message, alice_id);
}

}  // namespace
