// tenon::plan_dependencies: the loader's dependency order over metadata a
// caller read itself (`tenon graph`), with the duplicate-name rule that
// phase 1 applies before ordering.
#include "loader/dependencies.hpp"

#include <tenon/metadata.hpp>

#include <algorithm>
#include <string>
#include <string_view>
#include <unordered_map>

namespace tenon {

DependencyPlan plan_dependencies(const std::vector<PluginMetadata> &plugins) {
    DependencyPlan plan;
    std::vector<const PluginMetadata *> unique;
    std::vector<std::size_t> input_index;  // unique[i] is plugins[input_index[i]]
    std::unordered_map<std::string_view, const std::filesystem::path *> names;
    std::vector<std::pair<std::size_t, Error>> errors;
    for (std::size_t i = 0; i < plugins.size(); ++i) {
        const PluginMetadata &plugin = plugins[i];
        if (const auto clash = names.find(plugin.name); clash != names.end()) {
            errors.emplace_back(i, detail::duplicate_name(plugin.file, plugin.name, *clash->second));
            continue;
        }
        names.emplace(plugin.name, &plugin.file);
        unique.push_back(&plugin);
        input_index.push_back(i);
    }
    detail::DependencyOrder ordered = detail::order_by_dependencies(unique);
    for (std::size_t index : ordered.order) {
        plan.order.push_back(input_index[index]);
    }
    // order_by_dependencies names each refused plugin's file; put its error at that plugin's place.
    std::unordered_map<std::string, std::size_t> place;
    for (std::size_t i = 0; i < unique.size(); ++i) {
        place.emplace(unique[i]->file.native(), input_index[i]);
    }
    for (Error &error : ordered.errors) {
        const auto found = place.find(error.file.native());
        errors.emplace_back(found != place.end() ? found->second : plugins.size(), std::move(error));
    }
    std::stable_sort(errors.begin(), errors.end(), [](const auto &a, const auto &b) { return a.first < b.first; });
    for (auto &entry : errors) {
        plan.errors.push_back(std::move(entry.second));
    }
    return plan;
}

}  // namespace tenon
