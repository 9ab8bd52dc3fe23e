// Decodes and validates the descriptor and records of one plugin from raw
// bytes. The same code reads the bytes copied from the file (before dlopen)
// and the bytes mapped in memory (after), so what runs is what was checked.
#pragma once

#include <tenon/abi.h>
#include <tenon/metadata.hpp>

#include <cstddef>
#include <filesystem>
#include <span>
#include <vector>

namespace tenon::detail {

/// Metadata plus the pointers the descriptor and records hold. The pointers
/// are only meaningful when the bytes came from the mapped library.
struct ParsedPlugin {
    PluginMetadata metadata;
    tenon_init_fn init = nullptr;
    tenon_exit_fn exit = nullptr;
    const tenon_services **services_slot = nullptr;
    std::vector<tenon_fn_ptr> hook_functions;    ///< parallel to metadata.hooks
    std::vector<tenon_fn_ptr> export_functions;  ///< parallel to metadata.exports
    std::vector<void **> event_slots;            ///< parallel to metadata.events
};

/// Validates and decodes. `records` may be empty (a plugin with no hooks).
/// Fails on the first problem with a message naming `file` and the field.
Result<ParsedPlugin> parse_plugin(const std::filesystem::path &file, std::span<const std::byte> descriptor,
                                  std::span<const std::byte> records);

/// True when two parses describe the same plugin (pointers are not compared).
bool same_metadata(const PluginMetadata &a, const PluginMetadata &b);

}  // namespace tenon::detail
