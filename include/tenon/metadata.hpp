// tenon/metadata.hpp: a plugin's metadata, read from its file without running it.
#pragma once

#include <tenon/error.hpp>
#include <tenon/policy.hpp>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace tenon {

/// One hook implementation as recorded in the plugin file.
struct HookMetadata {
    std::string name;         ///< hook name, e.g. "hello_greet"
    std::string signature;    ///< as spelled by the plugin's header, e.g. "int(const char *)"
    int mode = 0;             ///< enum tenon_dispatch_mode the plugin's header declared
    int priority = 0;         ///< enum tenon_priority
    std::uint32_t flags = 0;  ///< enum tenon_hook_flags
};

/// A function this plugin offers other plugins (TENON_EXPORT).
struct ExportMetadata {
    std::string name;       ///< export name, e.g. "storage_put"
    std::string signature;  ///< as spelled by the provider's header, e.g. "int(const char *)"
};

/// An event this plugin declares and runs (TENON_EVENT).
struct EventMetadata {
    std::string name;       ///< event name, e.g. "packet_seen"
    std::string signature;  ///< the callback's signature as spelled, e.g. "void(void *, int)"
    int mode = 0;           ///< TENON_NOTIFY, TENON_FIRST_CLAIMER or TENON_BROADCAST
    /// TENON_EVENT_SLOT_WHILE_SUBSCRIBED: the runtime keeps the plugin's slot
    /// NULL while the event has no subscriber, so a runner tests for one with a single load.
    bool slot_while_subscribed = false;
};

/// A plugin this one needs (TENON_REQUIRES), as recorded in the file.
struct RequirementMetadata {
    std::string name;   ///< the required plugin's name
    std::string range;  ///< version range as written, e.g. ">=1.2 <2"; empty accepts any version
    /// TENON_REQUIRES_IF_PRESENT: order after it when it is there, not needed otherwise.
    bool if_present = false;
};

/// An argument the plugin accepts from its host (TENON_ARGUMENT), as recorded in the file.
struct ArgumentMetadata {
    std::string name;         ///< e.g. "depth"; "*" for TENON_ANY_ARGUMENTS
    std::string description;  ///< one line
    int type = 0;             ///< enum tenon_argument_type
    bool required = false;    ///< TENON_REQUIRED_ARGUMENT
};

/// "string", "bool", "int" or "any" (enum tenon_argument_type), else "type N".
std::string argument_type_name(int type);

/// Everything a plugin file says about itself. A plain value: owns its strings.
struct PluginMetadata {
    std::filesystem::path file;
    std::string name;
    std::string version;                  ///< semantic version "MAJOR.MINOR.PATCH[-pre][+build]"
    std::string interface_id;             ///< as written, e.g. "hello/1"
    std::string interface_name;           ///< "hello"
    std::uint32_t interface_version = 0;  ///< 1
    std::string description;
    std::uint16_t abi_major = 0;
    std::uint16_t abi_minor = 0;
    std::uint32_t descriptor_size = 0;              ///< bytes of descriptor the plugin was built with
    std::vector<HookMetadata> hooks;                ///< sorted by name (the file's order varies by compiler)
    std::vector<ExportMetadata> exports;            ///< sorted by name
    std::vector<EventMetadata> events;              ///< sorted by name
    std::vector<RequirementMetadata> requirements;  ///< sorted by name
    std::vector<ArgumentMetadata> arguments;        ///< sorted by name (ABI 1.1)
    std::vector<std::string> notes;  ///< things tolerated for compatibility (unknown newer fields, records)
};

/// "first-claimer", "broadcast", "parallel" or "notify" (enum tenon_dispatch_mode), else "mode N".
std::string dispatch_mode_name(int mode);
/// "first", "normal" or "last" (enum tenon_priority), else "priority N".
std::string priority_name(int priority);

/// Reads and structurally validates the metadata embedded in `file`: the ELF
/// header (class, byte order, machine, type, table sizes), where the Tenon
/// sections lie, the descriptor (magic, size, ABI major, strings, version
/// formats) and every record, each within `limits`. It opens the file once
/// and never maps it for execution, so no plugin code runs.
///
/// It does not judge the plugin against a host (interface, hook
/// declarations, trust policy, signature); the loader does that.
/// Thread-safe: touches no shared state. Fails with the Errc of the first
/// problem and a message naming the file (escaped), the field, what was
/// expected and what was found.
Result<PluginMetadata> read_plugin_metadata(const std::filesystem::path &file, const LoadLimits &limits = {});

/// The order a load of `plugins` (in load order: files as listed,
/// directories in byte order of file name) would initialise them in, judged
/// by their requirements alone. A plain value.
struct DependencyPlan {
    std::vector<std::size_t> order;  ///< indexes into the input, in init order
    std::vector<Error> errors;       ///< one per plugin left out, in input order
};

/// Orders `plugins` by the loader's own rule: each after the plugins it
/// requires; among plugins ready together, the earlier in the input first.
/// A plugin is left out, with the loader's message, when its name was taken
/// by an earlier one (Errc::duplicate_plugin), or a plugin it requires is
/// missing, out of range, in a cycle with it or itself left out. Nothing
/// else is judged (no host interface, no files read), so a load may refuse
/// more. Thread-safe; linear in plugins and requirements, but for cycles.
DependencyPlan plan_dependencies(const std::vector<PluginMetadata> &plugins);

}  // namespace tenon
