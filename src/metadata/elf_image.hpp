// A plugin file's ELF structure, read with libelf from one open descriptor.
//
// libelf trusts the counts and offsets in the ELF header: a sparse file that
// claims four billion sections makes it allocate for all of them. So before
// libelf sees the file, Tenon reads the fixed-size ELF header itself and
// checks every count, entry size and table bound in it (overflow-safe); only
// then does libelf parse the rest. This is the one piece of ELF reading kept
// by hand, and it reads nothing but the 64-byte header.
#pragma once

#include <tenon/error.hpp>
#include <tenon/policy.hpp>

#include <cstdint>
#include <filesystem>
#include <gelf.h>
#include <memory>
#include <string_view>
#include <vector>

namespace tenon::detail {

/// A file up to this size is read whole, with one pread, and parsed from
/// memory: a plugin then costs one read instead of one per table. A larger
/// one is read piece by piece, only what is asked for.
inline constexpr std::uint64_t read_whole_below = 4u << 20;

/// At most this many section headers (the ELF format's ordinary maximum).
inline constexpr std::uint64_t max_section_count = 0xff00;
/// At most this many program headers (real objects have about a dozen).
inline constexpr std::uint64_t max_segment_count = 1024;

/// The ELF view of one open file. Movable; not thread-safe (one loading
/// thread uses it). Does not own the descriptor, which must stay open while
/// the image lives.
class ElfImage {
public:
    /// Checks, in order: ELF magic, complete ELF header, class, byte order,
    /// type ET_DYN, machine, header and entry sizes, the section and program
    /// header tables (counts within limits, inside the file), then lets libelf
    /// read the headers. Every failure names `file`, the field, what was
    /// expected and what was found.
    static Result<ElfImage> read(int fd, std::uint64_t file_size, const std::filesystem::path &file);

    Elf *elf() const noexcept { return elf_.get(); }
    int fd() const noexcept { return fd_; }
    std::uint64_t file_size() const noexcept { return file_size_; }
    const std::filesystem::path &file() const noexcept { return file_; }
    const GElf_Ehdr &header() const noexcept { return header_; }
    /// Every program header, in file order.
    const std::vector<GElf_Phdr> &segments() const noexcept { return segments_; }

    /// Up to `size` bytes at `offset` of the file into `out` (from memory when
    /// the file was read whole); how many, or -1 with errno set. Thread-safe.
    ssize_t read_at(std::uint64_t offset, void *out, std::size_t size) const noexcept;

    /// The section name table's bytes, its size checked against
    /// `max_table_size` (LoadLimits::max_symbol_table_size) before libelf
    /// reads it. Valid while the image lives.
    Result<std::string_view> section_names(std::uint64_t max_table_size) const;

private:
    struct ElfEnd {
        void operator()(Elf *elf) const noexcept;
    };
    int fd_ = -1;
    std::uint64_t file_size_ = 0;
    std::filesystem::path file_;
    std::unique_ptr<Elf, ElfEnd> elf_;
    std::unique_ptr<char[]> bytes_;  ///< the whole file, when it was read whole (libelf parses it in place)
    GElf_Ehdr header_{};
    std::vector<GElf_Phdr> segments_;
    std::size_t names_index_ = 0;
};

/// A file range that the dynamic loader maps: the PT_LOAD segment that holds
/// `size` bytes at file offset `offset`, loaded at `address`, or nullptr when
/// no single file-backed PT_LOAD holds them at that address
/// (address - p_vaddr must equal offset - p_offset).
const GElf_Phdr *loading_segment(const std::vector<GElf_Phdr> &segments, std::uint64_t offset, std::uint64_t size,
                                 std::uint64_t address);

/// "0x1f40", for addresses and offsets in messages.
std::string hex(std::uint64_t value);

}  // namespace tenon::detail
