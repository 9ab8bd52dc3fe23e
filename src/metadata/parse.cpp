#include "metadata/parse.hpp"

#include "common/diagnostic.hpp"
#include "common/signature.hpp"
#include "common/versions.hpp"

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <map>
#include <string>
#include <tuple>

namespace tenon::detail {
namespace {

std::string hex32(std::uint32_t value) {
    char text[16];
    std::snprintf(text, sizeof text, "0x%08" PRIx32, value);
    return text;
}

// Copies the first min(declared, sizeof(T)) bytes and zero-fills the rest:
// older, smaller structs load; newer fields beyond sizeof(T) are ignored.
template <typename T>
T read_prefix(std::span<const std::byte> bytes, std::size_t declared) {
    T value;
    std::memset(&value, 0, sizeof value);
    std::memcpy(&value, bytes.data(), std::min({declared, sizeof value, bytes.size()}));
    return value;
}

// What each kind of string may be at most, and the LoadLimits member that says so.
struct StringLimit {
    std::uint32_t bytes;
    const char *member;
};

// Reads the NUL-terminated string at `offset` of a string block.
class StringBlock {
public:
    StringBlock(const std::filesystem::path &file, std::string prefix, std::span<const std::byte> block)
        : file_(file), prefix_(std::move(prefix)), block_(block) {}

    Error read(const char *field, std::uint32_t offset, const StringLimit &limit, std::string &out) const {
        if (offset >= block_.size()) {
            return mismatch(Errc::malformed_metadata, file_, prefix_ + "field '" + field + "' string offset",
                            "below " + std::to_string(block_.size()) + " (the string block size)",
                            std::to_string(offset));
        }
        const auto *begin = reinterpret_cast<const char *>(block_.data()) + offset;
        const auto *end = static_cast<const char *>(std::memchr(begin, '\0', block_.size() - offset));
        if (end == nullptr) {
            return mismatch(Errc::malformed_metadata, file_, prefix_ + "field '" + field + "'",
                            "a NUL-terminated string inside the string block", "no terminator");
        }
        if (static_cast<std::size_t>(end - begin) > limit.bytes) {
            return mismatch(
                Errc::limit_exceeded, file_, prefix_ + "field '" + field + "' length",
                "at most " + std::to_string(limit.bytes) + " bytes (HostConfig::limits." + limit.member + ")",
                std::to_string(end - begin) + " bytes");
        }
        out.assign(begin, end);
        return {};
    }

private:
    const std::filesystem::path &file_;
    std::string prefix_;
    std::span<const std::byte> block_;
};

// One parse: the file, its limits, and the names seen so far of each kind.
struct ParseContext {
    ParseContext(const std::filesystem::path &parsed_file, const LoadLimits &load_limits)
        : file(parsed_file), limits(load_limits) {}

