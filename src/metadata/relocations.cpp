#include "metadata/relocations.hpp"

#include "common/diagnostic.hpp"
#include "common/errno_text.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <iterator>
#include <cstring>
#include <elf.h>
#include <unistd.h>

namespace tenon::detail {
namespace {

// The relocation types that write a plain address, per architecture.
#if defined(__x86_64__)
constexpr std::uint32_t relative_type = R_X86_64_RELATIVE;
constexpr std::uint32_t absolute_types[] = {R_X86_64_64, R_X86_64_GLOB_DAT};
constexpr bool modelled = true;
#elif defined(__aarch64__)
constexpr std::uint32_t relative_type = R_AARCH64_RELATIVE;
constexpr std::uint32_t absolute_types[] = {R_AARCH64_ABS64, R_AARCH64_GLOB_DAT};
constexpr bool modelled = true;
#elif defined(__riscv) && __riscv_xlen == 64
constexpr std::uint32_t relative_type = R_RISCV_RELATIVE;
constexpr std::uint32_t absolute_types[] = {R_RISCV_64};
constexpr bool modelled = true;
#else
constexpr std::uint32_t relative_type = 0;
constexpr std::uint32_t absolute_types[] = {0};
constexpr bool modelled = false;
#endif

// The file offset of `size` bytes at link-time address `address`, when one file-backed PT_LOAD holds them.
std::optional<std::uint64_t> file_offset(const ElfImage &image, std::uint64_t address, std::uint64_t size) {
    for (const GElf_Phdr &segment : image.segments()) {
        if (segment.p_type == PT_LOAD && address >= segment.p_vaddr && address - segment.p_vaddr <= segment.p_filesz &&
            segment.p_filesz - (address - segment.p_vaddr) >= size) {
            return segment.p_offset + (address - segment.p_vaddr);
        }
    }
    return std::nullopt;
}

Error read_exactly(const ElfImage &image, std::uint64_t offset, void *out, std::size_t size) {
    const ssize_t got = image.read_at(offset, out, size);
    if (got != static_cast<ssize_t>(size)) {
        return file_error(Errc::io_error, image.file(),
                          "cannot read: " + (got < 0 ? errno_text(errno) : std::string("the file ends early")));
    }
    return {};
}

// A table's file offset, after checking its size and placement.
Result<std::uint64_t> table_offset(const ElfImage &image, const char *name, const DynamicTable &table,
                                   std::uint64_t entry_size, const LoadLimits &limits) {
    if (table.entry != entry_size) {
        return mismatch(Errc::bad_layout, image.file(), std::string(name) + " entry size", std::to_string(entry_size),
                        std::to_string(table.entry));
    }
    if (table.size > limits.max_symbol_table_size) {
        return mismatch(Errc::limit_exceeded, image.file(), std::string(name) + " size",
                        "at most " + std::to_string(limits.max_symbol_table_size) +
                            " bytes (HostConfig::limits.max_symbol_table_size)",
                        std::to_string(table.size) + " bytes");
    }
    const auto offset = file_offset(image, table.address, table.size);
    if (!offset) {
        return mismatch(Errc::bad_layout, image.file(), std::string(name) + " placement",
                        "inside one file-backed PT_LOAD segment",
                        std::to_string(table.size) + " bytes at address " + hex(table.address));
    }
    return *offset;
}

// The name of dynamic symbol `index`, and whether this file defines it.
Error symbol_of(const ElfImage &image, const DynamicInfo &dynamic, std::uint64_t index, std::string &name,
                bool &defined, std::uint64_t &value) {
    Elf64_Sym symbol{};
    const auto at = file_offset(image, dynamic.symbols.address + index * sizeof symbol, sizeof symbol);
    if (dynamic.symbols.entry != sizeof symbol || !at) {
        return mismatch(Errc::bad_layout, image.file(), "relocation symbol " + std::to_string(index),
                        "an entry of DT_SYMTAB inside the file's segments", "none there");
    }
    if (Error error = read_exactly(image, *at, &symbol, sizeof symbol); error.code != Errc::ok) {
        return error;
    }
    defined = symbol.st_shndx != SHN_UNDEF;
    value = symbol.st_value;
    char text[256] = {};
    const auto name_at = file_offset(image, dynamic.strings.address + symbol.st_name, 1);
    if (name_at && symbol.st_name < dynamic.strings.size) {
        const ssize_t got = image.read_at(*name_at, text, sizeof text - 1);
        text[got > 0 ? static_cast<std::size_t>(got) : 0] = '\0';
    }
    name = text;
    return {};
}

}  // namespace

Result<std::vector<RelocatedValue>> relocated_values(const ElfImage &image, const DynamicInfo &dynamic,
                                                     const LoadLimits &limits,
                                                     const std::vector<PointerPlace> &places) {
    std::vector<RelocatedValue> values(places.size());
    if (!modelled) {
        return values;
    }
    // The places sorted by address, so each relocation costs one binary search.
    std::vector<std::pair<std::uint64_t, std::size_t>> wanted;
    wanted.reserve(places.size());
    for (std::size_t i = 0; i < places.size(); ++i) {
        wanted.emplace_back(places[i].address, i);
        // Where no relocation names the place, the bytes in the file are what it holds.
        values[i] = {RelocatedValue::Kind::address, places[i].stored, {}};
    }
    std::sort(wanted.begin(), wanted.end());
    if (dynamic.rela.address != 0 && dynamic.rela.size != 0) {
        auto offset = table_offset(image, "DT_RELA", dynamic.rela, sizeof(Elf64_Rela), limits);
        if (!offset) {
            return offset.error();
        }
        const std::uint64_t count = dynamic.rela.size / sizeof(Elf64_Rela);
        std::array<Elf64_Rela, 256> chunk;  // on the stack: most plugins have fewer relocations than this
        for (std::uint64_t done = 0; done < count;) {
            const std::size_t now = static_cast<std::size_t>(std::min<std::uint64_t>(chunk.size(), count - done));
            if (Error error =
                    read_exactly(image, *offset + done * sizeof(Elf64_Rela), chunk.data(), now * sizeof(Elf64_Rela));
                error.code != Errc::ok) {
                return error;
            }
            for (std::size_t k = 0; k < now; ++k) {
                const Elf64_Rela &relocation = chunk[k];
                const auto found = std::lower_bound(wanted.begin(), wanted.end(),
                                                    std::pair<std::uint64_t, std::size_t>{relocation.r_offset, 0});
                if (found == wanted.end() || found->first != relocation.r_offset) {
                    continue;
                }
                RelocatedValue &value = values[found->second];
                const auto type = static_cast<std::uint32_t>(ELF64_R_TYPE(relocation.r_info));
                if (type == relative_type) {
                    value = {RelocatedValue::Kind::address, static_cast<std::uint64_t>(relocation.r_addend), {}};
                } else if (std::find(std::begin(absolute_types), std::end(absolute_types), type) !=
                           std::end(absolute_types)) {
                    std::string name;
                    bool defined = false;
                    std::uint64_t symbol_value = 0;
                    if (Error error =
                            symbol_of(image, dynamic, ELF64_R_SYM(relocation.r_info), name, defined, symbol_value);
                        error.code != Errc::ok) {
                        return error;
                    }
                    value = defined ? RelocatedValue{RelocatedValue::Kind::address,
                                                     symbol_value + static_cast<std::uint64_t>(relocation.r_addend),
                                                     {}}
                                    : RelocatedValue{RelocatedValue::Kind::undefined_symbol, 0, name};
                } else {
                    value = {};
                }
            }
            done += now;
        }
    }
    if (dynamic.relr.address != 0 && dynamic.relr.size != 0) {
        // RELR packs relative relocations only, whose addend is what the file
        // holds at the place: the values read above already are the answer.
        // The table must still lie where the dynamic linker will read it.
        if (auto offset = table_offset(image, "DT_RELR", dynamic.relr, sizeof(std::uint64_t), limits); !offset) {
            return offset.error();
        }
    }
    return values;
}

}  // namespace tenon::detail
