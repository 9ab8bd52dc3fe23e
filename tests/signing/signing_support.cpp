#include "signing_support.hpp"

#include <sodium.h>

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace signing_test {

tenon::KeyPair fixed_key_pair(std::uint8_t seed_byte) {
    if (sodium_init() < 0) {
        throw std::runtime_error("sodium_init failed");
    }
    tenon::PublicKey::Bytes public_bytes{};
    tenon::SecretKey::Bytes secret_bytes{};
    std::array<std::uint8_t, 32> seed{};
    seed.fill(seed_byte);
    crypto_sign_ed25519_seed_keypair(public_bytes.data(), secret_bytes.data(), seed.data());
    return tenon::KeyPair{tenon::SecretKey(secret_bytes), tenon::PublicKey(public_bytes)};
}

std::string read_bytes(const fs::path &file) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    return bytes.str();
}

void write_bytes(const fs::path &file, const std::string &bytes) {
    std::ofstream(file, std::ios::binary | std::ios::trunc) << bytes;
}

void overwrite(const fs::path &file, std::uint64_t offset, std::string_view bytes) {
    std::string all = read_bytes(file);
    ASSERT_LE(offset + bytes.size(), all.size());
    all.replace(offset, bytes.size(), bytes);
    write_bytes(file, all);
}

void flip_byte(const fs::path &file, std::uint64_t offset) {
    std::string all = read_bytes(file);
    ASSERT_LT(offset, all.size());
    all[offset] = static_cast<char>(all[offset] ^ 0x01);
    write_bytes(file, all);
}

void cut(const fs::path &file, std::uint64_t count) {
    const std::uint64_t size = fs::file_size(file);
    ASSERT_LE(count, size);
    fs::resize_file(file, size - count);
}

void Signing::SetUp() {
    plugin_ = dir_.add_fixture("s_signed_me.so", "plugin.so");
    unsigned_size_ = fs::file_size(plugin_);
}

void Signing::sign(const fs::path &file, const tenon::KeyPair &key) const {
    const tenon::Error error = tenon::sign_plugin(file, key.secret_key);
    ASSERT_EQ(error.code, tenon::Errc::ok) << error.message;
}

tenon::Error Signing::verify(const fs::path &file, const std::vector<tenon::PublicKey> &trusted) const {
    auto signer = tenon::verify_plugin_file(file, trusted);
    if (!signer) {
        return signer.error();
    }
    return tenon::Error{tenon::Errc::ok, *signer, file};
}

}  // namespace signing_test
