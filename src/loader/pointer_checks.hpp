// The pointers the runtime will call or write through (init, exit, hook
// handlers, exports, the services slot, event slots). An address in the file
// is only a claim: a handler must point into this object's code, a slot into
// its writable, non-RELRO data, and NULL is never a handler. Checked twice:
// in phase 1 from the file's relocation tables, so a bad one is refused
// before dlopen runs anything; and in phase 2 from the mapping, after the
// dynamic linker wrote them and before any init, which is the last word.
#pragma once

#include "metadata/dynamic_info.hpp"
#include "metadata/elf_image.hpp"
#include "metadata/elf_sections.hpp"
#include "metadata/parse.hpp"

#include <tenon/abi.h>
#include <tenon/error.hpp>
#include <tenon/policy.hpp>
#include <tenon/services.h>

#include <cstdint>
#include <gelf.h>
#include <vector>

namespace tenon::detail {

/// The validated segments of one object, for judging addresses in it: at
/// their link-time addresses (bias 0) or where the mapping put them.
class SegmentMap {
public:
    SegmentMap(const std::vector<GElf_Phdr> &segments, std::uintptr_t bias) : segments_(segments), bias_(bias) {}
    /// True when `address` lies in a PT_LOAD segment with PF_X.
    bool executable(std::uintptr_t address) const noexcept;
    /// True when [address, address + size) lies in one PT_LOAD with PF_W and
    /// outside PT_GNU_RELRO (made read-only once relocated).
    bool writable(std::uintptr_t address, std::size_t size) const noexcept;
    std::uintptr_t bias() const noexcept { return bias_; }

private:
    const std::vector<GElf_Phdr> &segments_;
    std::uintptr_t bias_;
};

/// The checked pointers of one mapped plugin.
struct LivePointers {
    tenon_init_fn init = nullptr;
    tenon_exit_fn exit = nullptr;
    const tenon_services **services_slot = nullptr;
    std::vector<tenon_fn_ptr> hook_functions;    ///< parallel to metadata.hooks
    std::vector<tenon_fn_ptr> export_functions;  ///< parallel to metadata.exports
    std::vector<void **> event_slots;            ///< parallel to metadata.events
};

/// Phase 1: what the file's relocations will write into each pointer field.
/// Refuses (bad_pointer, naming the field and what was found: NULL, an
/// address outside the right segments, or a symbol this file does not
/// define) before any of the file's code runs. Values this cannot tell (a
/// relocation type it does not model) are left to phase 2.
Error check_file_pointers(const ElfImage &image, const DynamicInfo &dynamic, const PluginSections &sections,
                          const ParsedPlugin &parsed, const LoadLimits &limits);

/// Phase 2: reads every pointer field from the mapping and checks it.
/// Fails with bad_pointer naming the file, the hook, export, event or
/// descriptor field, what was expected and the address found (or NULL).
Result<LivePointers> read_live_pointers(const std::filesystem::path &file, const PluginSections &sections,
                                        const ParsedPlugin &parsed, const SegmentMap &segments);

/// Checks one function of a foreign plugin (`what` names it in the message): non-NULL, in this object's code.
Error check_function(const std::filesystem::path &file, const std::string &what, const void *function,
                     const SegmentMap &segments);

}  // namespace tenon::detail