    const std::filesystem::path &file;
    const LoadLimits &limits;
    StringLimit name{limits.max_name_length, "max_name_length"};
    StringLimit version{limits.max_version_length, "max_version_length"};
    StringLimit signature{limits.max_signature_length, "max_signature_length"};
    StringLimit description{limits.max_description_length, "max_description_length"};
    /// Conditional exports and events seen so far, by name, with their
    /// signatures: the copies that each source file of a plugin emits are one.
    std::map<std::string, std::string> conditional_exports;
    std::map<std::string, std::string> conditional_events;
};

// A conditional record (TENON_RECORD_EXPORT_IF_PROVIDER, TENON_EVENT_IF_CREATED)
// of a name already seen: the same declaration again (true, to be skipped),
// or a refusal when it disagrees. False for a name not seen yet.
Result<bool> repeated_conditional(std::map<std::string, std::string> &seen, const std::filesystem::path &file,
                                  const std::string &subject, const std::string &name, const std::string &signature) {
    const auto [it, fresh] = seen.emplace(name, signature);
    if (fresh) {
        return false;
    }
    if (canonical_signature(it->second) != canonical_signature(signature)) {
        return mismatch(Errc::malformed_metadata, file, subject + "field 'signature'",
                        single_quoted(it->second) + " (as an earlier record of that name declares)",
                        single_quoted(signature));
    }
    return true;
}

Error parse_descriptor(const ParseContext &context, std::span<const std::byte> bytes, ParsedPlugin &out) {
    const std::filesystem::path &file = context.file;
    PluginMetadata &meta = out.metadata;
    if (bytes.size() < 2 * sizeof(std::uint32_t)) {
        return mismatch(Errc::malformed_metadata, file, "section '" TENON_DESCRIPTOR_SECTION "' size",
                        "at least 8 bytes", std::to_string(bytes.size()) + " bytes");
    }
    std::uint32_t head[2];
    std::memcpy(head, bytes.data(), sizeof head);
    if (head[0] != TENON_DESCRIPTOR_MAGIC) {
        return mismatch(Errc::bad_magic, file, "field 'magic'", hex32(TENON_DESCRIPTOR_MAGIC), hex32(head[0]));
    }
    const std::uint32_t size = head[1];
    if (size < TENON_DESCRIPTOR_MIN_SIZE || size > bytes.size()) {
        return mismatch(Errc::malformed_metadata, file, "field 'size'",
                        "between " + std::to_string(TENON_DESCRIPTOR_MIN_SIZE) + " and " +
                            std::to_string(bytes.size()) + " (the section size)",
                        std::to_string(size));
    }
    const auto descriptor = read_prefix<tenon_descriptor>(bytes, size);
    meta.descriptor_size = size;
    meta.abi_major = descriptor.abi_major;
    meta.abi_minor = descriptor.abi_minor;
    if (descriptor.abi_major != TENON_ABI_MAJOR) {
        return mismatch(Errc::abi_incompatible, file, "field 'abi_major'", std::to_string(TENON_ABI_MAJOR),
                        std::to_string(descriptor.abi_major) + " (the plugin was built for Tenon ABI " +
                            std::to_string(descriptor.abi_major) + "." + std::to_string(descriptor.abi_minor) + ")");
    }
    if (descriptor.abi_minor > TENON_ABI_MINOR) {
        meta.notes.push_back("built for ABI " + std::to_string(descriptor.abi_major) + "." +
                             std::to_string(descriptor.abi_minor) + ", newer than this host's " +
                             std::to_string(TENON_ABI_MAJOR) + "." + std::to_string(TENON_ABI_MINOR) +
                             "; fields this host does not know are ignored");
    }
    if (descriptor.strings_size > bytes.size() - size) {
        return mismatch(Errc::malformed_metadata, file, "field 'strings_size'",
                        "at most " + std::to_string(bytes.size() - size) + " (the bytes after the descriptor)",
                        std::to_string(descriptor.strings_size));
    }
    const StringBlock strings(file, "", bytes.subspan(size, descriptor.strings_size));
    for (const auto &[field, offset, limit, target] :
         {std::tuple{"name", descriptor.name, &context.name, &meta.name},
          std::tuple{"version", descriptor.version, &context.version, &meta.version},
          std::tuple{"interface", descriptor.interface_id, &context.name, &meta.interface_id},
          std::tuple{"description", descriptor.description, &context.description, &meta.description}}) {
        if (Error error = strings.read(field, offset, *limit, *target); error.code != Errc::ok) {
            return error;
        }
    }
    if (!is_valid_name(meta.name)) {
        return mismatch(Errc::malformed_metadata, file, "field 'name'", "a non-empty name of letters, digits and ._+-",
                        single_quoted(meta.name));
    }
    if (SemanticVersion version; !parse_semantic_version(meta.version, version)) {
        return mismatch(Errc::malformed_metadata, file, "field 'version'", "a semantic version MAJOR.MINOR.PATCH",
                        single_quoted(meta.version));
    }
    if (!parse_interface_id(meta.interface_id, meta.interface_name, meta.interface_version)) {
        return mismatch(Errc::malformed_metadata, file, "field 'interface'", "'NAME/VERSION' such as 'hello/1'",
                        single_quoted(meta.interface_id));
    }
    out.init = {false, offsetof(tenon_descriptor, init)};
    out.exit = {false, offsetof(tenon_descriptor, exit)};
    if (size >= offsetof(tenon_descriptor, services_slot) + sizeof descriptor.services_slot) {
        out.services_slot = PointerField{false, offsetof(tenon_descriptor, services_slot)};
    }
    return {};
}

// The part every record kind shares: at least sizeof(T) bytes, a fixed part
// of `fixed_size` bytes (never smaller than T as ABI 1.0 defined it), then
// strings. Fills `fixed` (zero-extended if the record's fixed part is older).
template <typename T>
Error read_record(const std::filesystem::path &file, const std::string &where, const char *kind,
                  std::span<const std::byte> record, T &fixed, std::span<const std::byte> &strings) {
    constexpr std::uint32_t min_size = sizeof(T);
    if (record.size() < min_size) {
        return mismatch(Errc::malformed_metadata, file, where + "field 'size'",
                        "at least " + std::to_string(min_size) + " for " + kind, std::to_string(record.size()));
    }
    std::uint32_t fixed_size = 0;
    std::memcpy(&fixed_size, record.data() + offsetof(T, fixed_size), sizeof fixed_size);
    if (fixed_size < min_size || fixed_size > record.size()) {
        return mismatch(
            Errc::malformed_metadata, file, where + "field 'fixed_size'",
            "between " + std::to_string(min_size) + " and " + std::to_string(record.size()) + " (the record size)",
            std::to_string(fixed_size));
    }
    fixed = read_prefix<T>(record, fixed_size);
    strings = record.subspan(fixed_size);
    return {};
}

Error parse_hook(ParseContext &context, std::size_t offset, std::span<const std::byte> record, ParsedPlugin &out) {
    const std::filesystem::path &file = context.file;
    const std::string where = "record at offset " + std::to_string(offset) + ": ";
    tenon_hook_record hook{};
    std::span<const std::byte> string_block;
    if (Error error = read_record(file, where, "a hook record", record, hook, string_block); error.code != Errc::ok) {
        return error;
    }
    const StringBlock strings(file, where, string_block);
    HookMetadata meta;
    if (Error error = strings.read("name", hook.name, context.name, meta.name); error.code != Errc::ok) {
        return error;
    }
    if (Error error = strings.read("signature", hook.signature, context.signature, meta.signature);
        error.code != Errc::ok) {
        return error;
    }
    if (!is_valid_name(meta.name)) {
        return mismatch(Errc::malformed_metadata, file, where + "field 'name'",
                        "a non-empty hook name of letters, digits and ._+-", single_quoted(meta.name));
    }
    const std::string subject = "hook '" + meta.name + "': ";
    if (hook.mode != TENON_FIRST_CLAIMER && hook.mode != TENON_BROADCAST && hook.mode != TENON_PARALLEL) {
        return mismatch(Errc::malformed_metadata, file, subject + "field 'mode'",
                        "first-claimer (1), broadcast (2) or parallel (3)", std::to_string(hook.mode));
    }
    if (hook.priority > TENON_PRIORITY_LAST) {
        return mismatch(Errc::malformed_metadata, file, subject + "field 'priority'",
                        "first (0), normal (1) or last (2)", std::to_string(hook.priority));
    }
    meta.mode = hook.mode;
    meta.priority = hook.priority;
    meta.flags = hook.flags;
    out.metadata.hooks.push_back(std::move(meta));
    out.hook_functions.push_back({true, offset + offsetof(tenon_hook_record, fn)});
    return {};
}

Error parse_require(ParseContext &context, std::size_t offset, std::span<const std::byte> record, ParsedPlugin &out) {
    const std::filesystem::path &file = context.file;
    const std::string where = "record at offset " + std::to_string(offset) + ": ";
    tenon_require_record require{};
    std::span<const std::byte> string_block;
    if (Error error = read_record(file, where, "a requirement record", record, require, string_block);
        error.code != Errc::ok) {
        return error;
    }
    const StringBlock strings(file, where, string_block);
    RequirementMetadata meta;
    if (Error error = strings.read("name", require.name, context.name, meta.name); error.code != Errc::ok) {
        return error;
    }
    if (Error error = strings.read("range", require.range, context.version, meta.range); error.code != Errc::ok) {
        return error;
    }
    if (!is_valid_name(meta.name)) {
        return mismatch(Errc::malformed_metadata, file, where + "field 'name'",
                        "a non-empty plugin name of letters, digits and ._+-", single_quoted(meta.name));
    }
    const std::string subject = "requirement '" + meta.name + "': ";
    if (VersionRange range; !parse_version_range(meta.range, range)) {
        return mismatch(Errc::malformed_metadata, file, subject + "field 'range'",
                        "space-separated comparators such as '>=1.2 <2'", single_quoted(meta.range));
    }
    // Before ABI 1.1 the field was reserved and written as zero; a bit from a newer minor is refused, as
    // skipping it could drop an ordering the plugin relies on.
    if ((require.flags & ~static_cast<std::uint32_t>(TENON_REQUIRE_IF_PRESENT)) != 0) {
        return mismatch(Errc::malformed_metadata, file, subject + "field 'flags'", "0 or TENON_REQUIRE_IF_PRESENT (1)",
                        std::to_string(require.flags));
    }
    meta.if_present = (require.flags & TENON_REQUIRE_IF_PRESENT) != 0;
    out.metadata.requirements.push_back(std::move(meta));
    return {};
}

Error parse_argument(ParseContext &context, std::size_t offset, std::span<const std::byte> record, ParsedPlugin &out) {
    const std::filesystem::path &file = context.file;
    const std::string where = "record at offset " + std::to_string(offset) + ": ";
    tenon_argument_record argument{};
    std::span<const std::byte> string_block;
    if (Error error = read_record(file, where, "an argument record", record, argument, string_block);
        error.code != Errc::ok) {
        return error;
    }
    const StringBlock strings(file, where, string_block);
    ArgumentMetadata meta;
    if (Error error = strings.read("name", argument.name, context.name, meta.name); error.code != Errc::ok) {
        return error;
    }
    if (Error error = strings.read("description", argument.description, context.description, meta.description);
        error.code != Errc::ok) {
        return error;
    }
    const bool any = argument.type == TENON_ARG_ANY;
    if (any ? meta.name != "*" : !is_valid_name(meta.name)) {
        return mismatch(Errc::malformed_metadata, file, where + "field 'name'",
                        any ? std::string("'*' (type any)") : "a non-empty argument name of letters, digits and ._+-",
                        single_quoted(meta.name));
    }
    const std::string subject = "argument '" + meta.name + "': ";
    if (argument.type < TENON_ARG_STRING || argument.type > TENON_ARG_ANY) {
        return mismatch(Errc::malformed_metadata, file, subject + "field 'type'",
                        "string (1), bool (2), int (3) or any (4)", std::to_string(argument.type));
    }
    if ((argument.flags & ~static_cast<unsigned>(TENON_ARG_REQUIRED)) != 0 ||
        (any && (argument.flags & TENON_ARG_REQUIRED) != 0)) {
        return mismatch(Errc::malformed_metadata, file, subject + "field 'flags'",
                        any ? std::string("0 (type any cannot be required)") : "0 or TENON_ARG_REQUIRED (1)",
                        std::to_string(argument.flags));
    }
    meta.type = argument.type;
    meta.required = (argument.flags & TENON_ARG_REQUIRED) != 0;
    out.metadata.arguments.push_back(std::move(meta));
    return {};
}

Error parse_export(ParseContext &context, std::size_t offset, std::span<const std::byte> record, bool conditional,
                   ParsedPlugin &out) {
    const std::filesystem::path &file = context.file;
    const std::string where = "record at offset " + std::to_string(offset) + ": ";
    tenon_export_record exported{};
    std::span<const std::byte> string_block;
    if (Error error = read_record(file, where, "an export record", record, exported, string_block);
        error.code != Errc::ok) {
        return error;
    }
    const StringBlock strings(file, where, string_block);
    ExportMetadata meta;
    std::string provider;
    for (const auto &[field, string_offset, limit, target] :
         {std::tuple{"name", exported.name, &context.name, &meta.name},
          std::tuple{"signature", exported.signature, &context.signature, &meta.signature},
          std::tuple{"provider", exported.provider, &context.name, &provider}}) {
        if (Error error = strings.read(field, string_offset, *limit, *target); error.code != Errc::ok) {
            return error;
        }
    }
    if (!is_valid_name(meta.name)) {
        return mismatch(Errc::malformed_metadata, file, where + "field 'name'",
                        "a non-empty export name of letters, digits and ._+-", single_quoted(meta.name));
    }
    const std::string subject = "export '" + meta.name + "': ";
    if (conditional) {
        if (provider != out.metadata.name) {
            return {};  // another plugin's function, declared by a header this plugin includes
        }
        auto repeated = repeated_conditional(context.conditional_exports, file, subject, meta.name, meta.signature);
        if (!repeated) {
            return repeated.error();
        }
        if (*repeated) {
            return {};
        }
    }
    // The declaration a consumer imports through names this provider; a plugin
    // exporting under another plugin's name could never be found.
    if (provider != out.metadata.name) {
        return mismatch(Errc::malformed_metadata, file, subject + "field 'provider'",
                        single_quoted(out.metadata.name) + " (this plugin's name)", single_quoted(provider));
    }
    out.metadata.exports.push_back(std::move(meta));
    out.export_functions.push_back({true, offset + offsetof(tenon_export_record, fn)});
    return {};
}

Error parse_event(ParseContext &context, std::size_t offset, std::span<const std::byte> record, ParsedPlugin &out) {
    const std::filesystem::path &file = context.file;
    const std::string where = "record at offset " + std::to_string(offset) + ": ";
    tenon_event_record event{};
    std::span<const std::byte> string_block;
    if (Error error = read_record(file, where, "an event record", record, event, string_block);
        error.code != Errc::ok) {
        return error;
    }
    const StringBlock strings(file, where, string_block);
    EventMetadata meta;
    std::string provider;
    for (const auto &[field, string_offset, limit, target] :
         {std::tuple{"name", event.name, &context.name, &meta.name},
          std::tuple{"signature", event.signature, &context.signature, &meta.signature},
          std::tuple{"provider", event.provider, &context.name, &provider}}) {
        if (Error error = strings.read(field, string_offset, *limit, *target); error.code != Errc::ok) {
            return error;
        }
    }
    if (!is_valid_name(meta.name)) {
        return mismatch(Errc::malformed_metadata, file, where + "field 'name'",
                        "a non-empty event name of letters, digits and ._+-", single_quoted(meta.name));
    }
    const std::string subject = "event '" + meta.name + "': ";
    // A conditional event belongs to the plugin that defines its slot: a
    // shared header that cannot know that plugin's name may leave it empty.
    const bool own_by_slot = (event.flags & TENON_EVENT_IF_CREATED) != 0 && provider.empty();
    if (provider != out.metadata.name && !own_by_slot) {
        return mismatch(Errc::malformed_metadata, file, subject + "field 'provider'",
                        single_quoted(out.metadata.name) + " (this plugin's name)", single_quoted(provider));
    }
    constexpr unsigned known_flags = TENON_EVENT_IF_CREATED | TENON_EVENT_SLOT_WHILE_SUBSCRIBED;
    if ((event.flags & ~known_flags) != 0) {
        return mismatch(Errc::malformed_metadata, file, subject + "field 'flags'",
                        "a combination of TENON_EVENT_IF_CREATED (1) and TENON_EVENT_SLOT_WHILE_SUBSCRIBED (2)",
                        std::to_string(event.flags));
    }
    const bool conditional = (event.flags & TENON_EVENT_IF_CREATED) != 0;
    meta.slot_while_subscribed = (event.flags & TENON_EVENT_SLOT_WHILE_SUBSCRIBED) != 0;
    if (conditional) {
        auto repeated = repeated_conditional(context.conditional_events, file, subject, meta.name, meta.signature);
        if (!repeated) {
            return repeated.error();
        }
        if (*repeated) {
            return {};
        }
    }
    if (event.mode != TENON_NOTIFY && event.mode != TENON_FIRST_CLAIMER && event.mode != TENON_BROADCAST) {
        return mismatch(Errc::malformed_metadata, file, subject + "field 'mode'",
                        "notify (4), first-claimer (1) or broadcast (2)", std::to_string(event.mode));
    }
    // Folding results needs an int, as for hooks; only notify events may return anything else.
    if (event.mode != TENON_NOTIFY && canonical_signature(meta.signature).rfind("int(", 0) != 0) {
        return mismatch(Errc::malformed_metadata, file, subject + "field 'signature'",
                        "a callback returning int (mode " + dispatch_mode_name(event.mode) + ")",
                        single_quoted(meta.signature));
    }
    meta.mode = event.mode;
    out.metadata.events.push_back(std::move(meta));
    out.event_slots.push_back({true, offset + offsetof(tenon_event_record, slot), conditional});
    return {};
}

Error parse_records(ParseContext &context, std::span<const std::byte> bytes, ParsedPlugin &out) {
    const std::filesystem::path &file = context.file;
    std::size_t offset = 0;
    std::size_t count = 0;
    while (offset < bytes.size()) {
        const std::size_t remaining = bytes.size() - offset;
        tenon_record_header header{};
        std::memcpy(&header, bytes.data() + offset, std::min(sizeof header, remaining));
        if (header.kind == 0 && header.size == 0) {
            offset += std::min<std::size_t>(8, remaining);  // alignment padding between records
            continue;
        }
        if (header.size < sizeof header || header.size % 8 != 0 || header.size > remaining) {
            return mismatch(Errc::malformed_metadata, file,
                            "record at offset " + std::to_string(offset) + ": field 'size'",
                            "a multiple of 8 between 8 and " + std::to_string(remaining), std::to_string(header.size));
        }
        if (++count > context.limits.max_records) {
            return mismatch(
                Errc::limit_exceeded, file, "section '" TENON_RECORDS_SECTION "' records",
                "at most " + std::to_string(context.limits.max_records) + " (HostConfig::limits.max_records)",
                "more (record " + std::to_string(count) + " at offset " + std::to_string(offset) + ")");
        }
        const auto record = bytes.subspan(offset, header.size);
        if (header.kind == TENON_RECORD_HOOK) {
            if (Error error = parse_hook(context, offset, record, out); error.code != Errc::ok) {
                return error;
            }
        } else if (header.kind == TENON_RECORD_EXPORT || header.kind == TENON_RECORD_EXPORT_IF_PROVIDER) {
            const bool conditional = header.kind == TENON_RECORD_EXPORT_IF_PROVIDER;
            if (Error error = parse_export(context, offset, record, conditional, out); error.code != Errc::ok) {
                return error;
            }
        } else if (header.kind == TENON_RECORD_EVENT) {
            if (Error error = parse_event(context, offset, record, out); error.code != Errc::ok) {
                return error;
            }
        } else if (header.kind == TENON_RECORD_ARGUMENT) {
            if (Error error = parse_argument(context, offset, record, out); error.code != Errc::ok) {
                return error;
            }
        } else if (header.kind == TENON_RECORD_REQUIRE) {
            if (Error error = parse_require(context, offset, record, out); error.code != Errc::ok) {
                return error;
            }
        } else {
            out.metadata.notes.push_back("skipped a record of unknown kind " + hex32(header.kind) + " at offset " +
                                         std::to_string(offset) + " (not defined by ABI " +
                                         std::to_string(TENON_ABI_MAJOR) + "." + std::to_string(TENON_ABI_MINOR) +
                                         ", which this host implements)");
        }
        offset += header.size;
    }
    return {};
}

// Sorts `items` by name and applies the same permutation to `functions`.
template <typename Item, typename Pointer>
void sort_with_functions(std::vector<Item> &items, std::vector<Pointer> &functions) {
    if (items.size() < 2) {
        return;
    }
    std::vector<std::size_t> order(items.size());
    for (std::size_t i = 0; i < order.size(); ++i) {
        order[i] = i;
    }
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return items[a].name < items[b].name; });
    std::vector<Item> sorted_items;
    std::vector<Pointer> sorted_functions;
    for (std::size_t i : order) {
        sorted_items.push_back(std::move(items[i]));
        sorted_functions.push_back(functions[i]);
    }
    items = std::move(sorted_items);
    functions = std::move(sorted_functions);
}

