// tenon/signing.hpp: signing plugin files, and checking who signed them.
//
// A host that runs as root should not run code just because it sits in a
// plugin directory; like the kernel with its modules, it can require each
// plugin to be signed by a key it trusts. The signature travels inside the
// plugin file: a fixed 128-byte block appended after the ELF bytes (the
// dynamic loader ignores trailing bytes), so a signed plugin is still one
// file that installs, copies and loads as before. docs/abi.md, "Signatures",
// gives the block's layout, what exactly is signed, and the key file formats.
//
// The algorithm is Ed25519ph (Ed25519 over the SHA-512 of the message), from
// libsodium, so a file of any size is signed and checked in one streaming
// pass with constant memory.
#pragma once

#include <tenon/error.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tenon {

/// An Ed25519 public key: what a host trusts. A plain value (32 bytes, no
/// heap); copy it freely. Thread-safe to use from any number of threads.
class PublicKey {
public:
    static constexpr std::size_t size = 32;
    using Bytes = std::array<std::uint8_t, size>;

    explicit PublicKey(const Bytes &bytes) noexcept : bytes_(bytes) {}

    /// The raw key, as libsodium's crypto_sign_ed25519 functions take it.
    const Bytes &bytes() const noexcept { return bytes_; }

    /// The key's id: the first 8 bytes of the BLAKE2b-256 hash of the 32 key
    /// bytes, as 16 lowercase hex digits. Signature blocks name their key by
    /// it, and messages show it. Allocates.
    std::string id() const;

    /// The key file text: "tenon-public-key ed25519 HEX\n", HEX being the 32
    /// bytes as 64 lowercase hex digits. parse() reads it back.
    std::string serialise() const;

    /// Reads serialise()'s text. `origin` (a file name, "--key", ...) starts
    /// every message. The text must be exactly one line of three words
    /// separated by single spaces, with or without a final newline. Fails
    /// with Errc::invalid_argument, the message saying which part is wrong
    /// (see docs/abi.md, "Key files").
    static Result<PublicKey> parse(std::string_view text, std::string_view origin);

    /// parse() of the contents of `file` (a regular file of at most 4096
    /// bytes), its name as the origin. Errc::io_error when it cannot be read,
    /// Errc::not_regular_file, Errc::invalid_argument as parse().
    static Result<PublicKey> read(const std::filesystem::path &file);

    friend bool operator==(const PublicKey &, const PublicKey &) = default;

private:
    Bytes bytes_;
};

/// An Ed25519 secret key in libsodium's 64-byte form: the 32-byte seed, then
/// the 32-byte public key. Owns its bytes and wipes them (sodium_memzero)
/// when destroyed, so copies are wiped too; the memory is not locked, and
/// text from serialise() is the caller's to wipe. Not for sharing between
/// threads while one of them assigns to it; const use is thread-safe.
class SecretKey {
public:
    static constexpr std::size_t size = 64;
    using Bytes = std::array<std::uint8_t, size>;

    /// Takes `bytes` as they are: parse() and read() are the checked ways in.
    explicit SecretKey(const Bytes &bytes) noexcept : bytes_(bytes) {}
    SecretKey(const SecretKey &) = default;
    SecretKey &operator=(const SecretKey &) = default;
    ~SecretKey();

    /// The raw key, as crypto_sign_ed25519ph_final_create takes it.
    const Bytes &bytes() const noexcept { return bytes_; }

    /// The public half (the last 32 bytes).
    PublicKey public_key() const noexcept;

    /// The key file text: "tenon-secret-key ed25519 HEX\n", HEX being the 64
    /// bytes as 128 lowercase hex digits. Write it to a file only others
    /// cannot read (tenon keygen uses mode 0600).
    std::string serialise() const;

    /// Reads serialise()'s text, with the rules and messages of
    /// PublicKey::parse, and checks that the public half is the one the seed
    /// gives (a damaged key would otherwise sign with a key nobody trusts).
    /// Messages never quote the key's digits. Errc::invalid_argument.
    static Result<SecretKey> parse(std::string_view text, std::string_view origin);

    /// parse() of the contents of `file`, refused (Errc::untrusted_path,
    /// before reading) when the file's mode gives group or others any access,
    /// as ssh refuses such private keys: the key may already have leaked, and
    /// whoever can write it can make you sign with their key.
    static Result<SecretKey> read(const std::filesystem::path &file);

private:
    Bytes bytes_;
};

/// A freshly generated key pair.
struct KeyPair {
    SecretKey secret_key;
    PublicKey public_key;
};

/// A new random key pair (crypto_sign_ed25519_keypair). Thread-safe. Throws
/// std::runtime_error only when libsodium cannot initialise (it found no
/// source of randomness): there is no key to return then.
KeyPair generate_key_pair();

/// Signs `file`, a plugin, with `key`: the file's bytes (less any signature
/// block it already carries) followed by a new block, so signing a signed
/// file replaces its signature rather than stacking a second one.
///
/// The file is rewritten atomically: a temporary file in the same directory,
/// with the same mode bits, written, synced and renamed over it. A reader
/// sees either the old file or the whole signed one. A symbolic link is
/// followed, and its target replaced; other hard links to the file keep the
/// old contents, and the new file belongs to the caller.
///
/// Returns an Errc::ok Error on success. Fails, leaving the file as it was,
/// with Errc::not_elf when the file does not start with the ELF magic,
/// Errc::not_regular_file, Errc::bad_signature when it ends in a damaged or
/// truncated block (which cannot be told from the plugin's own bytes), and
/// Errc::io_error. Thread-safe, but two calls on one file race like any two
/// writers: the last rename wins.
Error sign_plugin(const std::filesystem::path &file, const SecretKey &key);

/// What a file's signature block claims, before anyone checked it.
struct SignatureInfo {
    std::string algorithm;          ///< "ed25519ph", the only algorithm so far
    std::string key_id;             ///< the signer's PublicKey::id(), 16 hex digits
    std::uint64_t signed_size = 0;  ///< bytes before the block, which the signature covers
};

/// Reads `file`'s signature block without verifying it (for tenon inspect).
/// nullopt when the file carries none; Errc::bad_signature when it carries a
/// damaged or truncated one; Errc::io_error, Errc::not_regular_file.
/// Thread-safe.
Result<std::optional<SignatureInfo>> read_plugin_signature(const std::filesystem::path &file);

/// Verifies that `file` is signed by one of `trusted`, reading it once in
/// fixed-size chunks. Returns the signer's key id. Fails with
/// Errc::unsigned_plugin (no block), Errc::bad_signature (a damaged block, or
/// a signature that does not match the bytes), Errc::untrusted_key (signed by
/// a key not in `trusted`), Errc::not_regular_file or Errc::io_error; the
/// messages are listed in docs/abi.md, "Signatures". Thread-safe.
///
/// A loader must not verify a path and then open it again: it verifies the
/// descriptor it maps. This is for tools; the loader checks the file it
/// opened once.
Result<std::string> verify_plugin_file(const std::filesystem::path &file, const std::vector<PublicKey> &trusted);

}  // namespace tenon
