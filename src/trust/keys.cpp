// Ed25519 keys and their one-line text form (docs/abi.md, "Key files").
#include "trust/crypto.hpp"
#include "trust/file_chunks.hpp"
#include "trust/regular_file.hpp"

#include "common/diagnostic.hpp"

#include <tenon/signing.hpp>

#include <sodium.h>

#include <algorithm>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

namespace tenon {
namespace {

using detail::lowercase_hex;

constexpr std::string_view key_algorithm = "ed25519";
// Key files hold one short line (90 or 155 bytes); anything much larger is
// not a key, and is not read into memory.
constexpr std::size_t max_key_file_size = 4096;
// A word from the file is quoted in a message only when it is this short,
// so a secret key's digits, put in the wrong place, are never printed.
constexpr std::size_t max_quoted_word = 24;

struct KeyKind {
    std::string_view what;        // for messages: "public key"
    std::string_view first_word;  // "tenon-public-key"
};
constexpr KeyKind public_kind{"public key", "tenon-public-key"};
constexpr KeyKind secret_kind{"secret key", "tenon-secret-key"};

Error key_error(std::string_view origin, std::string_view subject, std::string_view expected, std::string_view found) {
    return detail::mismatch(Errc::invalid_argument, std::filesystem::path(origin), subject, expected, found);
}

std::string quoted_word(std::string_view word) {
    if (word.size() > max_quoted_word) {
        return "a word of " + std::to_string(word.size()) + " bytes";
    }
    return detail::single_quoted(word);
}

std::vector<std::string_view> words_of(std::string_view line) {
    std::vector<std::string_view> words;
    for (std::size_t start = 0;;) {
        const std::size_t space = line.find(' ', start);
        words.push_back(line.substr(start, space - start));
        if (space == std::string_view::npos) {
            return words;
        }
        start = space + 1;
    }
}

// Decodes "FIRST-WORD ed25519 HEX" into `out`; messages name `origin` and `kind`.
Error parse_key_text(std::string_view text, std::string_view origin, const KeyKind &kind, std::span<std::uint8_t> out) {
    const std::string form = "'" + std::string(kind.first_word) + " " + std::string(key_algorithm) + " HEX'";
    if (text.ends_with('\n')) {
        text.remove_suffix(1);
    }
    if (text.empty()) {
        return key_error(origin, kind.what, form, "nothing");
    }
    if (const auto newlines = std::count(text.begin(), text.end(), '\n'); newlines > 0) {
        return key_error(origin, kind.what, "one line", std::to_string(newlines + 1) + " lines");
    }
    const std::vector<std::string_view> words = words_of(text);
    if (words.size() != 3) {
        return key_error(origin, kind.what, "3 words separated by single spaces (" + form + ")",
                         std::to_string(words.size()));
    }
    if (words[0] != kind.first_word) {
        return key_error(origin, kind.what, "first word " + detail::single_quoted(kind.first_word),
                         quoted_word(words[0]));
    }
    if (words[1] != key_algorithm) {
        return key_error(origin, std::string(kind.what) + " algorithm", detail::single_quoted(key_algorithm),
                         quoted_word(words[1]));
    }
    const std::string_view hex = words[2];
    if (hex.size() != 2 * out.size()) {
        return key_error(origin, kind.what, std::to_string(2 * out.size()) + " hexadecimal digits",
                         std::to_string(hex.size()));
    }
    // Lowercase only, so each key has one spelling (and its file one hash).
    const auto bad = std::find_if_not(hex.begin(), hex.end(),
                                      [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
    if (bad != hex.end()) {
        return key_error(
            origin, kind.what, "lowercase hexadecimal digits",
            detail::single_quoted(std::string_view(&*bad, 1)) + " at digit " + std::to_string(bad - hex.begin() + 1));
    }
    sodium_hex2bin(out.data(), out.size(), hex.data(), hex.size(), nullptr, nullptr, nullptr);
    return {};
}

// The contents of a key file; a secret key's only if nobody else may read or write it.
Result<std::string> read_key_file(const std::filesystem::path &file, bool secret) {
    auto opened = detail::open_regular_file(file);
    if (!opened) {
        return opened.error();
    }
    if (const mode_t mode = opened->status.st_mode & 07777; secret && (mode & 077) != 0) {
        char octal[8];
        std::snprintf(octal, sizeof octal, "%04o", static_cast<unsigned>(mode));
        return detail::mismatch(Errc::untrusted_path, file, "secret key file mode",
                                "no access for group or others (chmod 600)", octal);
    }
    const auto size = static_cast<std::uint64_t>(opened->status.st_size);
    if (size > max_key_file_size) {
        return detail::mismatch(Errc::invalid_argument, file, "key file size",
                                "at most " + std::to_string(max_key_file_size) + " bytes",
                                std::to_string(size) + " bytes");
    }
    std::string text(static_cast<std::size_t>(size), '\0');
    const std::span<std::uint8_t> bytes(reinterpret_cast<std::uint8_t *>(text.data()), text.size());
    if (Error error = detail::read_exactly(opened->fd.get(), 0, bytes, file); error.code != Errc::ok) {
        return error;
    }
    return text;
}

}  // namespace

std::string PublicKey::id() const {
    return lowercase_hex(detail::key_id_of(bytes_));
}

std::string PublicKey::serialise() const {
    return std::string(public_kind.first_word) + " " + std::string(key_algorithm) + " " + lowercase_hex(bytes_) + "\n";
}

Result<PublicKey> PublicKey::parse(std::string_view text, std::string_view origin) {
    Bytes bytes{};
    if (Error error = parse_key_text(text, origin, public_kind, bytes); error.code != Errc::ok) {
        return error;
    }
    return PublicKey(bytes);
}

Result<PublicKey> PublicKey::read(const std::filesystem::path &file) {
    auto text = read_key_file(file, false);
    if (!text) {
        return text.error();
    }
    return parse(*text, file.native());
}

SecretKey::~SecretKey() {
    sodium_memzero(bytes_.data(), bytes_.size());
}

PublicKey SecretKey::public_key() const noexcept {
    PublicKey::Bytes bytes{};
    std::copy(bytes_.end() - PublicKey::size, bytes_.end(), bytes.begin());
    return PublicKey(bytes);
}

std::string SecretKey::serialise() const {
    return std::string(secret_kind.first_word) + " " + std::string(key_algorithm) + " " + lowercase_hex(bytes_) + "\n";
}

Result<SecretKey> SecretKey::parse(std::string_view text, std::string_view origin) {
    SecretKey key(Bytes{});
    if (Error error = parse_key_text(text, origin, secret_kind, key.bytes_); error.code != Errc::ok) {
        return error;
    }
    // libsodium's secret key is the seed then the public key; a key whose
    // halves disagree would sign with a key no public key file names.
    std::array<std::uint8_t, PublicKey::size> derived{};
    SecretKey rederived(Bytes{});
    crypto_sign_ed25519_seed_keypair(derived.data(), rederived.bytes_.data(), key.bytes_.data());
    if (derived != key.public_key().bytes()) {
        return key_error(origin, secret_kind.what, "its last 32 bytes to be the public key of its first 32 (the seed)",
                         "another key (is the file damaged?)");
    }
    return key;
}

Result<SecretKey> SecretKey::read(const std::filesystem::path &file) {
    auto text = read_key_file(file, true);
    if (!text) {
        return text.error();
    }
    auto key = parse(*text, file.native());
    sodium_memzero(text->data(), text->size());
    return key;
}

KeyPair generate_key_pair() {
    if (!detail::sodium_ready()) {
        throw std::runtime_error("tenon: libsodium cannot initialise (no source of randomness?)");
    }
    PublicKey::Bytes public_bytes{};
    SecretKey::Bytes secret_bytes{};
    crypto_sign_ed25519_keypair(public_bytes.data(), secret_bytes.data());
    KeyPair pair{SecretKey(secret_bytes), PublicKey(public_bytes)};
    sodium_memzero(secret_bytes.data(), secret_bytes.size());
    return pair;
}

}  // namespace tenon
