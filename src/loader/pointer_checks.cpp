#include "loader/pointer_checks.hpp"

#include "common/diagnostic.hpp"
#include "metadata/relocations.hpp"

#include <cstring>
#include <string>

namespace tenon::detail {
namespace {

bool inside(std::uintptr_t vaddr, std::size_t size, std::uint64_t start, std::uint64_t length) {
    return vaddr >= start && vaddr - start <= length && length - (vaddr - start) >= size;
}

// One pointer field and what it must hold. Its name for messages is built
// only for a refusal (what()): every load checks every field, and they pass.
struct Field {
    enum class Kind { init, exit, services_slot, hook, export_function, event_slot, foreign };
    Kind kind;
    std::size_t index;  ///< into the metadata's hooks, exports or events
    PointerField where;
    bool function;  ///< code the runtime calls; otherwise a slot it writes
    bool nullable;  ///< NULL means "none" (init, exit, slots); never for a handler
    const std::string *foreign_what = nullptr;

    std::string what(const PluginMetadata *meta) const {
        switch (kind) {
            case Kind::init:
                return "descriptor field 'init'";
            case Kind::exit:
                return "descriptor field 'exit'";
            case Kind::services_slot:
                return "descriptor field 'services_slot'";
            case Kind::hook:
                return "hook '" + meta->hooks[index].name + "' function";
            case Kind::export_function:
                return "export '" + meta->exports[index].name + "' function";
            case Kind::event_slot:
                return "event '" + meta->events[index].name + "' slot";
            case Kind::foreign:
                break;
        }
        return *foreign_what;
    }
};

// Every pointer field of the plugin, in a fixed order: init, exit, services
// slot, then hooks, exports and event slots in metadata order.
std::vector<Field> fields_of(const ParsedPlugin &parsed) {
    using Kind = Field::Kind;
    std::vector<Field> fields;
    fields.reserve(3 + parsed.hook_functions.size() + parsed.export_functions.size() + parsed.event_slots.size());
    fields.push_back({Kind::init, 0, parsed.init, true, true});
    fields.push_back({Kind::exit, 0, parsed.exit, true, true});
    if (parsed.services_slot) {
        fields.push_back({Kind::services_slot, 0, *parsed.services_slot, false, true});
    }
    for (std::size_t i = 0; i < parsed.hook_functions.size(); ++i) {
        fields.push_back({Kind::hook, i, parsed.hook_functions[i], true, false});
    }
    for (std::size_t i = 0; i < parsed.export_functions.size(); ++i) {
        fields.push_back({Kind::export_function, i, parsed.export_functions[i], true, false});
    }
    for (std::size_t i = 0; i < parsed.event_slots.size(); ++i) {
        fields.push_back({Kind::event_slot, i, parsed.event_slots[i], false, true});
    }
    return fields;
}

const SectionCopy &section_of(const PluginSections &sections, const PointerField &field) {
    return field.in_records ? sections.records : sections.descriptor;
}

// Ok when `address` (0 for NULL) suits the field; otherwise the refusal, with `found` describing the address.
template <typename Found>
Error judge(const std::filesystem::path &file, const PluginMetadata *meta, const Field &field, std::uintptr_t address,
            const SegmentMap &segments, Found &&found) {
    if (address == 0     ? field.nullable
        : field.function ? segments.executable(address)
                         : segments.writable(address, sizeof(void *))) {
        return {};
    }
    const std::string expected =
        field.function
            ? std::string(field.nullable ? "NULL or " : "") + "an address in an executable segment of this file"
            : "NULL or an address in a writable, non-RELRO segment of this file (the runtime writes there)";
    return mismatch(Errc::bad_pointer, file, field.what(meta), expected, address == 0 ? std::string("NULL") : found());
}

}  // namespace

bool SegmentMap::executable(std::uintptr_t address) const noexcept {
    if (address < bias_) {
        return false;
    }
    const std::uintptr_t vaddr = address - bias_;
    for (const GElf_Phdr &segment : segments_) {
        if (segment.p_type == PT_LOAD && (segment.p_flags & PF_X) != 0 &&
            inside(vaddr, 1, segment.p_vaddr, segment.p_memsz)) {
            return true;
        }
    }
    return false;
}

bool SegmentMap::writable(std::uintptr_t address, std::size_t size) const noexcept {
    if (address < bias_) {
        return false;
    }
    const std::uintptr_t vaddr = address - bias_;
    bool in_writable = false;
    for (const GElf_Phdr &segment : segments_) {
        if (segment.p_type == PT_LOAD && (segment.p_flags & PF_W) != 0 &&
            inside(vaddr, size, segment.p_vaddr, segment.p_memsz)) {
            in_writable = true;
        }
        if (segment.p_type == PT_GNU_RELRO && vaddr < segment.p_vaddr + segment.p_memsz &&
            segment.p_vaddr < vaddr + size) {
            return false;
        }
    }
    return in_writable;
}

Error check_function(const std::filesystem::path &file, const std::string &what, const void *function,
                     const SegmentMap &segments) {
    const auto address = reinterpret_cast<std::uintptr_t>(function);
    Field field{Field::Kind::foreign, 0, {}, true, false, &what};
    return judge(file, nullptr, field, address, segments, [&] { return hex(address); });
}

Error check_file_pointers(const ElfImage &image, const DynamicInfo &dynamic, const PluginSections &sections,
                          const ParsedPlugin &parsed, const LoadLimits &limits) {
    const std::vector<Field> fields = fields_of(parsed);
    std::vector<PointerPlace> places;
    places.reserve(fields.size());
    for (const Field &field : fields) {
        // Phase 1 checked every field lies inside its section's copy.
        const SectionCopy &section = section_of(sections, field.where);
        std::uint64_t stored = 0;
        std::memcpy(&stored, section.bytes.data() + field.where.offset, sizeof stored);
        places.push_back({section.address + field.where.offset, stored});
    }
    auto values = relocated_values(image, dynamic, limits, places);
    if (!values) {
        return values.error();
    }
    const SegmentMap link_time(image.segments(), 0);
    for (std::size_t i = 0; i < fields.size(); ++i) {
        const RelocatedValue &value = (*values)[i];
        if (value.kind == RelocatedValue::Kind::undefined_symbol) {
            return mismatch(Errc::bad_pointer, image.file(), fields[i].what(&parsed.metadata),
                            "an address in this file (the dynamic linker would bind it to another object)",
                            "symbol " + single_quoted(value.symbol) + ", which this file does not define");
        }
        if (value.kind == RelocatedValue::Kind::address) {
            if (Error error = judge(image.file(), &parsed.metadata, fields[i], value.address, link_time,
                                    [&] { return "link-time address " + hex(value.address); });
                error.code != Errc::ok) {
                return error;
            }
        }
    }
    return {};
}

Result<LivePointers> read_live_pointers(const std::filesystem::path &file, const PluginSections &sections,
                                        const ParsedPlugin &parsed, const SegmentMap &segments) {
    const std::vector<Field> fields = fields_of(parsed);
    std::vector<void *> values;
    values.reserve(fields.size());
    for (const Field &field : fields) {
        void *value = nullptr;
        const SectionCopy &section = section_of(sections, field.where);
        std::memcpy(&value, reinterpret_cast<const std::byte *>(segments.bias() + section.address + field.where.offset),
                    sizeof value);
        const auto address = reinterpret_cast<std::uintptr_t>(value);
        if (Error error = judge(file, &parsed.metadata, field, address, segments, [&] { return hex(address); });
            error.code != Errc::ok) {
            return error;
        }
        values.push_back(value);
    }
    // The values, back in the order fields_of laid them out.
    LivePointers live;
    std::size_t next = 0;
    live.init = reinterpret_cast<tenon_init_fn>(values[next++]);
    live.exit = reinterpret_cast<tenon_exit_fn>(values[next++]);
    if (parsed.services_slot) {
        live.services_slot = static_cast<const tenon_services **>(values[next++]);
    }
    for (std::size_t i = 0; i < parsed.hook_functions.size(); ++i) {
        live.hook_functions.push_back(reinterpret_cast<tenon_fn_ptr>(values[next++]));
    }
    for (std::size_t i = 0; i < parsed.export_functions.size(); ++i) {
        live.export_functions.push_back(reinterpret_cast<tenon_fn_ptr>(values[next++]));
    }
    for (std::size_t i = 0; i < parsed.event_slots.size(); ++i) {
        live.event_slots.push_back(static_cast<void **>(values[next++]));
    }
    return live;
}

}  // namespace tenon::detail
