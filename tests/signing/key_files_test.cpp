// Key files: read back what serialise wrote, and refuse a secret key that
// others could read, a file that is no key, and what is not a file.
#include "signing_support.hpp"

#include <gtest/gtest.h>

#include <cerrno>
#include <cstring>
#include <sys/stat.h>

namespace {

using namespace signing_test;

class KeyFiles : public ::testing::Test {
protected:
    fs::path write_key(const std::string &name, const std::string &text, mode_t mode) const {
        const fs::path file = dir_.write_file(name, text);
        EXPECT_EQ(chmod(file.c_str(), mode), 0);
        return file;
    }

    tenon_test::TempDir dir_;
};

TEST_F(KeyFiles, PublicAndSecretKeyFilesReadBack) {
    const tenon::KeyPair pair = fixed_key_pair(1);
    auto public_key = tenon::PublicKey::read(write_key("alice.pub", pair.public_key.serialise(), 0644));
    ASSERT_TRUE(public_key) << public_key.error().message;
    EXPECT_EQ(*public_key, pair.public_key);
    for (const mode_t mode : {0600, 0400}) {
        const fs::path file = write_key("alice-" + std::to_string(mode) + ".secret", pair.secret_key.serialise(), mode);
        auto secret_key = tenon::SecretKey::read(file);
        ASSERT_TRUE(secret_key) << secret_key.error().message;
        EXPECT_EQ(secret_key->public_key(), pair.public_key);
    }
}

TEST_F(KeyFiles, ASecretKeyOthersCanAccessIsRefusedBeforeItIsRead) {
    for (const auto &[mode, shown] : {std::pair<mode_t, const char *>{0644, "0644"},
                                      {0640, "0640"},
                                      {0604, "0604"},
                                      {0620, "0620"},
                                      {0601, "0601"}}) {
        // Not even a key: the mode is checked before the contents are read.
        const fs::path file = write_key("release.secret", "not a key\n", mode);
        auto key = tenon::SecretKey::read(file);
        ASSERT_FALSE(key) << shown;
        EXPECT_EQ(key.error().code, tenon::Errc::untrusted_path);
        EXPECT_EQ(key.error().message, file.string() +
                                           ": secret key file mode: expected no access for group or others "
                                           "(chmod 600), found " +
                                           shown);
        EXPECT_EQ(key.error().file, file);
    }
}

TEST_F(KeyFiles, AKeyFileNamesItselfInParseErrors) {
    const fs::path file = write_key("alice.pub", "tenon-public-key ed25519 00\n", 0644);
    auto key = tenon::PublicKey::read(file);
    ASSERT_FALSE(key);
    EXPECT_EQ(key.error().code, tenon::Errc::invalid_argument);
    EXPECT_EQ(key.error().message, file.string() + ": public key: expected 64 hexadecimal digits, found 2");
}

TEST_F(KeyFiles, AFileTooLargeToBeAKeyIsNotRead) {
    const fs::path file = write_key("huge.pub", std::string(5000, 'x'), 0644);
    auto key = tenon::PublicKey::read(file);
    ASSERT_FALSE(key);
    EXPECT_EQ(key.error().code, tenon::Errc::invalid_argument);
    EXPECT_EQ(key.error().message, file.string() + ": key file size: expected at most 4096 bytes, found 5000 bytes");
}

TEST_F(KeyFiles, MissingFilesAndDirectoriesAreNamed) {
    const fs::path missing = dir_.path() / "missing.pub";
    auto key = tenon::PublicKey::read(missing);
    ASSERT_FALSE(key);
    EXPECT_EQ(key.error().code, tenon::Errc::io_error);
    EXPECT_EQ(key.error().message, missing.string() + ": cannot open: " + std::strerror(ENOENT));

    auto directory = tenon::SecretKey::read(dir_.path());
    ASSERT_FALSE(directory);
    EXPECT_EQ(directory.error().code, tenon::Errc::not_regular_file);
    EXPECT_EQ(directory.error().message,
              dir_.path().string() + ": file type: expected a regular file, found a directory");
}

}  // namespace
