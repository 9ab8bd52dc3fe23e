#include "loader/dependencies.hpp"

#include "common/diagnostic.hpp"
#include "common/versions.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <optional>
#include <queue>
#include <string>

namespace tenon::detail {
namespace {

std::string requirement_subject(const RequirementMetadata &requirement) {
    std::string subject =
        (requirement.if_present ? "requirement if present '" : "requirement '") + requirement.name + "'";
    if (!requirement.range.empty()) {
        subject += " (" + requirement.range + ")";
    }
    return subject;
}

class Resolver {
public:
    explicit Resolver(const std::vector<const PluginMetadata *> &plugins) : plugins_(plugins), errors_(plugins.size()) {
        for (std::size_t i = 0; i < plugins.size(); ++i) {
            by_name_.emplace(plugins[i]->name, i);
        }
    }

    DependencyOrder run() {
        check_presence_and_versions();
        std::vector<std::size_t> order;
        while (true) {
            refuse_dependents_of_refused();
            order = topological_order();
            const std::optional<std::vector<std::size_t>> cycle = find_cycle(order);
            if (!cycle) {
                break;
            }
            refuse_cycle(*cycle);
        }
        refuse_unordered(order);
        DependencyOrder result;
        result.order = std::move(order);
        for (auto &error : errors_) {
            if (error) {
                result.errors.push_back(std::move(*error));
            }
        }
        return result;
    }

private:
    std::optional<std::size_t> find(const std::string &name) const {
        const auto found = by_name_.find(name);
        return found == by_name_.end() ? std::nullopt : std::optional<std::size_t>(found->second);
    }

    bool refused(std::size_t i) const { return errors_[i].has_value(); }

    // The plugin a requirement orders after: its provider, unless it is only
    // wanted if present and is absent or refused.
    std::optional<std::size_t> edge(const RequirementMetadata &requirement) const {
        const std::optional<std::size_t> provider = find(requirement.name);
        if (requirement.if_present && (!provider || refused(*provider))) {
            return std::nullopt;
        }
        return provider;
    }

    void refuse(std::size_t i, Error error) {
        if (!refused(i)) {
            errors_[i] = std::move(error);
        }
    }

    void check_presence_and_versions() {
        for (std::size_t i = 0; i < plugins_.size(); ++i) {
            const PluginMetadata &plugin = *plugins_[i];
            for (const RequirementMetadata &requirement : plugin.requirements) {
                const auto provider = find(requirement.name);
                if (!provider && requirement.if_present) {
                    continue;  // not there: nothing to order after
                }
                if (!provider) {
                    refuse(i, mismatch(Errc::missing_dependency, plugin.file, requirement_subject(requirement),
                                       "a plugin named '" + requirement.name + "' among those being loaded", "none"));
                    break;
                }
                VersionRange range;
                SemanticVersion version;
                const PluginMetadata &found = *plugins_[*provider];
                // Both parse: the metadata reader refused malformed ranges and versions.
                parse_version_range(requirement.range, range);
                parse_semantic_version(found.version, version);
                if (!range.contains(version)) {
                    refuse(i, mismatch(Errc::dependency_version, plugin.file, requirement_subject(requirement),
                                       "a version in that range",
                                       found.name + " " + found.version + " (" + shown(found.file) + ")"));
                    break;
                }
            }
        }
    }

    // A refusal spreads to everything that needs the refused plugin, transitively.
    void refuse_dependents_of_refused() {
        for (bool changed = true; changed;) {
            changed = false;
            for (std::size_t i = 0; i < plugins_.size(); ++i) {
                if (refused(i)) {
                    continue;
                }
                for (const RequirementMetadata &requirement : plugins_[i]->requirements) {
                    if (!requirement.if_present && refused(*find(requirement.name))) {
                        refuse(i, requirement_refused(*plugins_[i], requirement));
                        changed = true;
                        break;
                    }
                }
            }
        }
    }

    // Kahn's algorithm over the plugins not refused; ready plugins leave in input order.
    std::vector<std::size_t> topological_order() const {
        std::vector<std::size_t> waiting_on(plugins_.size(), 0);
        std::vector<std::vector<std::size_t>> dependents(plugins_.size());
        std::priority_queue<std::size_t, std::vector<std::size_t>, std::greater<>> ready;
        for (std::size_t i = 0; i < plugins_.size(); ++i) {
            if (refused(i)) {
                continue;
            }
            for (const RequirementMetadata &requirement : plugins_[i]->requirements) {
                const std::optional<std::size_t> provider = edge(requirement);
                if (!provider) {
                    continue;
                }
                dependents[*provider].push_back(i);
                ++waiting_on[i];
            }
            if (waiting_on[i] == 0) {
                ready.push(i);
            }
        }
        std::vector<std::size_t> order;
        while (!ready.empty()) {
            const std::size_t next = ready.top();
            ready.pop();
            order.push_back(next);
            for (std::size_t dependent : dependents[next]) {
                if (--waiting_on[dependent] == 0) {
                    ready.push(dependent);
                }
            }
        }
        return order;
    }

