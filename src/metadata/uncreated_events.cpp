#include "metadata/uncreated_events.hpp"

#include "metadata/relocations.hpp"

#include <cstring>

namespace tenon::detail {

Error drop_uncreated_events(const ElfImage &image, const DynamicInfo &dynamic, const PluginSections &sections,
                            ParsedPlugin &parsed, const LoadLimits &limits) {
    if (!has_conditional_events(parsed)) {
        return {};  // the usual case: nothing to resolve
    }
    std::vector<PointerPlace> places;
    for (const PointerField &slot : parsed.event_slots) {
        // Event slots live in the records section; parsing checked each lies inside it.
        std::uint64_t stored = 0;
        std::memcpy(&stored, sections.records.bytes.data() + slot.offset, sizeof stored);
        places.push_back({sections.records.address + slot.offset, stored});
    }
    auto values = relocated_values(image, dynamic, limits, places);
    if (!values) {
        return values.error();
    }
    std::vector<bool> slot_is_null;
    for (const RelocatedValue &value : *values) {
        slot_is_null.push_back(value.kind == RelocatedValue::Kind::address && value.address == 0);
    }
    drop_uncreated_events(parsed, slot_is_null);
    return {};
}

}  // namespace tenon::detail
