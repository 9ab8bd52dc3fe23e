// The public face of plugin signatures: signing a file, and reading or
// verifying a file by name (for tools; the loader verifies its descriptor).
#include "trust/block_layout.hpp"
#include "trust/crypto.hpp"
#include "trust/file_chunks.hpp"
#include "trust/regular_file.hpp"
#include "trust/replacement_file.hpp"
#include "trust/signature.hpp"
#include "trust/signed_message.hpp"

#include "common/diagnostic.hpp"

#include <tenon/signing.hpp>

#include <algorithm>
#include <array>
#include <cstdio>
#include <system_error>

namespace tenon {
namespace {

constexpr std::array<std::uint8_t, 4> elf_magic{0x7f, 'E', 'L', 'F'};

// Signing is for plugins: refusing anything else catches a wrong argument
// (a key, a script) before it is rewritten. Same message as the loader's.
Error check_elf_magic(int fd, std::uint64_t size, const std::filesystem::path &file) {
    std::array<std::uint8_t, elf_magic.size()> start{};
    const std::size_t count = std::min<std::uint64_t>(size, start.size());
    if (Error error = detail::read_exactly(fd, 0, std::span(start).first(count), file); error.code != Errc::ok) {
        return error;
    }
    if (count == start.size() && start == elf_magic) {
        return {};
    }
    std::string found = count == 0 ? "an empty file" : "";
    for (std::size_t i = 0; i < count; ++i) {
        char byte[4];
        std::snprintf(byte, sizeof byte, "%s%02x", i == 0 ? "" : " ", start[i]);
        found += byte;
    }
    return detail::mismatch(Errc::not_elf, file, "not an ELF file", "magic 7f 45 4c 46", found);
}

}  // namespace

Error sign_plugin(const std::filesystem::path &file, const SecretKey &key) {
    auto opened = detail::open_regular_file(file);
    if (!opened) {
        return opened.error();
    }
    const int fd = opened->fd.get();
    const auto size = static_cast<std::uint64_t>(opened->status.st_size);
    if (Error error = check_elf_magic(fd, size, file); error.code != Errc::ok) {
        return error;
    }
    auto existing = detail::read_signature_block(fd, size, file);
    if (!existing) {
        return existing.error();
    }
    if (!detail::sodium_ready()) {
        return detail::file_error(Errc::io_error, file, "signature: libsodium cannot initialise");
    }
    // A link is followed so that it stays a link to the signed file.
    std::error_code failure;
    const std::filesystem::path target = std::filesystem::canonical(file, failure);
    if (failure) {
        return detail::file_error(Errc::io_error, file, "cannot resolve its path: " + failure.message());
    }
    auto replacement = detail::ReplacementFile::create(target, opened->status.st_mode & 07777, file);
    if (!replacement) {
        return replacement.error();
    }

    const std::uint64_t signed_size = existing->has_value() ? (*existing)->signed_size : size;
    detail::BlockBytes block =
        detail::block_without_signature(signed_size, detail::key_id_of(key.public_key().bytes()));
    detail::SignedMessage message(block);
    if (Error error = message.add_file(fd, signed_size, file,
                                       [&](std::span<const std::uint8_t> chunk) { return replacement->write(chunk); });
        error.code != Errc::ok) {
        return error;
    }
    const auto signature = message.sign(key.bytes());
    std::copy(signature.begin(), signature.end(), block.begin() + detail::block_offset::signature);
    if (Error error = replacement->write(block); error.code != Errc::ok) {
        return error;
    }
    return replacement->commit();
}

Result<std::optional<SignatureInfo>> read_plugin_signature(const std::filesystem::path &file) {
    auto opened = detail::open_regular_file(file);
    if (!opened) {
        return opened.error();
    }
    auto block =
        detail::read_signature_block(opened->fd.get(), static_cast<std::uint64_t>(opened->status.st_size), file);
    if (!block) {
        return block.error();
    }
    if (!block->has_value()) {
        return std::optional<SignatureInfo>();
    }
    return std::optional(SignatureInfo{std::string(detail::algorithm_ed25519ph_name),
                                       detail::lowercase_hex((*block)->key_id), (*block)->signed_size});
}

Result<std::string> verify_plugin_file(const std::filesystem::path &file, const std::vector<PublicKey> &trusted) {
    auto opened = detail::open_regular_file(file);
    if (!opened) {
        return opened.error();
    }
    return detail::verify_plugin_signature(opened->fd.get(), static_cast<std::uint64_t>(opened->status.st_size), file,
                                           trusted);
}

}  // namespace tenon
