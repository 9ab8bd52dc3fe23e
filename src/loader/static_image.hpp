// A static plugin's metadata as the loader reads a file's: its descriptor
// and records copied out of the program's memory as "sections", with the
// program headers of the object that holds them, so parse_plugin,
// check_compatibility and read_live_pointers judge it with their own code.
#pragma once

#include "metadata/elf_sections.hpp"

#include <tenon/abi.h>
#include <tenon/error.hpp>
#include <tenon/policy.hpp>

#include <cstdint>
#include <filesystem>
#include <gelf.h>
#include <string>
#include <vector>

namespace tenon::detail {

/// What a registration points at, copied and located.
struct StaticImage {
    std::filesystem::path name;       ///< "static:ID": what messages and PluginInfo::file call it
    PluginSections sections;          ///< addresses relative to `bias`, as a file's sh_addr
    std::vector<GElf_Phdr> segments;  ///< of the object (program or library) holding the plugin
    std::uintptr_t bias = 0;          ///< that object's load bias
    std::uint64_t claim_key = 0;      ///< the registration's address: what FileClaim holds for it
};

/// The device number FileClaim uses for static plugins: none of a real file.
inline constexpr std::uint64_t static_claim_device = ~std::uint64_t{0};

/// Checks `registration` (entry `index` of PluginSources::static_plugins):
/// not NULL, its magic and size, an identifier for an id, a descriptor and a
/// records range within `limits` and inside one loaded segment of the object
/// that holds them; then copies the bytes. Fails with a message naming
/// "static plugin N" (or "static:ID" once the id is known), the field, the
/// expected and the found value. Thread-safe; reads only the program's memory.
Result<StaticImage> read_static_image(const tenon_static_plugin *registration, std::size_t index,
                                      const LoadLimits &limits);

}  // namespace tenon::detail
