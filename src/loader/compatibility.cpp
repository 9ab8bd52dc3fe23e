#include "loader/compatibility.hpp"

#include "common/diagnostic.hpp"
#include "common/signature.hpp"

namespace tenon::detail {

Result<HookBindings> check_compatibility(const PluginMetadata &plugin, const HostConfig &host,
                                         const std::vector<DeclaredHook> &hooks, const HookIndex &index) {
    const auto &file = plugin.file;
    if (plugin.interface_name != host.interface_name) {
        return mismatch(Errc::interface_mismatch, file, "field 'interface' name", single_quoted(host.interface_name),
                        single_quoted(plugin.interface_name) + " (from " + single_quoted(plugin.interface_id) + ")");
    }
    if (plugin.interface_version > host.interface_version) {
        return mismatch(Errc::interface_too_new, file, "field 'interface' version",
                        "at most " + std::to_string(host.interface_version) + " (this host speaks " +
                            host.interface_name + "/" + std::to_string(host.interface_version) + ")",
                        std::to_string(plugin.interface_version));
    }
    if (plugin.interface_version < host.min_interface_version) {
        return mismatch(
            Errc::interface_too_old, file, "field 'interface' version",
            "at least " + std::to_string(host.min_interface_version) + " (the oldest this host still accepts)",
            std::to_string(plugin.interface_version));
    }

    HookBindings bindings;
    for (const HookMetadata &hook : plugin.hooks) {
        const std::string subject = "hook '" + hook.name + "'";
        const auto found = index.find(hook.name);
        if (found == index.end()) {
            if ((hook.flags & TENON_HOOK_OPTIONAL) != 0) {
                bindings.host_hook_index.push_back(HookBindings::skipped);
                bindings.debug_notes.push_back(subject + " is optional and this host does not declare it; skipped");
                continue;
            }
            return mismatch(
                Errc::unknown_hook, file, subject,
                "a hook declared by interface " + host.interface_name + "/" + std::to_string(host.interface_version),
                "no such hook (mark the implementation TENON_HOOK_OPTIONAL to allow this)");
        }
        const DeclaredHook &declared = hooks[found->second];
        if (canonical_signature(hook.signature) != declared.canonical_signature) {
            return mismatch(Errc::signature_mismatch, file, subject + ": signature",
                            single_quoted(declared.decl.signature), single_quoted(hook.signature));
        }
        // A parallel hook also takes handlers registered for broadcast: both
        // mean "every handler runs, errors are gathered" (CRIU's POST_FORKING).
        const bool broadcast_in_parallel = declared.decl.mode == TENON_PARALLEL && hook.mode == TENON_BROADCAST;
        if (hook.mode != declared.decl.mode && !broadcast_in_parallel) {
            return mismatch(Errc::dispatch_mode_mismatch, file, subject + ": dispatch mode",
                            dispatch_mode_name(declared.decl.mode), dispatch_mode_name(hook.mode));
        }
        bindings.host_hook_index.push_back(found->second);
    }
    return bindings;
}

}  // namespace tenon::detail
