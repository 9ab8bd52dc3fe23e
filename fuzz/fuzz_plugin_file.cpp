// Harness: a whole plugin file through phase 1 of a load, as
// src/host/validate.cpp reads a candidate: one open, the ELF header and
// tables, the dynamic section, the Tenon sections, the descriptor and the
// records; then the public read_plugin_metadata on the same file. Refusals
// are expected; a crash, a leak, undefined behaviour, a timeout, an
// allocation beyond the RSS limit or an unescaped message is a finding.
#include "fuzz_support.hpp"

#include "loader/open_file.hpp"
#include "metadata/dynamic_info.hpp"
#include "metadata/elf_image.hpp"
#include "metadata/elf_sections.hpp"
#include "metadata/parse.hpp"

#include <tenon/metadata.hpp>

using namespace tenon::detail;

namespace {

// Phase 1 on the input, stopping at the first refusal as the loader does.
void read_phase_one(const tenon_fuzz::MemfdInput &input, const tenon::LoadLimits &limits) {
    auto opened = OpenFile::open(input.path(), limits.max_file_size);
    if (!opened) {
        return tenon_fuzz::require_escaped(opened.error());
    }
    auto image = ElfImage::read(opened->fd(), opened->mapped_identity().size, input.path());
    if (!image) {
        return tenon_fuzz::require_escaped(image.error());
    }
    // The loader reads the dynamic section whether or not the Tenon sections are sound.
    if (auto dynamic = read_dynamic_info(*image, limits); !dynamic) {
        tenon_fuzz::require_escaped(dynamic.error());
    }
    auto sections = read_plugin_sections(*image, limits);
    if (!sections) {
        return tenon_fuzz::require_escaped(sections.error());
    }
    auto parsed = parse_plugin(input.path(), sections->descriptor.bytes, sections->records.bytes, limits);
    if (!parsed) {
        tenon_fuzz::require_escaped(parsed.error());
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    static tenon_fuzz::MemfdInput input;
    input.load(data, size);
    const tenon::LoadLimits limits;
    read_phase_one(input, limits);
    if (auto metadata = tenon::read_plugin_metadata(input.path(), limits); !metadata) {
        tenon_fuzz::require_escaped(metadata.error());
    }
    return 0;
}
