// tenon/inventory.hpp: which plugins a run (a dump) needed, saved with the
// host's output and checked when that output is used again (a restore).
//
// The host records usage during the run (Host::inventory), writes the
// Inventory into its own output with serialise(), reads it back with parse()
// and hands it to Host::expect_inventory before loading plugins for the
// restore. Names match exactly, and a plugin's major version must match too.
//
// The text form (version 2) ends with an explicit "end" line, so a file cut
// short anywhere is refused instead of read as a shorter list; see
// docs/host-authors.md, "The inventory", for the format and what changed
// from version 1.
#pragma once

#include <tenon/error.hpp>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace tenon {

/// One plugin a run needed: its exact name and its version then. A plain
/// value that owns its strings.
struct InventoryEntry {
    std::string name;  ///< a plugin name: letters, digits and "._+-"
    /// Semantic version "MAJOR.MINOR.PATCH"; empty for an entry from a
    /// record that keeps names only (CRIU's inventory image), which
    /// Host::check_inventory then matches by name alone. serialise() refuses
    /// an empty version: Tenon's text form always records one.
    std::string version;

    friend bool operator==(const InventoryEntry &, const InventoryEntry &) = default;
};

/// The plugins a run needed. A plain value that owns its entries; nothing in
/// it refers to the Host or to the text it was parsed from. Not shared by the
/// runtime: copy it freely, and guard it yourself if threads share one.
struct Inventory {
    /// The most entries serialise() writes and parse() reads; a longer list
    /// is refused rather than allocated.
    static constexpr std::size_t max_plugins = 1'000'000;

    /// False for an inventory from before plugin lists existed (CRIU images
    /// from before the feature): every plugin is then treated as needed and
    /// nothing is missing. `plugins` is then empty.
    bool has_list = true;
    std::vector<InventoryEntry> plugins;  ///< in the order the run loaded them; each name once

    /// Text form (version 2) for the host to store in its output. Every line
    /// ends in a single LF, and the text ends with "end\n":
    ///     tenon-inventory 2
    ///     plugins 2
    ///     cuda_plugin 0.2.0
    ///     amdgpu_plugin 0.2.0
    ///     end
    /// Without a list (has_list false) the count line is "plugins any" and no
    /// entry follows.
    ///
    /// Refuses what parse() would refuse, so whatever it returns parses back
    /// to an equal Inventory. Fails with Errc::invalid_argument and a message
    /// "Inventory::serialise: plugins[I].FIELD: expected X, found 'Y'" for an
    /// invalid name or semantic version, or a name already used by an earlier
    /// entry; and for more than max_plugins entries, or entries in an
    /// inventory without a list. Thread-safe on a const Inventory; allocates.
    Result<std::string> serialise() const;

    /// Reads serialise()'s form: version 2 strictly, and a version 1 text only
    /// where it cannot be a damaged file, i.e. when it has a "plugins N" line
    /// and exactly N entries, every line ending in LF. A version 1 text that
    /// is only its header line is refused: it cannot be told from a list cut
    /// after line 1 (rewrite it as version 2 with "plugins any").
    ///
    /// Fails with Errc::malformed_metadata and the message
    /// "ORIGIN: line N: expected X, found Y", where `origin` names the source
    /// (e.g. the file the host read it from) and the found text is escaped
    /// (tenon/escape.hpp). Refused: a text cut short anywhere, CR LF line
    /// endings, control characters, empty lines, stray spaces, an unknown
    /// version, a malformed or duplicate entry, a count that does not match
    /// the entries or is above max_plugins, and anything after "end".
    ///
    /// Takes time and memory linear in the size of `text`; keeps no view of
    /// it. Thread-safe: touches no shared state.
    static Result<Inventory> parse(std::string_view text, std::string_view origin = "inventory");

    friend bool operator==(const Inventory &, const Inventory &) = default;
};

}  // namespace tenon
