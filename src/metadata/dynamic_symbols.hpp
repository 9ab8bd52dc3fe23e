// Reads which of a few symbol names an ELF shared object defines in its
// dynamic symbol table, with their sizes and initial bytes, without mapping
// it: how a foreign plugin (CRIU's CR_PLUGIN_DESC, or its legacy cr_plugin_*
// functions) is recognised and checked before dlopen.
#pragma once

#include "metadata/elf_image.hpp"

#include <tenon/error.hpp>
#include <tenon/foreign.hpp>
#include <tenon/policy.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace tenon::detail {

/// Initialised bytes copied per symbol at most; a larger object is reported with its size but no bytes.
inline constexpr std::uint64_t max_symbol_bytes = 64 * 1024;

/// The symbols among `wanted` that the file defines (in .dynsym, not
/// undefined), in the order of `wanted`. A symbol whose bytes lie outside its
/// section is a malformed_metadata error naming it; a symbol table or string
/// table above limits.max_symbol_table_size is limit_exceeded (checked before
/// libelf reads it).
Result<std::vector<ForeignSymbol>> defined_dynamic_symbols(const ElfImage &image, const LoadLimits &limits,
                                                           const std::vector<std::string> &wanted);

}  // namespace tenon::detail
