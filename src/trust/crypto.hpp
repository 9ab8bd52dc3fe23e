// The few libsodium services the signing code shares: initialisation, hex
// and key ids. Everything cryptographic is libsodium's; nothing is our own.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>

namespace tenon::detail {

/// sodium_init(), once per process; false when libsodium cannot work (it
/// found no source of randomness). Thread-safe.
bool sodium_ready();

/// `bytes` as lowercase hex digits, two per byte.
std::string lowercase_hex(std::span<const std::uint8_t> bytes);

/// The 8 bytes that name a key in a signature block: the start of the
/// BLAKE2b-256 hash (crypto_generichash) of its 32 bytes.
using KeyId = std::array<std::uint8_t, 8>;
KeyId key_id_of(const std::array<std::uint8_t, 32> &public_key);

}  // namespace tenon::detail