// Compilers lay out records in different orders (GCC -O2 reverses a
// translation unit), so the file order means nothing: present records by name.
void sort_by_name(ParsedPlugin &parsed) {
    sort_with_functions(parsed.metadata.hooks, parsed.hook_functions);
    sort_with_functions(parsed.metadata.exports, parsed.export_functions);
    sort_with_functions(parsed.metadata.events, parsed.event_slots);
    std::sort(parsed.metadata.requirements.begin(), parsed.metadata.requirements.end(),
              [](const RequirementMetadata &a, const RequirementMetadata &b) { return a.name < b.name; });
    std::sort(parsed.metadata.arguments.begin(), parsed.metadata.arguments.end(),
              [](const ArgumentMetadata &a, const ArgumentMetadata &b) { return a.name < b.name; });
}

// The first name that two entries of a sorted list share, or nullptr: linear,
// where a check of each new name against every earlier one was quadratic.
template <typename Item>
const std::string *first_duplicate(const std::vector<Item> &sorted) {
    for (std::size_t i = 1; i < sorted.size(); ++i) {
        if (sorted[i].name == sorted[i - 1].name) {
            return &sorted[i].name;
        }
    }
    return nullptr;
}

Error find_duplicates(const std::filesystem::path &file, const PluginMetadata &meta) {
    if (const std::string *name = first_duplicate(meta.hooks)) {
        return mismatch(Errc::duplicate_hook, file, "hook '" + *name + "': registrations", "one per plugin", "two");
    }
    if (const std::string *name = first_duplicate(meta.exports)) {
        return mismatch(Errc::malformed_metadata, file, "export '" + *name + "': registrations", "one per plugin",
                        "two");
    }
    if (const std::string *name = first_duplicate(meta.events)) {
        return mismatch(Errc::malformed_metadata, file, "event '" + *name + "': registrations", "one per plugin",
                        "two");
    }
    if (const std::string *name = first_duplicate(meta.requirements)) {
        return mismatch(Errc::malformed_metadata, file, "requirement '" + *name + "': declarations",
                        "one per required plugin", "two");
    }
    if (const std::string *name = first_duplicate(meta.arguments)) {
        return mismatch(Errc::malformed_metadata, file, "argument '" + *name + "': declarations",
                        "one per argument name", "two");
    }
    return {};
}

}  // namespace

Result<ParsedPlugin> parse_plugin(const std::filesystem::path &file, std::span<const std::byte> descriptor,
                                  std::span<const std::byte> records, const LoadLimits &limits) {
    ParsedPlugin parsed;
    parsed.metadata.file = file;
    ParseContext context(file, limits);
    if (Error error = parse_descriptor(context, descriptor, parsed); error.code != Errc::ok) {
        return error;
    }
    if (Error error = parse_records(context, records, parsed); error.code != Errc::ok) {
        return error;
    }
    sort_by_name(parsed);
    if (Error error = find_duplicates(file, parsed.metadata); error.code != Errc::ok) {
        return error;
    }
    return parsed;
}

}  // namespace tenon::detail
