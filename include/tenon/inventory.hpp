// tenon/inventory.hpp: which plugins a run (a dump) needed, saved with the
// host's output and checked when that output is used again (a restore).
//
// The host records usage during the run (Host::inventory), writes the
// Inventory into its own output with serialise(), reads it back with parse()
// and hands it to Host::expect_inventory before loading plugins for the
// restore. Names match exactly, and a plugin's major version must match too.
#pragma once

#include <tenon/error.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace tenon {

/// One plugin a run needed: its exact name and its version then.
struct InventoryEntry {
    std::string name;
    std::string version;  ///< semantic version "MAJOR.MINOR.PATCH"

    friend bool operator==(const InventoryEntry &, const InventoryEntry &) = default;
};

/// The plugins a run needed. A plain value.
struct Inventory {
    /// False for an inventory written before plugin lists existed (CRIU
    /// images from before the feature): every plugin is then treated as
    /// needed and nothing is missing.
    bool has_list = true;
    std::vector<InventoryEntry> plugins;  ///< in the order the run loaded them

    /// Text form, one line per fact, for the host to store in its output:
    ///     tenon-inventory 1
    ///     plugins 2
    ///     cuda_plugin 0.2.0
    ///     amdgpu_plugin 0.2.0
    /// Without a list, the "plugins" line and what follows are absent.
    std::string serialise() const;

    /// Reads serialise()'s form. Fails with malformed_metadata and a message
    /// naming `origin` (e.g. the file the host read it from), the line, what
    /// was expected and what was found.
    static Result<Inventory> parse(std::string_view text, std::string_view origin = "inventory");

    friend bool operator==(const Inventory &, const Inventory &) = default;
};

}  // namespace tenon
