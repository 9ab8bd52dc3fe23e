// services->require: a plugin's init asks for another plugin by name and
// range (PANDA's panda_require). It is used if initialised, initialised now
// if it is in the same load, or else found by metadata in the directories
// of the load, validated as any file of the load is, mapped and initialised,
// all on the loading thread while the requester's init waits. What is
// loaded so goes before the requester in load order, so it exits after it.
#include "common/diagnostic.hpp"
#include "common/versions.hpp"
#include "host/load_phases.hpp"
#include "loader/dependencies.hpp"

#include <tenon/metadata.hpp>

#include <algorithm>
#include <string>

namespace tenon::detail {

std::size_t index_of(const HostState &state, const LoadedPlugin &plugin) {
    for (std::size_t i = 0; i < state.plugins.size(); ++i) {
        if (state.plugins[i].get() == &plugin) {
            return i;
        }
    }
    return state.plugins.size();
}

int run_init_of(HostState &state, ActiveLoad &active, LoadedPlugin &plugin) {
    if (plugin.services_slot != nullptr) {
        *plugin.services_slot = &plugin.services;
    }
    active.initialising.push_back(&plugin);
    const int result = plugin.run_init(active.stage);
    active.initialising.pop_back();
    if (result == 0) {
        state.set_initialised(plugin, true);
    } else if (plugin.services_slot != nullptr) {
        *plugin.services_slot = nullptr;
    }
    return result;
}

namespace {

Outcome refused(int status, std::string message) {
    return {status, std::move(message)};
}

// Moves `plugin` to just before `before` in load order (both are loaded).
void move_before(HostState &state, LoadedPlugin &plugin, const LoadedPlugin &before) {
    std::lock_guard lock(state.registry_mutex);
    const std::size_t from = index_of(state, plugin);
    auto owned = std::move(state.plugins[from]);
    state.plugins.erase(state.plugins.begin() + static_cast<std::ptrdiff_t>(from));
    const std::size_t to = index_of(state, before);
    state.plugins.insert(state.plugins.begin() + static_cast<std::ptrdiff_t>(to), std::move(owned));
}

std::string cycle_text(const std::vector<std::string> &chain, const std::string &name) {
    std::string text;
    const auto start = std::find(chain.begin(), chain.end(), name);
    for (auto it = start; it != chain.end(); ++it) {
        text += *it + " -> ";
    }
    return text + name;
}

class Requirer {
public:
    Requirer(HostState &state, ActiveLoad &active) : state_(state), active_(active) {}

    // Makes `name` (in `range`) initialised and placed before `requester`.
    Outcome require(LoadedPlugin &requester, const std::string &name, const std::string &range_text) {
        const std::string subject =
            "require " + single_quoted(name) + (range_text.empty() ? std::string() : " (" + range_text + ")") + ": ";
        VersionRange range;
        if (!parse_version_range(range_text, range)) {
            return refused(TENON_IMPORT_BAD_ARGUMENT, subject +
                                                          "range: expected space-separated comparators such "
                                                          "as '>=1.2 <2', found " +
                                                          single_quoted(range_text));
        }
        std::vector<std::string> chain;
        for (const LoadedPlugin *plugin : active_.initialising) {
            chain.push_back(plugin->metadata.name);
        }
        chain.insert(chain.end(), active_.resolving.begin(), active_.resolving.end());
        if (std::find(chain.begin(), chain.end(), name) != chain.end()) {
            return refused(TENON_IMPORT_REFUSED, subject + "dependency cycle: " + cycle_text(chain, name));
        }
        if (LoadedPlugin *loaded = find_loaded(name)) {
            if (!range.contains(loaded->version)) {
                return refused(TENON_IMPORT_VERSION_MISMATCH, subject + "version: expected one in that range, found " +
                                                                  loaded->metadata.version + " (" +
                                                                  shown(loaded->metadata.file) + ")");
            }
            if (loaded->initialised) {
                return {};
            }
            return initialise_early(requester, *loaded, subject);
        }
        return find_and_load(requester, name, range, subject);
    }

private:
    LoadedPlugin *find_loaded(const std::string &name) const {
        for (const auto &plugin : state_.plugins) {
            if (plugin->metadata.name == name) {
                return plugin.get();
            }
        }
        return nullptr;
    }

    // A plugin of this load, mapped but not initialised yet: its own
    // requirements first (they are in the load too, or it would not be), then it.
    Outcome initialise_early(LoadedPlugin &requester, LoadedPlugin &plugin, const std::string &subject) {
        for (const RequirementMetadata &requirement : plugin.metadata.requirements) {
            LoadedPlugin *provider = find_loaded(requirement.name);
            if (provider != nullptr && !provider->initialised) {
                if (Outcome outcome = require(plugin, requirement.name, requirement.range);
                    outcome.status != TENON_IMPORT_OK) {
                    return refused(TENON_IMPORT_REFUSED, subject + outcome.message);
                }
            }
        }
        move_before(state_, plugin, requester);
        const int result = run_init_of(state_, active_, plugin);
        if (result == 0) {
            return {};
        }
        Error error =
            mismatch(Errc::init_failed, plugin.metadata.file,
                     "plugin '" + plugin.metadata.name + "': init(stage " + std::to_string(active_.stage) + ")", "0",
                     describe_result(result));
        const std::string message = error.message;
        active_.errors.push_back(std::move(error));  // one of the load's own plugins failed: the load's report says so
        active_.failed = true;
        discard_uninitialised(state_, index_of(state_, plugin));
        return refused(TENON_IMPORT_REFUSED, subject + message);
    }

