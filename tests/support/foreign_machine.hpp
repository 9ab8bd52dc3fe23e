// A plugin file rewritten for another architecture, for the tests that show
// the loader refuses it before dlopen (the metadata and CRIU binary paths).
#pragma once

#include <elf.h>

#include <cstdint>
#include <cstring>
#include <optional>
#include <string>

namespace tenon_test {

/// A machine that is not this host's, and the loader's wording of the
/// mismatch: "expected 62 (x86-64), found 183 (AArch64)". Nothing on an
/// architecture for which no such pair is written here.
struct ForeignMachine {
    std::uint16_t machine;
    std::string expected_found;
};

inline std::optional<ForeignMachine> foreign_machine() {
#if defined(__x86_64__)
    return ForeignMachine{EM_AARCH64, "expected 62 (x86-64), found 183 (AArch64)"};
#elif defined(__aarch64__)
    return ForeignMachine{EM_X86_64, "expected 183 (AArch64), found 62 (x86-64)"};
#else
    return std::nullopt;
#endif
}

/// The bytes of a 64-bit ELF file with its e_machine replaced.
inline std::string with_machine(std::string bytes, std::uint16_t machine) {
    static_assert(sizeof(void *) == 8, "this helper patches 64-bit ELF headers");
    Elf64_Ehdr header;
    std::memcpy(&header, bytes.data(), sizeof header);
    header.e_machine = machine;
    std::memcpy(bytes.data(), &header, sizeof header);
    return bytes;
}

}  // namespace tenon_test
