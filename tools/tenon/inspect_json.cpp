// JSON rendering of `tenon inspect --json`: the stable, machine-readable form.
#include "inspect.hpp"

#include <tenon/abi.h>

namespace tenon_cli {

nlohmann::ordered_json inspect_json(const tenon::PluginMetadata &meta,
                                    const std::optional<tenon::SignatureInfo> &signature) {
    auto hooks = nlohmann::ordered_json::array();
    for (const tenon::HookMetadata &hook : meta.hooks) {
        hooks.push_back({
            {"name", hook.name},
            {"signature", hook.signature},
            {"mode", tenon::dispatch_mode_name(hook.mode)},
            {"priority", tenon::priority_name(hook.priority)},
            {"optional", (hook.flags & TENON_HOOK_OPTIONAL) != 0},
        });
    }
    auto exports = nlohmann::ordered_json::array();
    for (const tenon::ExportMetadata &exported : meta.exports) {
        exports.push_back({{"name", exported.name}, {"signature", exported.signature}});
    }
    auto events = nlohmann::ordered_json::array();
    for (const tenon::EventMetadata &event : meta.events) {
        events.push_back(
            {{"name", event.name}, {"signature", event.signature}, {"mode", tenon::dispatch_mode_name(event.mode)}});
    }
    auto requirements = nlohmann::ordered_json::array();
    for (const tenon::RequirementMetadata &requirement : meta.requirements) {
        nlohmann::ordered_json entry = {{"name", requirement.name}, {"range", requirement.range}};
        if (requirement.if_present) {  // ABI 1.1: only on requirements of TENON_REQUIRES_IF_PRESENT
            entry["if_present"] = true;
        }
        requirements.push_back(std::move(entry));
    }
    nlohmann::ordered_json object = {
        {"name", meta.name},
        {"version", meta.version},
        {"interface", {{"id", meta.interface_id}, {"name", meta.interface_name}, {"version", meta.interface_version}}},
        {"description", meta.description},
        {"abi", {{"major", meta.abi_major}, {"minor", meta.abi_minor}}},
        {"descriptor_size", meta.descriptor_size},
        {"signature", signature
                          ? nlohmann::ordered_json{{"algorithm", signature->algorithm}, {"key_id", signature->key_id}}
                          : nlohmann::ordered_json()},
        {"hooks", std::move(hooks)},
        {"exports", std::move(exports)},
        {"events", std::move(events)},
        {"requires", std::move(requirements)},
        {"notes", meta.notes},
        {"file", meta.file.string()},
    };
    if (!meta.arguments.empty()) {  // ABI 1.1: only for plugins that declare some, after "requires"
        auto arguments = nlohmann::ordered_json::array();
        for (const tenon::ArgumentMetadata &argument : meta.arguments) {
            arguments.push_back({{"name", argument.name},
                                 {"type", tenon::argument_type_name(argument.type)},
                                 {"required", argument.required},
                                 {"description", argument.description}});
        }
        object.erase("notes");
        object.erase("file");
        object["arguments"] = std::move(arguments);
        object["notes"] = meta.notes;
        object["file"] = meta.file.string();
    }
    return object;
}

}  // namespace tenon_cli
