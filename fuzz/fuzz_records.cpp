// Harness: the descriptor and record parser (parse_plugin) on raw section
// bytes, without the ELF around them, so every mutation lands in the
// descriptor, its string block or a record.
//
// Input: a little-endian 16-bit length N, then N bytes of the
// tenon_descriptor section, then the tenon_records section (the rest).
// Seeds (fuzz/seeds/make_seeds.cpp) are cut from real plugins this way.
// Each input is parsed with the default LoadLimits and again with tiny ones,
// so that every limit check is reached by short inputs too.
#include "fuzz_support.hpp"

#include "metadata/parse.hpp"

#include <algorithm>
#include <vector>

namespace {

// Limits a few bytes above nothing: each string kind and the record count can exceed one.
tenon::LoadLimits tiny_limits() {
    tenon::LoadLimits limits;
    limits.max_section_size = 256;
    limits.max_records = 2;
    limits.max_name_length = 6;
    limits.max_version_length = 6;
    limits.max_signature_length = 8;
    limits.max_description_length = 8;
    return limits;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    if (size < 2) {
        return 0;
    }
    const std::size_t claimed = data[0] | std::size_t{data[1]} << 8;
    const std::size_t descriptor_size = std::min(claimed, size - 2);
    // Separate allocations of exactly these sizes, as the loader copies each
    // section, so that AddressSanitizer sees a read past either one's end.
    const auto *bytes = reinterpret_cast<const std::byte *>(data + 2);
    const std::vector<std::byte> descriptor(bytes, bytes + descriptor_size);
    const std::vector<std::byte> records(bytes + descriptor_size, bytes + (size - 2));

    static const tenon::LoadLimits limits[] = {tenon::LoadLimits{}, tiny_limits()};
    for (const tenon::LoadLimits &limit : limits) {
        if (auto parsed = tenon::detail::parse_plugin("fuzz_records", descriptor, records, limit); !parsed) {
            tenon_fuzz::require_escaped(parsed.error());
        }
    }
    return 0;
}
