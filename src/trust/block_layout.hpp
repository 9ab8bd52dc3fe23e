// The signature block's bytes: docs/abi.md, "Signatures", is the reference,
// and this is the only code that knows the offsets. 128 bytes, little-endian,
// appended after the last byte of the plugin file:
//
//     offset size field
//     0      8    magic "TENONSIG"
//     8      4    block_size = 128
//     12     4    version = 1
//     16     4    algorithm = 1 (Ed25519ph)
//     20     4    reserved = 0
//     24     8    signed_size: the file bytes before the block
//     32     8    key_id: first 8 bytes of BLAKE2b-256 of the public key
//     40     64   signature
//     104    24   trailer "~tenon plugin signature~"
//
// Bytes [0, 40) are signed along with the file, so the size and the key id
// cannot be changed without breaking the signature.
#pragma once

#include "trust/crypto.hpp"

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace tenon::detail {

inline constexpr std::size_t block_size = 128;
inline constexpr std::size_t signed_header_size = 40;  ///< magic to key_id
inline constexpr std::size_t signature_size = 64;      ///< crypto_sign_ed25519_BYTES

inline constexpr std::string_view block_magic = "TENONSIG";
/// The last bytes of every signed file: how a reader tells that a block is there.
inline constexpr std::string_view block_trailer = "~tenon plugin signature~";
/// Signed first, before the header: Ed25519ph as libsodium offers it takes no
/// context, and this keeps a Tenon signature from being valid for any other
/// message format a key might sign. Its last character is the block version.
inline constexpr std::string_view signing_context = "tenon plugin signature 1";

inline constexpr std::uint32_t block_version = 1;
inline constexpr std::uint32_t algorithm_ed25519ph = 1;
/// How SignatureInfo and tenon inspect name algorithm 1.
inline constexpr std::string_view algorithm_ed25519ph_name = "ed25519ph";

namespace block_offset {
inline constexpr std::size_t magic = 0;
inline constexpr std::size_t block_size = 8;
inline constexpr std::size_t version = 12;
inline constexpr std::size_t algorithm = 16;
inline constexpr std::size_t reserved = 20;
inline constexpr std::size_t signed_size = 24;
inline constexpr std::size_t key_id = 32;
inline constexpr std::size_t signature = 40;
inline constexpr std::size_t trailer = 104;
}  // namespace block_offset

static_assert(block_magic.size() == 8 && block_trailer.size() == 24 && signing_context.size() == 24);
static_assert(block_offset::signature == signed_header_size);
static_assert(block_offset::trailer + block_trailer.size() == block_size);

using BlockBytes = std::array<std::uint8_t, block_size>;

/// The little-endian integer of sizeof(Int) bytes at `offset` of `bytes`.
template <typename Int, typename Bytes>
Int load_le(const Bytes &bytes, std::size_t offset) {
    Int value = 0;
    for (std::size_t i = sizeof(Int); i-- > 0;) {
        value = static_cast<Int>(value << 8) | bytes[offset + i];
    }
    return value;
}

/// Writes `value` little-endian at `offset` of `bytes`.
template <typename Int>
void store_le(BlockBytes &bytes, std::size_t offset, Int value) {
    for (std::size_t i = 0; i < sizeof(Int); ++i) {
        bytes[offset + i] = static_cast<std::uint8_t>(value >> (8 * i));
    }
}

/// A block with every field but the signature filled in (the signature is
/// zero): the first signed_header_size bytes are what gets signed.
inline BlockBytes block_without_signature(std::uint64_t signed_size, const KeyId &key_id) {
    BlockBytes block{};
    block_magic.copy(reinterpret_cast<char *>(block.data()) + block_offset::magic, block_magic.size());
    store_le<std::uint32_t>(block, block_offset::block_size, block_size);
    store_le<std::uint32_t>(block, block_offset::version, block_version);
    store_le<std::uint32_t>(block, block_offset::algorithm, algorithm_ed25519ph);
    store_le<std::uint32_t>(block, block_offset::reserved, 0);
    store_le<std::uint64_t>(block, block_offset::signed_size, signed_size);
    std::copy(key_id.begin(), key_id.end(), block.begin() + block_offset::key_id);
    block_trailer.copy(reinterpret_cast<char *>(block.data()) + block_offset::trailer, block_trailer.size());
    return block;
}

}  // namespace tenon::detail
