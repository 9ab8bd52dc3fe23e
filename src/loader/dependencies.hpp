// Orders plugins so that each comes after the plugins it requires.
#pragma once

#include <tenon/error.hpp>
#include <tenon/metadata.hpp>

#include <cstddef>
#include <functional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace tenon::detail {

/// The outcome of ordering: the indexes of the plugins that can load, in
/// init order, and one error for each plugin that cannot.
struct DependencyOrder {
    std::vector<std::size_t> order;
    std::vector<Error> errors;  ///< in input order
};

/// `plugins` is in load order (files as listed, directories in byte order of
/// name); names are unique. A plugin comes after everything it requires;
/// among plugins that are ready together, the earlier one in `plugins` goes
/// first, so the order is deterministic. A plugin is refused when a required
/// plugin is missing, out of range, in a cycle with it, or itself refused.
DependencyOrder order_by_dependencies(const std::vector<const PluginMetadata *> &plugins);

/// The error for a plugin in `file` whose `name` the plugin in `other_file` already took.
Error duplicate_name(const std::filesystem::path &file, std::string_view name, const std::filesystem::path &other_file);

/// The error for `plugin` when a plugin it requires was refused: by
/// order_by_dependencies, or later, when it failed to map or to initialise.
Error requirement_refused(const PluginMetadata &plugin, const RequirementMetadata &requirement);

/// The first requirement of `plugin` whose name is in `refused`, if any.
const RequirementMetadata *first_refused_requirement(const PluginMetadata &plugin,
                                                     const std::set<std::string, std::less<>> &refused);

}  // namespace tenon::detail
