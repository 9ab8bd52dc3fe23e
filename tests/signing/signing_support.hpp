// What the signing tests share: three fixed keys, a fresh unsigned copy of
// the fixture plugin in a temporary directory, and byte-level file surgery.
#pragma once

#include "test_support.hpp"

#include <tenon/signing.hpp>

#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace signing_test {

namespace fs = std::filesystem;

/// The key pair whose seed is 32 bytes of `seed_byte`: the same key every run.
tenon::KeyPair fixed_key_pair(std::uint8_t seed_byte);

/// Their ids, computed apart from Tenon (BLAKE2b-256 of the public key, by
/// Python's hashlib, the public keys by Python's cryptography package).
inline constexpr std::string_view alice_id = "c5e21ab1c9f6022d";  // seed 0x01
inline constexpr std::string_view bob_id = "c11ae4092c561014";    // seed 0x02
inline constexpr std::string_view carol_id = "b6e8cee269bf6989";  // seed 0x03

std::string read_bytes(const fs::path &file);
void write_bytes(const fs::path &file, const std::string &bytes);
/// Overwrites the file's bytes at `offset` with `bytes`.
void overwrite(const fs::path &file, std::uint64_t offset, std::string_view bytes);
/// XORs byte `offset` of the file with 0x01.
void flip_byte(const fs::path &file, std::uint64_t offset);
/// Cuts the last `count` bytes off the file.
void cut(const fs::path &file, std::uint64_t count);

/// A test with an unsigned copy of the fixture plugin (`plugin_`, called
/// plugin.so) in its own temporary directory, and three keys.
class Signing : public ::testing::Test {
protected:
    void SetUp() override;

    /// Signs `file` with `key`, failing the test on any error.
    void sign(const fs::path &file, const tenon::KeyPair &key) const;
    /// The Error verify_plugin_file returns for `file` against `trusted` (an
    /// Errc::ok Error, with the signer's id as the message, on success).
    tenon::Error verify(const fs::path &file, const std::vector<tenon::PublicKey> &trusted) const;

    const tenon::KeyPair alice_ = fixed_key_pair(1);
    const tenon::KeyPair bob_ = fixed_key_pair(2);
    const tenon::KeyPair carol_ = fixed_key_pair(3);
    tenon_test::TempDir dir_;
    fs::path plugin_;
    std::uint64_t unsigned_size_ = 0;  ///< plugin_'s size before any signing
};

}  // namespace signing_test
