// Finds the two Tenon sections of a plugin file and copies them out, after
// checking that each lies where the dynamic loader will map it: the loader
// reads the mapped copy at the section's address after dlopen, so an address
// the file merely claims must be one its segments really put there.
#pragma once

#include "metadata/elf_image.hpp"

#include <tenon/error.hpp>
#include <tenon/policy.hpp>

#include <cstddef>
#include <cstdint>
#include <vector>

namespace tenon::detail {

/// A copy of one allocated section and where it lives.
struct SectionCopy {
    bool present = false;
    std::uint64_t address = 0;  ///< sh_addr; in memory it sits at load bias + address
    std::uint64_t offset = 0;   ///< sh_offset
    std::vector<std::byte> bytes;
};

/// The Tenon sections of a plugin file.
struct PluginSections {
    SectionCopy descriptor;  ///< TENON_DESCRIPTOR_SECTION (always present on success)
    SectionCopy records;     ///< TENON_RECORDS_SECTION (absent for a plugin without records)
};

/// Finds and copies the sections. Refuses: a Tenon section that is not
/// SHT_PROGBITS with SHF_ALLOC; one larger than limits.max_section_size
/// (before reading it); one outside the file; one not inside a single
/// file-backed PT_LOAD segment at the matching offset; two sections of the
/// same Tenon name; the two overlapping in the file or in memory (bad_layout);
/// and a file without the descriptor section (no_metadata).
Result<PluginSections> read_plugin_sections(const ElfImage &image, const LoadLimits &limits);

}  // namespace tenon::detail