    // Not loaded: the first file in the load's directories whose metadata
    // has that name and a version in range, through phase 1, 2 and init.
    Outcome find_and_load(LoadedPlugin &requester, const std::string &name, const VersionRange &range,
                          const std::string &subject) {
        std::optional<std::filesystem::path> chosen;
        std::string other_versions;
        std::string searched;
        for (const std::filesystem::path &directory : active_.context.plugin_directories) {
            searched += (searched.empty() ? "" : ", ") + shown(directory);
            auto files = PluginSources::list_directory(directory);
            if (!files) {
                continue;
            }
            for (const std::filesystem::path &file : *files) {
                auto metadata = read_plugin_metadata(file, state_.config.limits);
                if (!metadata || metadata->name != name) {
                    continue;  // not it, or not a plugin at all: the load judges that file if it lists it
                }
                SemanticVersion version;
                if (parse_semantic_version(metadata->version, version) && range.contains(version)) {
                    chosen = file;
                    break;
                }
                other_versions += (other_versions.empty() ? "" : ", ") + metadata->version + " (" + shown(file) + ")";
            }
            if (chosen) {
                break;
            }
        }
        if (!chosen) {
            if (!other_versions.empty()) {
                return refused(TENON_IMPORT_VERSION_MISMATCH,
                               subject + "version: expected one in that range, found " + other_versions);
            }
            return refused(TENON_IMPORT_NO_PROVIDER,
                           subject + "expected a plugin of that name in this load's directories (" +
                               (searched.empty() ? std::string("none") : searched) + "), found none");
        }
        std::vector<Error> errors;
        Validated validated = validate_candidates(active_.context, {}, {*chosen}, errors);
        check_needed_libraries(active_.context, validated, errors);
        if (!errors.empty() || validated.candidates.empty()) {
            return refused(TENON_IMPORT_REFUSED,
                           subject + (errors.empty() ? std::string("refused") : errors.front().message));
        }
        Candidate &candidate = validated.candidates.front();
        if (Error error = check_plugin_arguments(candidate, {}); error.code != Errc::ok) {
            return refused(TENON_IMPORT_REFUSED, subject + error.message);
        }
        // Its own requirements, found the same way, before it.
        active_.resolving.push_back(name);
        for (const RequirementMetadata &requirement : candidate.parsed.metadata.requirements) {
            if (requirement.if_present && find_loaded(requirement.name) == nullptr) {
                continue;
            }
            if (Outcome outcome = require(requester, requirement.name, requirement.range);
                outcome.status != TENON_IMPORT_OK) {
                active_.resolving.pop_back();
                return refused(TENON_IMPORT_REFUSED, subject + outcome.message);
            }
        }
        active_.resolving.pop_back();
        // The rules of a load against what is loaded now: names, ranges.
        std::vector<const PluginMetadata *> metadata;
        for (const auto &plugin : state_.plugins) {
            metadata.push_back(&plugin->metadata);
        }
        metadata.push_back(&candidate.parsed.metadata);
        if (DependencyOrder ordered = order_by_dependencies(metadata); !ordered.errors.empty()) {
            return refused(TENON_IMPORT_REFUSED, subject + ordered.errors.front().message);
        }
        auto mapped = map_candidate(active_.context, candidate, validated.candidates);
        if (!mapped) {
            return refused(TENON_IMPORT_REFUSED, subject + mapped.error().message);
        }
        LoadedPlugin &plugin = **mapped;
        {
            std::lock_guard lock(state_.registry_mutex);
            state_.plugins.insert(state_.plugins.begin() + static_cast<std::ptrdiff_t>(index_of(state_, requester)),
                                  std::move(mapped.value()));
        }
        const int result = run_init_of(state_, active_, plugin);
        if (result != 0) {
            const std::string message =
                mismatch(Errc::init_failed, plugin.metadata.file,
                         "plugin '" + name + "': init(stage " + std::to_string(active_.stage) + ")", "0",
                         describe_result(result))
                    .message;
            discard_uninitialised(state_, index_of(state_, plugin));
            return refused(TENON_IMPORT_REFUSED, subject + message);
        }
        state_.log(LogLevel::debug, "loaded " + name + " " + plugin.metadata.version + " from " +
                                        shown(plugin.metadata.file) + ", required by '" + requester.metadata.name +
                                        "' from its init");
        return {};
    }

    HostState &state_;
    ActiveLoad &active_;
};

extern "C" int services_require(const tenon_services *self, const char *name, const char *range, char *message,
                                size_t message_size) {
    if (self == nullptr) {
        return TENON_IMPORT_BAD_ARGUMENT;
    }
    LoadedPlugin &requester = plugin_of(self);
    HostState &state = *requester.host;
    ActiveLoad *active = state.active_load;
    Outcome outcome;
    if (name == nullptr) {
        outcome = refused(TENON_IMPORT_BAD_ARGUMENT, "require: argument 'name': expected a plugin name, found NULL");
    } else if (active == nullptr || !LifecycleLock::held_by_caller(state) || active->initialising.empty() ||
               active->initialising.back() != &requester) {
        outcome = refused(TENON_IMPORT_UNSUPPORTED, "require " + single_quoted(name) +
                                                        ": expected a call from this plugin's init, on the "
                                                        "loading thread, found one elsewhere");
    } else {
        outcome = Requirer(state, *active).require(requester, name, range != nullptr ? range : "");
    }
    copy_message(outcome.message, message, message_size);
    if (outcome.status != TENON_IMPORT_OK) {
        state.logger.write(LogLevel::warn, requester.metadata.name, outcome.message);
    }
    return outcome.status;
}

}  // namespace

void prepare_require_services(tenon_services &table) {
    table.require = services_require;
}

}  // namespace tenon::detail
