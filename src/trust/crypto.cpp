#include "trust/crypto.hpp"

#include <sodium.h>

#include <algorithm>

namespace tenon::detail {

bool sodium_ready() {
    // sodium_init is itself safe to call from several threads; the static
    // only spares every later call its lock.
    static const bool ready = sodium_init() >= 0;
    return ready;
}

std::string lowercase_hex(std::span<const std::uint8_t> bytes) {
    std::string text(bytes.size() * 2 + 1, '\0');  // sodium_bin2hex writes a NUL
    sodium_bin2hex(text.data(), text.size(), bytes.data(), bytes.size());
    text.pop_back();
    return text;
}

KeyId key_id_of(const std::array<std::uint8_t, 32> &public_key) {
    std::array<std::uint8_t, 32> hash{};
    crypto_generichash(hash.data(), hash.size(), public_key.data(), public_key.size(), nullptr, 0);
    KeyId id{};
    std::copy_n(hash.begin(), id.size(), id.begin());
    return id;
}

}  // namespace tenon::detail
