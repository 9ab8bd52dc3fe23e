// Judges a plugin's metadata against the host that is loading it.
#pragma once

#include "metadata/parse.hpp"

#include <tenon/host.hpp>

#include <cstddef>
#include <string>
#include <unordered_map>
#include <vector>

namespace tenon::detail {

/// A host hook declaration with its canonical signature precomputed.
struct DeclaredHook {
    HookDecl decl;
    std::string canonical_signature;
};

/// For each hook record of the plugin: the index of the host's hook it binds
/// to, or `skipped` for an optional hook the host does not declare.
struct HookBindings {
    static constexpr std::size_t skipped = static_cast<std::size_t>(-1);
    std::vector<std::size_t> host_hook_index;
    std::vector<std::string> debug_notes;  ///< one per skipped optional hook
};

/// The index in the host's hooks of each hook name, built once per Host.
using HookIndex = std::unordered_map<std::string, std::size_t>;

/// Interface name and version range, then every hook: known (or optional),
/// same signature, same dispatch mode. One hash lookup per hook record.
/// Fails on the first problem.
Result<HookBindings> check_compatibility(const PluginMetadata &plugin, const HostConfig &host,
                                         const std::vector<DeclaredHook> &hooks, const HookIndex &index);

}  // namespace tenon::detail
