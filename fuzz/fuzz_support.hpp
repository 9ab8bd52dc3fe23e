// What the harnesses share: a real descriptor holding the input, the
// escaping check every error message must pass, and the fixed key the
// signature harness trusts and its seeds are signed with.
#pragma once

#include <tenon/error.hpp>
#include <tenon/escape.hpp>
#include <tenon/signing.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <sodium.h>
#include <string>
#include <sys/mman.h>
#include <unistd.h>

namespace tenon_fuzz {

/// Stops the run with `what` on stderr: libFuzzer saves the input as a crash.
[[noreturn]] inline void fail(const std::string &what) {
    std::fprintf(stderr, "tenon fuzz: %s\n", what.c_str());
    __builtin_trap();
}

/// The input as a file the loader can open: the loader reads only through
/// descriptors (pread, libelf), so harnesses give it one. One memfd per
/// process, rewritten for each input; /proc/self/fd/N names it for code
/// that opens by path, as the loader names what it maps.
class MemfdInput {
public:
    MemfdInput() : fd_(memfd_create("tenon-fuzz-input", MFD_CLOEXEC)) {
        if (fd_ < 0) {
            fail("memfd_create failed");
        }
        path_ = "/proc/self/fd/" + std::to_string(fd_);
    }
    MemfdInput(const MemfdInput &) = delete;
    MemfdInput &operator=(const MemfdInput &) = delete;
    ~MemfdInput() { close(fd_); }

    /// Replaces the file's contents with the input.
    void load(const std::uint8_t *data, std::size_t size) {
        if (ftruncate(fd_, 0) != 0) {
            fail("ftruncate of the input memfd failed");
        }
        for (std::size_t done = 0; done < size;) {
            const ssize_t wrote = pwrite(fd_, data + done, size - done, static_cast<off_t>(done));
            if (wrote <= 0) {
                fail("pwrite to the input memfd failed");
            }
            done += static_cast<std::size_t>(wrote);
        }
    }

    int fd() const noexcept { return fd_; }
    const std::filesystem::path &path() const noexcept { return path_; }

private:
    int fd_;
    std::filesystem::path path_;
};

/// DESIGN.md §9: text from a file is escaped wherever it is printed, and
/// hosts print error messages as they are. escape_untrusted is idempotent,
/// so a message that changes when escaped again let raw file bytes through
/// (a newline that forges a log line, a terminal escape).
inline void require_escaped(const tenon::Error &error) {
    if (tenon::escape_untrusted(error.message) != error.message) {
        fail("an error message carries unescaped text: " + tenon::escape_untrusted(error.message));
    }
}

/// The one key pair of the fuzzing corpus, the same in every build (from a
/// fixed seed) so that signed seeds and the harness agree without a key file.
/// Not a secret: nothing but seeds is ever signed with it.
inline tenon::KeyPair fuzz_key_pair() {
    if (sodium_init() < 0) {
        fail("libsodium cannot initialise");
    }
    static constexpr char seed[] = "tenon fuzzing seed, not a secret";
    static_assert(sizeof seed - 1 == crypto_sign_SEEDBYTES);
    tenon::PublicKey::Bytes public_bytes{};
    tenon::SecretKey::Bytes secret_bytes{};
    crypto_sign_seed_keypair(public_bytes.data(), secret_bytes.data(), reinterpret_cast<const unsigned char *>(seed));
    return {tenon::SecretKey(secret_bytes), tenon::PublicKey(public_bytes)};
}

}  // namespace tenon_fuzz
