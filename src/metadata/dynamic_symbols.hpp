// Reads which of a few symbol names an ELF shared object defines in its
// dynamic symbol table, with their sizes and initial bytes, without mapping
// it: how a foreign plugin (CRIU's CR_PLUGIN_DESC, or its legacy cr_plugin_*
// functions) is recognised and checked before dlopen.
#pragma once

#include <tenon/error.hpp>
#include <tenon/foreign.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace tenon::detail {

/// Initialised bytes copied per symbol at most; a larger object is reported with its size but no bytes.
inline constexpr std::uint64_t max_symbol_bytes = 64 * 1024;

/// The symbols among `wanted` that `file` defines (in .dynsym, not
/// undefined), in the order of `wanted`. The caller has already checked the
/// ELF header (read_plugin_sections does). A symbol whose bytes lie outside
/// its section is a malformed_metadata error naming it. Thread-safe.
Result<std::vector<ForeignSymbol>> defined_dynamic_symbols(const std::filesystem::path &file,
                                                           const std::vector<std::string> &wanted);

}  // namespace tenon::detail
