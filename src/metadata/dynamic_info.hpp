// What a file asks of the dynamic loader: the libraries it needs, where it
// tells the loader to look for them, and the name it answers to. Read from
// PT_DYNAMIC and the string table DT_STRTAB points at, as ld.so reads them
// (not from the section headers, which ld.so never looks at).
#pragma once

#include "metadata/elf_image.hpp"

#include <tenon/error.hpp>
#include <tenon/policy.hpp>

#include <optional>
#include <string>
#include <vector>

namespace tenon::detail {

/// The longest string read from the dynamic string table (a path).
inline constexpr std::size_t max_dynamic_string = 4096;
/// At most this many entries in the dynamic array.
inline constexpr std::size_t max_dynamic_entries = 4096;

/// A table the dynamic array points at: its link-time address, size and entry size (0 when absent).
struct DynamicTable {
    std::uint64_t address = 0;
    std::uint64_t size = 0;
    std::uint64_t entry = 0;
};

/// A file's dynamic-linking requests, in the order the file lists them.
struct DynamicInfo {
    std::vector<std::string> needed;     ///< DT_NEEDED
    std::optional<std::string> rpath;    ///< DT_RPATH (ld.so ignores it when DT_RUNPATH is present)
    std::optional<std::string> runpath;  ///< DT_RUNPATH
    std::optional<std::string> soname;   ///< DT_SONAME
    std::uint64_t dynamic_address = 0;   ///< PT_DYNAMIC's p_vaddr (0 without one)
    DynamicTable rela;                   ///< DT_RELA, DT_RELASZ, DT_RELAENT
    DynamicTable relr;                   ///< DT_RELR, DT_RELRSZ, DT_RELRENT
    DynamicTable symbols;                ///< DT_SYMTAB and DT_SYMENT (its size is not recorded: 0)
    DynamicTable strings;                ///< DT_STRTAB and DT_STRSZ
};

/// Reads them. A file without PT_DYNAMIC has none. Refuses (naming the file
/// and the entry): a dynamic array or string table outside a file-backed
/// PT_LOAD at its address (bad_layout), more than limits.max_needed_libraries
/// DT_NEEDED entries or max_dynamic_entries entries (limit_exceeded), a string
/// offset outside DT_STRSZ or a string without its NUL within max_dynamic_string bytes.
Result<DynamicInfo> read_dynamic_info(const ElfImage &image, const LoadLimits &limits);

}  // namespace tenon::detail
