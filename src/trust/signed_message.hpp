// What a signature covers, in the order it is fed to Ed25519ph: the signing
// context, the block's first 40 bytes (magic to key_id), then the file's
// bytes before the block. Signing and verifying both go through here, so the
// two can never disagree on the message.
#pragma once

#include "trust/block_layout.hpp"

#include <tenon/error.hpp>

#include <array>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <span>

#include <sodium.h>

namespace tenon::detail {

/// One Ed25519ph computation over one signed message. Holds libsodium's
/// state (a SHA-512 state) by value; not thread-safe, single use.
class SignedMessage {
public:
    /// Starts the message: the context, then bytes [0, 40) of `block`.
    explicit SignedMessage(const BlockBytes &block);

    /// Feeds the file bytes [0, signed_size) of `fd`, chunk by chunk; each
    /// chunk also goes to `copy` when it is given (signing writes the new
    /// file in the same pass). Fails as for_each_chunk does.
    Error add_file(int fd, std::uint64_t signed_size, const std::filesystem::path &file,
                   const std::function<Error(std::span<const std::uint8_t>)> &copy = {});

    /// Ends the message and signs it with `secret_key` (64 bytes).
    std::array<std::uint8_t, signature_size> sign(const std::array<std::uint8_t, 64> &secret_key);

    /// Ends the message; true when `signature` is `public_key`'s over it.
    bool verify(const std::array<std::uint8_t, signature_size> &signature,
                const std::array<std::uint8_t, 32> &public_key);

private:
    crypto_sign_ed25519ph_state state_{};
};

}  // namespace tenon::detail
