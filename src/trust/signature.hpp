// Reading and verifying a plugin's signature block from an open descriptor.
// The loader calls these on the descriptor it validates and maps, before
// dlopen, so the bytes checked are the bytes that run (DESIGN.md §9).
#pragma once

#include <tenon/error.hpp>
#include <tenon/signing.hpp>

#include <array>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace tenon::detail {

/// What the block at the end of an open file says (not yet verified).
struct SignatureBlock {
    std::uint64_t signed_size;
    std::array<std::uint8_t, 8> key_id;
    std::array<std::uint8_t, 64> signature;
};

/// Reads the block at the end of `fd` (a file of `size` bytes, called `file`
/// in messages) with pread only. nullopt when the file carries no block (its
/// last 24 bytes are not the trailer, and no block starts in its last 128
/// bytes); Errc::bad_signature when it carries a damaged or truncated one,
/// the message naming the field with the expected and found value;
/// Errc::io_error when pread fails. Thread-safe; allocates only for errors.
Result<std::optional<SignatureBlock>> read_signature_block(int fd, std::uint64_t size,
                                                           const std::filesystem::path &file);

/// Verifies the file against `trusted`: Errc::unsigned_plugin when no block,
/// Errc::bad_signature when damaged or not matching, Errc::untrusted_key
/// when signed by a key not in `trusted`, Errc::io_error. Returns the
/// signer's key id (16 lowercase hex characters). Streams the file with
/// pread in fixed-size chunks (memory independent of file size, cost linear
/// in size), never moving the descriptor's offset. Thread-safe.
Result<std::string> verify_plugin_signature(int fd, std::uint64_t size, const std::filesystem::path &file,
                                            const std::vector<PublicKey> &trusted);

}  // namespace tenon::detail
