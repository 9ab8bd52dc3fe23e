// Decodes and validates the descriptor and records of one plugin from raw
// bytes. The same code reads the bytes copied from the file (before dlopen)
// and the bytes mapped in memory (after), so what runs is what was checked.
#pragma once

#include <tenon/abi.h>
#include <tenon/metadata.hpp>
#include <tenon/policy.hpp>

#include <cstddef>
#include <filesystem>
#include <optional>
#include <span>
#include <vector>

namespace tenon::detail {

/// Where a pointer the runtime uses sits in the plugin's sections. The file
/// holds only link-time values there; the dynamic linker writes the real
/// ones, so the runtime reads them from the mapped sections after dlopen,
/// at these offsets, and checks each against the object's segments.
struct PointerField {
    bool in_records = false;  ///< false: in the descriptor section
    std::size_t offset = 0;   ///< bytes from the start of that section
    /// An event slot of a TENON_EVENT_IF_CREATED record: the event is dropped
    /// when the slot resolves to NULL (see drop_uncreated_events).
    bool drop_if_null = false;
};

/// Metadata plus where each pointer the runtime will use lives.
struct ParsedPlugin {
    PluginMetadata metadata;
    PointerField init;                           ///< tenon_descriptor::init
    PointerField exit;                           ///< tenon_descriptor::exit
    std::optional<PointerField> services_slot;   ///< absent when the descriptor predates the field
    std::vector<PointerField> hook_functions;    ///< parallel to metadata.hooks
    std::vector<PointerField> export_functions;  ///< parallel to metadata.exports
    std::vector<PointerField> event_slots;       ///< parallel to metadata.events
};

/// Validates and decodes, once per load. `records` may be empty (a plugin
/// with no hooks). Every string, and the number of records, is checked
/// against `limits` (limit_exceeded); duplicate names are found with hash
/// sets, so the cost is linear in the bytes. Fails on the first problem with
/// a message naming `file` and the field. Thread-safe.
Result<ParsedPlugin> parse_plugin(const std::filesystem::path &file, std::span<const std::byte> descriptor,
                                  std::span<const std::byte> records, const LoadLimits &limits);

}  // namespace tenon::detail
