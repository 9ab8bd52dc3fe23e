#include "loader/mapped_checks.hpp"

#include "common/diagnostic.hpp"

#include <cstring>
#include <string>

namespace tenon::detail {
namespace {

bool inside(std::uintptr_t vaddr, std::size_t size, std::uint64_t start, std::uint64_t length) {
    return vaddr >= start && vaddr - start <= length && length - (vaddr - start) >= size;
}

void *read_pointer(const PluginSections &sections, std::uintptr_t bias, const PointerField &field) {
    const SectionCopy &section = field.in_records ? sections.records : sections.descriptor;
    void *value = nullptr;
    std::memcpy(&value, reinterpret_cast<const std::byte *>(bias + section.address + field.offset), sizeof value);
    return value;
}

std::string found_address(const void *address) {
    return address == nullptr ? std::string("NULL") : hex(reinterpret_cast<std::uintptr_t>(address));
}

Error check_slot(const std::filesystem::path &file, const std::string &what, const void *slot,
                 const SegmentMap &segments) {
    if (slot == nullptr || segments.writable(reinterpret_cast<std::uintptr_t>(slot), sizeof(void *))) {
        return {};
    }
    return mismatch(Errc::bad_pointer, file, what,
                    "NULL or an address in a writable, non-RELRO segment of this file (the runtime writes there)",
                    found_address(slot));
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
    if (function != nullptr && segments.executable(reinterpret_cast<std::uintptr_t>(function))) {
        return {};
    }
    return mismatch(Errc::bad_pointer, file, what, "an address in an executable segment of this file",
                    found_address(function));
}

Result<LivePointers> read_live_pointers(const std::filesystem::path &file, const PluginSections &sections,
                                        const ParsedPlugin &parsed, const SegmentMap &segments) {
    LivePointers live;
    const std::uintptr_t bias = segments.bias();
    // init and exit may be NULL (a dummy plugin); anything else must be this object's code.
    for (const auto &[field, name, target] :
         {std::tuple{&parsed.init, "init", reinterpret_cast<void **>(&live.init)},
          std::tuple{&parsed.exit, "exit", reinterpret_cast<void **>(&live.exit)}}) {
        void *value = read_pointer(sections, bias, *field);
        if (value != nullptr) {
            if (Error error = check_function(file, std::string("descriptor field '") + name + "'", value, segments);
                error.code != Errc::ok) {
                return error;
            }
        }
        *target = value;
    }
    if (parsed.services_slot) {
        void *slot = read_pointer(sections, bias, *parsed.services_slot);
        if (Error error = check_slot(file, "descriptor field 'services_slot'", slot, segments);
            error.code != Errc::ok) {
            return error;
        }
        live.services_slot = static_cast<const tenon_services **>(slot);
    }
    const PluginMetadata &meta = parsed.metadata;
    for (std::size_t i = 0; i < parsed.hook_functions.size(); ++i) {
        void *function = read_pointer(sections, bias, parsed.hook_functions[i]);
        if (Error error = check_function(file, "hook '" + meta.hooks[i].name + "' function", function, segments);
            error.code != Errc::ok) {
            return error;
        }
        live.hook_functions.push_back(reinterpret_cast<tenon_fn_ptr>(function));
    }
    for (std::size_t i = 0; i < parsed.export_functions.size(); ++i) {
        void *function = read_pointer(sections, bias, parsed.export_functions[i]);
        if (Error error = check_function(file, "export '" + meta.exports[i].name + "' function", function, segments);
            error.code != Errc::ok) {
            return error;
        }
        live.export_functions.push_back(reinterpret_cast<tenon_fn_ptr>(function));
    }
    for (std::size_t i = 0; i < parsed.event_slots.size(); ++i) {
        void *slot = read_pointer(sections, bias, parsed.event_slots[i]);
        if (Error error = check_slot(file, "event '" + meta.events[i].name + "' slot", slot, segments);
            error.code != Errc::ok) {
            return error;
        }
        live.event_slots.push_back(static_cast<void **>(slot));
    }
    return live;
}

}  // namespace tenon::detail
