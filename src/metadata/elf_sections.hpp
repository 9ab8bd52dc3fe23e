// Reads the two Tenon sections out of a plugin file with libelf, after
// checking that the file is an ELF shared object this process could load.
#pragma once

#include <tenon/error.hpp>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <vector>

namespace tenon::detail {

/// A copy of one allocated section and its link-time address.
struct SectionCopy {
    bool present = false;
    std::uint64_t address = 0;  ///< sh_addr; in memory it sits at load bias + address
    std::vector<std::byte> bytes;
};

/// The parts of a plugin file the loader needs.
struct PluginSections {
    std::uint64_t device = 0;  ///< st_dev: with inode, what the dynamic loader uses to tell files apart
    std::uint64_t inode = 0;   ///< st_ino
    SectionCopy descriptor;    ///< TENON_DESCRIPTOR_SECTION (always present on success)
    SectionCopy records;       ///< TENON_RECORDS_SECTION (absent for a plugin without records)
};

/// Opens `file` read-only and extracts the sections. Checks, in order:
/// readable regular file, ELF magic, complete ELF header, class, byte order,
/// shared object type, machine, section table within the file, then the
/// descriptor section's presence. Thread-safe.
Result<PluginSections> read_plugin_sections(const std::filesystem::path &file);

}  // namespace tenon::detail
