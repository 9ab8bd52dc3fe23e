// Text rendering of `tenon inspect`: one block per plugin, a label column
// then values, hooks as an aligned table. Stable, so people can grep it; use
// --json for anything a program parses.
#include "inspect.hpp"

#include <tenon/abi.h>
#include <tenon/escape.hpp>

#include <algorithm>
#include <cstdio>
#include <utility>
#include <vector>

namespace tenon_cli {
namespace {

// Width of the label column: "description" plus one space.
constexpr std::size_t label_width = 12;
// Width of the dispatch-mode column: "first-claimer".
constexpr std::size_t mode_width = 13;
// Width of the priority column: "normal".
constexpr std::size_t priority_width = 6;

void pad_to(std::string &text, std::size_t width) {
    if (text.size() < width) {
        text.append(width - text.size(), ' ');
    }
}

// Padding the last column would leave trailing blanks; strip them so the
// output is the same whatever optional columns a row has.
void end_line(std::string &out, std::string line) {
    line.erase(line.find_last_not_of(' ') + 1);
    out += line;
    out += '\n';
}

void field(std::string &out, std::string label, std::string_view value) {
    pad_to(label, label_width);
    end_line(out, label + printable(value));
}

// "LABEL COUNT", then one "  NAME  VALUE" line per row, names padded to one column.
void name_table(std::string &out, const char *label, const std::vector<std::pair<std::string, std::string>> &rows) {
    field(out, label, std::to_string(rows.size()));
    std::size_t width = 0;
    for (const auto &[name, value] : rows) {
        width = std::max(width, printable(name).size());
    }
    for (const auto &[name, value] : rows) {
        std::string line = "  " + printable(name);
        pad_to(line, 2 + width + 2);
        end_line(out, line + printable(value));
    }
}

std::string hex32(std::uint32_t value) {
    char text[16];
    std::snprintf(text, sizeof text, "0x%08x", static_cast<unsigned>(value));
    return text;
}

}  // namespace

std::string printable(std::string_view text) {
    return tenon::escape_untrusted(text);
}

std::string inspect_text(const tenon::PluginMetadata &meta, const std::optional<tenon::SignatureInfo> &signature) {
    std::string out;
    field(out, "file", meta.file.string());
    field(out, "plugin", meta.name + " " + meta.version);
    field(out, "interface", meta.interface_id);
    field(out, "description", meta.description);
    field(out, "abi",
          std::to_string(meta.abi_major) + "." + std::to_string(meta.abi_minor) + " (descriptor " +
              std::to_string(meta.descriptor_size) + " bytes)");
    field(out, "signature", signature ? signature->algorithm + " key " + signature->key_id : "none");
    field(out, "hooks", std::to_string(meta.hooks.size()));

    std::size_t name_width = 0;
    std::size_t signature_width = 0;
    for (const tenon::HookMetadata &hook : meta.hooks) {
        name_width = std::max(name_width, printable(hook.name).size());
        signature_width = std::max(signature_width, printable(hook.signature).size());
    }
    for (const tenon::HookMetadata &hook : meta.hooks) {
        std::string line = "  " + printable(hook.name);
        pad_to(line, 2 + name_width + 2);
        line += printable(hook.signature);
        pad_to(line, line.size() + (signature_width - printable(hook.signature).size()) + 2);
        std::string mode = tenon::dispatch_mode_name(hook.mode);
        pad_to(mode, mode_width);
        std::string priority = tenon::priority_name(hook.priority);
        pad_to(priority, priority_width);
        line += mode + "  priority " + priority;
        if ((hook.flags & TENON_HOOK_OPTIONAL) != 0) {
            line += "  optional";
        }
        // Bits from a newer ABI minor: shown raw rather than silently dropped.
        if (const std::uint32_t unknown = hook.flags & ~static_cast<std::uint32_t>(TENON_HOOK_OPTIONAL); unknown != 0) {
            line += "  flags " + hex32(unknown);
        }
        end_line(out, line);
    }

    std::vector<std::pair<std::string, std::string>> rows;
    for (const tenon::ExportMetadata &exported : meta.exports) {
        rows.emplace_back(exported.name, exported.signature);
    }
    name_table(out, "exports", rows);

    rows.clear();
    for (const tenon::EventMetadata &event : meta.events) {
        rows.emplace_back(event.name, event.signature + "  " + tenon::dispatch_mode_name(event.mode));
    }
    name_table(out, "events", rows);

    rows.clear();
    for (const tenon::RequirementMetadata &requirement : meta.requirements) {
        rows.emplace_back(requirement.name,
                          (requirement.range.empty() ? std::string("any version") : requirement.range) +
                              (requirement.if_present ? "  if present" : ""));
    }
    name_table(out, "requires", rows);

    if (!meta.arguments.empty()) {  // ABI 1.1: shown only by plugins that declare some
        rows.clear();
        for (const tenon::ArgumentMetadata &argument : meta.arguments) {
            rows.emplace_back(argument.name, tenon::argument_type_name(argument.type) +
                                                 (argument.required ? "  required" : "") + "  " + argument.description);
        }
        name_table(out, "arguments", rows);
    }

    field(out, "notes", std::to_string(meta.notes.size()));
    for (const std::string &note : meta.notes) {
        end_line(out, "  - " + printable(note));
    }
    return out;
}

}  // namespace tenon_cli
