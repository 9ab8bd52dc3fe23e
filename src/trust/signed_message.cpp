#include "trust/signed_message.hpp"

#include "trust/file_chunks.hpp"

namespace tenon::detail {

SignedMessage::SignedMessage(const BlockBytes &block) {
    crypto_sign_ed25519ph_init(&state_);
    crypto_sign_ed25519ph_update(&state_, reinterpret_cast<const unsigned char *>(signing_context.data()),
                                 signing_context.size());
    crypto_sign_ed25519ph_update(&state_, block.data(), signed_header_size);
}

Error SignedMessage::add_file(int fd, std::uint64_t signed_size, const std::filesystem::path &file,
                              const std::function<Error(std::span<const std::uint8_t>)> &copy) {
    return for_each_chunk(fd, signed_size, file, [&](std::span<const std::uint8_t> chunk) {
        crypto_sign_ed25519ph_update(&state_, chunk.data(), chunk.size());
        return copy ? copy(chunk) : Error{};
    });
}

std::array<std::uint8_t, signature_size> SignedMessage::sign(const std::array<std::uint8_t, 64> &secret_key) {
    std::array<std::uint8_t, signature_size> signature{};
    crypto_sign_ed25519ph_final_create(&state_, signature.data(), nullptr, secret_key.data());
    return signature;
}

bool SignedMessage::verify(const std::array<std::uint8_t, signature_size> &signature,
                           const std::array<std::uint8_t, 32> &public_key) {
    return crypto_sign_ed25519ph_final_verify(&state_, signature.data(), public_key.data()) == 0;
}

}  // namespace tenon::detail
