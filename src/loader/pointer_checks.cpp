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

// One pointer field and what it must hold.
struct Field {
    std::string what;  ///< "hook 'x' function", "descriptor field 'init'", ...
    PointerField where;
    bool function;  ///< code the runtime calls; otherwise a slot it writes
    bool nullable;  ///< NULL means "none" (init, exit, slots); never for a handler
};

// Every pointer field of the plugin, in a fixed order: init, exit, services
// slot, then hooks, exports and event slots in metadata order.
std::vector<Field> fields_of(const ParsedPlugin &parsed) {
    const PluginMetadata &meta = parsed.metadata;
    std::vector<Field> fields = {{"descriptor field 'init'", parsed.init, true, true},
                                 {"descriptor field 'exit'", parsed.exit, true, true}};
    if (parsed.services_slot) {
        fields.push_back({"descriptor field 'services_slot'", *parsed.services_slot, false, true});
    }
    for (std::size_t i = 0; i < parsed.hook_functions.size(); ++i) {
        fields.push_back({"hook '" + meta.hooks[i].name + "' function", parsed.hook_functions[i], true, false});
    }
    for (std::size_t i = 0; i < parsed.export_functions.size(); ++i) {
        fields.push_back({"export '" + meta.exports[i].name + "' function", parsed.export_functions[i], true, false});
    }
    for (std::size_t i = 0; i < parsed.event_slots.size(); ++i) {
        fields.push_back({"event '" + meta.events[i].name + "' slot", parsed.event_slots[i], false, true});
    }
    return fields;
}

const SectionCopy &section_of(const PluginSections &sections, const PointerField &field) {
    return field.in_records ? sections.records : sections.descriptor;
}

// Ok when `address` (0 for NULL) suits the field; otherwise the refusal, with `found` describing the address.
Error judge(const std::filesystem::path &file, const Field &field, std::uintptr_t address, const SegmentMap &segments,
            const std::string &found) {
    if (address == 0     ? field.nullable
        : field.function ? segments.executable(address)
                         : segments.writable(address, sizeof(void *))) {
        return {};
    }
    const std::string expected =
        field.function
            ? std::string(field.nullable ? "NULL or " : "") + "an address in an executable segment of this file"
            : "NULL or an address in a writable, non-RELRO segment of this file (the runtime writes there)";
    return mismatch(Errc::bad_pointer, file, field.what, expected, address == 0 ? std::string("NULL") : found);
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
    return judge(file, Field{what, {}, true, false}, address, segments, hex(address));
}

Error check_file_pointers(const ElfImage &image, const DynamicInfo &dynamic, const PluginSections &sections,
                          const ParsedPlugin &parsed, const LoadLimits &limits) {
    const std::vector<Field> fields = fields_of(parsed);
    std::vector<std::uint64_t> addresses;
    addresses.reserve(fields.size());
    for (const Field &field : fields) {
        addresses.push_back(section_of(sections, field.where).address + field.where.offset);
    }
    auto values = relocated_values(image, dynamic, limits, addresses);
    if (!values) {
        return values.error();
    }
    const SegmentMap link_time(image.segments(), 0);
    for (std::size_t i = 0; i < fields.size(); ++i) {
        const RelocatedValue &value = (*values)[i];
        if (value.kind == RelocatedValue::Kind::undefined_symbol) {
            return mismatch(Errc::bad_pointer, image.file(), fields[i].what,
                            "an address in this file (the dynamic linker would bind it to another object)",
                            "symbol " + single_quoted(value.symbol) + ", which this file does not define");
        }
        if (value.kind == RelocatedValue::Kind::address) {
            if (Error error =
                    judge(image.file(), fields[i], value.address, link_time, "link-time address " + hex(value.address));
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
        if (Error error = judge(file, field, address, segments, hex(address)); error.code != Errc::ok) {
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