    // Every plugin left out of `order` (and not refused) waits on another one
    // left out, so following requirements from the earliest of them must
    // revisit a plugin: the loop from that plugin on is a cycle.
    std::optional<std::vector<std::size_t>> find_cycle(const std::vector<std::size_t> &order) const {
        std::vector<bool> placed(plugins_.size(), false);
        for (std::size_t i : order) {
            placed[i] = true;
        }
        auto stuck = [&](std::size_t i) { return !placed[i] && !refused(i); };
        std::size_t start = 0;
        while (start < plugins_.size() && !stuck(start)) {
            ++start;
        }
        if (start == plugins_.size()) {
            return std::nullopt;
        }
        std::vector<std::size_t> path;
        std::vector<std::size_t> position(plugins_.size(), plugins_.size());
        std::size_t current = start;
        while (position[current] == plugins_.size()) {
            position[current] = path.size();
            path.push_back(current);
            std::optional<std::size_t> next;
            for (const RequirementMetadata &requirement : plugins_[current]->requirements) {
                if (const std::optional<std::size_t> target = edge(requirement); target && stuck(*target)) {
                    next = *target;
                    break;
                }
            }
            if (!next) {
                return std::nullopt;  // unreachable: a stuck plugin always waits on another stuck one
            }
            current = *next;
        }
        // The walk came back to `current`: the cycle runs from there to the end of the path.
        return std::vector<std::size_t>(path.begin() + static_cast<std::ptrdiff_t>(position[current]), path.end());
    }

    // Defensive: a plugin neither ordered nor refused would otherwise vanish without a word.
    void refuse_unordered(const std::vector<std::size_t> &order) {
        std::vector<bool> placed(plugins_.size(), false);
        for (std::size_t i : order) {
            placed[i] = true;
        }
        for (std::size_t i = 0; i < plugins_.size(); ++i) {
            if (!placed[i]) {
                refuse(i, file_error(Errc::dependency_cycle, plugins_[i]->file,
                                     "dependency order: could not place this plugin after its requirements"));
            }
        }
    }

    void refuse_cycle(const std::vector<std::size_t> &cycle) {
        // Written from the member that comes first in load order, so the text is stable.
        const auto lowest = std::min_element(cycle.begin(), cycle.end());
        std::string path;
        for (std::size_t k = 0; k <= cycle.size(); ++k) {
            const std::size_t member = cycle[(static_cast<std::size_t>(lowest - cycle.begin()) + k) % cycle.size()];
            path += (k == 0 ? "" : " -> ") + plugins_[member]->name;
        }
        for (std::size_t member : cycle) {
            refuse(member, file_error(Errc::dependency_cycle, plugins_[member]->file, "dependency cycle: " + path));
        }
    }

    const std::vector<const PluginMetadata *> &plugins_;
    std::vector<std::optional<Error>> errors_;
    std::map<std::string, std::size_t, std::less<>> by_name_;
};

}  // namespace

Error duplicate_name(const std::filesystem::path &file, std::string_view name,
                     const std::filesystem::path &other_file) {
    return mismatch(Errc::duplicate_plugin, file, "field 'name'", "a name no other plugin uses",
                    single_quoted(name) + ", already used by " + shown(other_file));
}

Error requirement_refused(const PluginMetadata &plugin, const RequirementMetadata &requirement) {
    return mismatch(Errc::missing_dependency, plugin.file, requirement_subject(requirement), "it to load",
                    "it refused (see the error for " + requirement.name + ")");
}

const RequirementMetadata *first_refused_requirement(const PluginMetadata &plugin,
                                                     const std::set<std::string, std::less<>> &refused) {
    for (const RequirementMetadata &requirement : plugin.requirements) {
        if (!requirement.if_present && refused.contains(requirement.name)) {
            return &requirement;
        }
    }
    return nullptr;
}

DependencyOrder order_by_dependencies(const std::vector<const PluginMetadata *> &plugins) {
    return Resolver(plugins).run();
}

}  // namespace tenon::detail
