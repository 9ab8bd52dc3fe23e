#include "trust/signature.hpp"

#include "trust/block_layout.hpp"
#include "trust/crypto.hpp"
#include "trust/file_chunks.hpp"
#include "trust/signed_message.hpp"

#include "common/diagnostic.hpp"

#include <algorithm>
#include <span>
#include <string_view>

namespace tenon::detail {
namespace {

std::string_view as_text(std::span<const std::uint8_t> bytes) {
    return {reinterpret_cast<const char *>(bytes.data()), bytes.size()};
}

Error field_mismatch(const std::filesystem::path &file, std::string_view field, std::string_view expected,
                     std::string_view found) {
    return mismatch(Errc::bad_signature, file, "signature block field '" + std::string(field) + "'", expected, found);
}

// The trailer is missing; `tail` is the end of the file (at most a block,
// starting at byte `tail_offset`). A block's magic in it means the file
// was cut inside its block, or its trailer damaged; no magic, no block.
Error missing_trailer(const std::filesystem::path &file, std::span<const std::uint8_t> tail,
                      std::uint64_t tail_offset) {
    const std::size_t at = as_text(tail).find(block_magic);
    if (at == std::string_view::npos) {
        return {};
    }
    if (at == 0 && tail.size() == block_size) {
        return field_mismatch(file, "trailer", single_quoted(block_trailer),
                              single_quoted(as_text(tail.subspan(block_offset::trailer))));
    }
    return mismatch(
        Errc::bad_signature, file, "signature block", std::to_string(block_size) + " bytes ending the file",
        std::to_string(tail.size() - at) + " bytes from offset " + std::to_string(tail_offset + at) + " (truncated?)");
}

// Every field of a block whose trailer is in place, in the order of the layout.
Error check_fields(const std::filesystem::path &file, const BlockBytes &block, std::uint64_t file_size) {
    const std::string_view magic = as_text(std::span(block).subspan(block_offset::magic, block_magic.size()));
    if (magic != block_magic) {
        return field_mismatch(file, "magic", single_quoted(block_magic), single_quoted(magic));
    }
    const struct {
        const char *name;
        std::size_t offset;
        std::uint32_t expected;
    } words[] = {{"block_size", block_offset::block_size, block_size},
                 {"version", block_offset::version, block_version},
                 {"algorithm", block_offset::algorithm, algorithm_ed25519ph},
                 {"reserved", block_offset::reserved, 0}};
    for (const auto &word : words) {
        if (const auto found = load_le<std::uint32_t>(block, word.offset); found != word.expected) {
            return field_mismatch(file, word.name, std::to_string(word.expected), std::to_string(found));
        }
    }
    if (const auto found = load_le<std::uint64_t>(block, block_offset::signed_size); found != file_size - block_size) {
        return field_mismatch(file, "signed_size", std::to_string(file_size - block_size), std::to_string(found));
    }
    return {};
}

std::string trusted_ids(const std::vector<PublicKey> &trusted) {
    std::string ids;
    for (const PublicKey &key : trusted) {
        ids += (ids.empty() ? "" : ", ") + key.id();
    }
    return ids.empty() ? "none" : ids;
}

}  // namespace

Result<std::optional<SignatureBlock>> read_signature_block(int fd, std::uint64_t size,
                                                           const std::filesystem::path &file) {
    BlockBytes block{};
    const std::size_t tail_size = size < block_size ? static_cast<std::size_t>(size) : block_size;
    const std::span<std::uint8_t> tail(block.data(), tail_size);
    if (Error error = read_exactly(fd, size - tail_size, tail, file); error.code != Errc::ok) {
        return error;
    }
    if (!as_text(tail).ends_with(block_trailer)) {
        if (Error error = missing_trailer(file, tail, size - tail_size); error.code != Errc::ok) {
            return error;
        }
        return std::optional<SignatureBlock>();
    }
    if (tail_size < block_size) {
        return mismatch(Errc::bad_signature, file, "signature block",
                        std::to_string(block_size) + " bytes ending the file",
                        std::to_string(tail_size) + " bytes from offset 0 (truncated?)");
    }
    if (Error error = check_fields(file, block, size); error.code != Errc::ok) {
        return error;
    }
    SignatureBlock found{};
    found.signed_size = size - block_size;
    std::copy_n(block.begin() + block_offset::key_id, found.key_id.size(), found.key_id.begin());
    std::copy_n(block.begin() + block_offset::signature, found.signature.size(), found.signature.begin());
    return std::optional(found);
}

Result<std::string> verify_plugin_signature(int fd, std::uint64_t size, const std::filesystem::path &file,
                                            const std::vector<PublicKey> &trusted) {
    auto block = read_signature_block(fd, size, file);
    if (!block) {
        return block.error();
    }
    if (!block->has_value()) {
        return mismatch(Errc::unsigned_plugin, file, "signature",
                        "a Tenon signature block at the end of the file "
                        "(signatures are required; sign it with 'tenon sign')",
                        "none");
    }
    const SignatureBlock &signature = **block;
    const std::string signer = lowercase_hex(signature.key_id);
    const auto key = std::find_if(trusted.begin(), trusted.end(), [&](const PublicKey &candidate) {
        return key_id_of(candidate.bytes()) == signature.key_id;
    });
    if (key == trusted.end()) {
        return mismatch(Errc::untrusted_key, file, "signature", "a key this host trusts (" + trusted_ids(trusted) + ")",
                        "key " + signer);
    }
    if (!sodium_ready()) {
        return file_error(Errc::io_error, file, "signature: libsodium cannot initialise");
    }
    // The header is rebuilt rather than kept: read_signature_block accepted
    // only the one value each fixed field may have.
    SignedMessage message(block_without_signature(signature.signed_size, signature.key_id));
    if (Error error = message.add_file(fd, signature.signed_size, file); error.code != Errc::ok) {
        return error;
    }
    if (!message.verify(signature.signature, key->bytes())) {
        return mismatch(Errc::bad_signature, file, "signature by key " + signer, "it to match the file's bytes",
                        "a mismatch (was the file changed after it was signed?)");
    }
    return signer;
}

}  // namespace tenon::detail
