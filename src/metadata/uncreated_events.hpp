// Conditional event records (TENON_EVENT_IF_CREATED): a shared header may
// declare another plugin's events into every plugin that includes it, with a
// slot that only the creating plugin defines. Such a record is the plugin's
// event only when its slot resolves to an address; with a NULL slot it is
// dropped before anything else sees the metadata.
#pragma once

#include "metadata/dynamic_info.hpp"
#include "metadata/elf_image.hpp"
#include "metadata/elf_sections.hpp"
#include "metadata/parse.hpp"

#include <tenon/error.hpp>

#include <vector>

namespace tenon::detail {

/// Removes from `parsed` every event marked drop_if_null whose entry in
/// `slot_is_null` (parallel to parsed.event_slots) is true; `also` (when not
/// NULL) is a vector parallel to the events that shrinks with them.
template <typename Parallel = std::vector<bool>>
void drop_uncreated_events(ParsedPlugin &parsed, const std::vector<bool> &slot_is_null, Parallel *also = nullptr) {
    std::size_t kept = 0;
    for (std::size_t i = 0; i < parsed.event_slots.size(); ++i) {
        if (parsed.event_slots[i].drop_if_null && slot_is_null[i]) {
            continue;
        }
        if (kept != i) {  // a self-move would empty the strings
            parsed.event_slots[kept] = parsed.event_slots[i];
            parsed.metadata.events[kept] = std::move(parsed.metadata.events[i]);
            if (also != nullptr) {
                (*also)[kept] = (*also)[i];
            }
        }
        ++kept;
    }
    parsed.event_slots.resize(kept);
    parsed.metadata.events.resize(kept);
    if (also != nullptr) {
        also->resize(kept);
    }
}

/// True when some event record of `parsed` is conditional.
inline bool has_conditional_events(const ParsedPlugin &parsed) {
    for (const PointerField &slot : parsed.event_slots) {
        if (slot.drop_if_null) {
            return true;
        }
    }
    return false;
}

/// The file's view: resolves each conditional event's slot through the
/// file's relocations (no code runs) and drops those that are NULL. A slot
/// whose value cannot be told (an unmodelled relocation) is kept; the
/// loader then sees its live value. Fails as relocated_values fails.
Error drop_uncreated_events(const ElfImage &image, const DynamicInfo &dynamic, const PluginSections &sections,
                            ParsedPlugin &parsed, const LoadLimits &limits);

}  // namespace tenon::detail
