// Host::load in three phases (validate all, map all, init all), so a bad
// file is refused before any plugin code runs, and a failure never leaves a
// half-loaded host.
#include "common/diagnostic.hpp"
#include "host/load_phases.hpp"
#include "loader/dependencies.hpp"
#include "loader/sources.hpp"

#include <cstdlib>
#include <iterator>
#include <set>
#include <string>

namespace tenon {

using namespace detail;

namespace {

// Where private copies go: the configured directory, else $TMPDIR (unless setuid), else /tmp.
std::filesystem::path private_parent(const HostConfig &config) {
    if (!config.private_copy_directory.empty()) {
        return config.private_copy_directory;
    }
    const char *temporary = secure_getenv("TMPDIR");
    return temporary != nullptr && *temporary != '\0' ? std::filesystem::path(temporary)
                                                      : std::filesystem::path("/tmp");
}

// The method asked for (automatic resolved), or private_file where the
// dynamic loader cannot be handed a descriptor.
MapMethod usable_method(HostState &state) {
    const HostConfig &config = state.config;
    MapMethod wanted = config.map_method;
    if (wanted == MapMethod::automatic) {
        wanted = config.signatures.required || !config.trust.enforce ? MapMethod::sealed_copy : MapMethod::descriptor;
    }
    if (wanted != MapMethod::private_file && !descriptor_paths_work()) {
        state.log(LogLevel::debug, "/proc/self/fd is not usable: mapping private copies instead");
        return MapMethod::private_file;
    }
    return wanted;
}

// An error this load also returns: logged at `level`, or at debug level only
// when the host prints its reports itself (HostConfig::log_load_errors).
void log_load_error(HostState &state, LogLevel level, std::string_view message) {
    state.log(state.config.log_load_errors ? level : LogLevel::debug, message);
}

}  // namespace

namespace {

const char *outside_plugin_code =
    "expected a call outside hook handlers, event callbacks, init and exit, found one inside";

// Each candidate's arguments against its records; a refused one leaves the
// load (its dependents then miss it). Arguments for no candidate are logged.
void check_arguments(HostState &state, const std::vector<PluginArguments> &arguments,
                     std::vector<Candidate> &candidates, std::vector<Error> &errors) {
    std::map<std::string, std::vector<PluginArgument>, std::less<>> by_plugin;
    for (const PluginArguments &entry : arguments) {
        auto &given = by_plugin[entry.plugin];
        given.insert(given.end(), entry.arguments.begin(), entry.arguments.end());
    }
    for (auto it = candidates.begin(); it != candidates.end();) {
        const auto given = by_plugin.find(it->parsed.metadata.name);
        const std::vector<PluginArgument> none;
        if (Error error = check_plugin_arguments(*it, given == by_plugin.end() ? none : given->second);
            error.code != Errc::ok) {
            errors.push_back(std::move(error));
            it = candidates.erase(it);
            continue;
        }
        if (given != by_plugin.end()) {
            by_plugin.erase(given);
        }
        ++it;
    }
    for (const auto &[plugin, given] : by_plugin) {
        state.log(LogLevel::warn, "arguments for plugin " + single_quoted(plugin) +
                                      ": expected a plugin of that name among this load's files, found none; "
                                      "they are not used");
    }
}

// Phase 1 and the dependency order, shared by load and check: every file of
// `sources` validated from its own descriptor, then the accepted ones put
// after what they require (plugins loaded earlier take part, so they satisfy
// requirements). Refusals go to `errors`. No plugin code runs.
std::vector<Candidate> validate_and_order(LoadContext &context, ResolvedSources &resolved, std::vector<Error> &errors) {
    HostState &state = context.state;
    context.plugin_directories = std::move(resolved.directories);
    Validated validated = validate_candidates(context, resolved.static_plugins, resolved.files, errors);
    check_needed_libraries(context, validated, errors);
    std::vector<Candidate> &candidates = validated.candidates;
    check_arguments(state, resolved.arguments, candidates, errors);
    std::vector<const PluginMetadata *> metadata;
    for (const auto &plugin : state.plugins) {
        metadata.push_back(&plugin->metadata);
    }
    const std::size_t already_loaded = metadata.size();
    for (const Candidate &candidate : candidates) {
        metadata.push_back(&candidate.parsed.metadata);
    }
    DependencyOrder ordered = order_by_dependencies(metadata);
    std::move(ordered.errors.begin(), ordered.errors.end(), std::back_inserter(errors));
    std::vector<Candidate> in_order;
    for (std::size_t index : ordered.order) {
        if (index >= already_loaded) {
            in_order.push_back(std::move(candidates[index - already_loaded]));
        }
    }
    return in_order;
}

}  // namespace

CheckReport Host::check(const PluginSources &sources) {
    HostState &state = *state_;
    CheckReport report;
    if (inside_plugin_code(state)) {
        report.errors.push_back({Errc::invalid_state, std::string("check: ") + outside_plugin_code, {}});
        return report;
    }
    LifecycleLock lifecycle(state);
    ResolvedSources resolved = resolve_sources(sources);
    state.log(LogLevel::debug,
              "checking " + std::to_string(resolved.files.size()) + " plugin file(s) from " + resolved.origin);
    report.errors = std::move(resolved.errors);
    // The descriptor method: a check maps nothing, so it copies nothing either.
    LoadContext context(state, MapMethod::descriptor, private_parent(state.config));
    for (const Candidate &candidate : validate_and_order(context, resolved, report.errors)) {
        const PluginMetadata &metadata = candidate.parsed.metadata;
        report.would_load.push_back({metadata.name, metadata.version, candidate.file, metadata.requirements});
    }
    return report;  // the candidates' descriptors are closed with them
}

LoadReport Host::load(const PluginSources &sources, int stage) {
    HostState &state = *state_;
    LoadReport report;
    if (inside_plugin_code(state)) {
        report.errors.push_back({Errc::invalid_state, std::string("load: ") + outside_plugin_code, {}});
        return report;
    }
    LifecycleLock lifecycle(state);
    join_parallel_runs(state, "init");
    const bool strict = state.config.mode == LoadMode::strict;
    ResolvedSources resolved = resolve_sources(sources);
    state.log(LogLevel::debug,
              "loading " + std::to_string(resolved.files.size()) + " plugin file(s) from " + resolved.origin);
    report.errors = std::move(resolved.errors);

    // Phase 1: validate every file from its bytes alone, each read from the
    // one descriptor it was opened with, and order them. No plugin code runs.
    LoadContext context(state, usable_method(state), private_parent(state.config));
    std::vector<Candidate> candidates = validate_and_order(context, resolved, report.errors);

    for (const Error &error : report.errors) {
        log_load_error(state, strict ? LogLevel::error : LogLevel::warn, error.message);
    }
    if (strict && !report.errors.empty()) {
        return report;
    }

    // In lenient mode a plugin dropped from here on takes its dependents with it;
    // dependency order means they come later, so they are caught before mapping or init.
    std::set<std::string, std::less<>> dropped;
    auto drop = [&](const std::string &name, Error error) {
        log_load_error(state, LogLevel::warn, error.message);
        report.errors.push_back(std::move(error));
        dropped.insert(name);
    };

    // Phase 2: map them, each from its own descriptor. Constructors of validated plugins run here.
    const std::size_t first_new = state.plugins.size();
    for (Candidate &candidate : candidates) {
        if (const auto *requirement = first_refused_requirement(candidate.parsed.metadata, dropped)) {
            drop(candidate.parsed.metadata.name, requirement_refused(candidate.parsed.metadata, *requirement));
            continue;
        }
        auto mapped = map_candidate(context, candidate, candidates);
        if (!mapped) {
            if (strict) {
                log_load_error(state, LogLevel::error, mapped.error().message);
                report.errors.push_back(mapped.error());
                roll_back(state, first_new, stage, -ENOEXEC, false);  // nothing new is initialised yet: only dlclose
                return report;
            }
            drop(candidate.parsed.metadata.name, mapped.error());
            continue;
        }
        state.add_plugin(std::move(mapped.value()));
    }

    // Phase 3: init in load order. An init may require another plugin
    // (services->require), which then initialises, and goes, before it.
    state.last_stage = stage;
    ActiveLoad active{context, stage, report.errors, {}, {}};
    state.active_load = &active;
    struct ClearActive {
        HostState &state;
        ~ClearActive() { state.active_load = nullptr; }
    } clear_active{state};
    for (std::size_t i = first_new; i < state.plugins.size();) {
        LoadedPlugin &plugin = *state.plugins[i];
        if (plugin.initialised) {  // initialised early: a plugin required it from its init
            ++i;
            continue;
        }
        if (const auto *requirement = first_refused_requirement(plugin.metadata, dropped)) {
            drop(plugin.metadata.name, requirement_refused(plugin.metadata, *requirement));
            state.take_plugin(i);  // mapped but never initialised: no exit, just dlclose
            continue;
        }
        const int result = run_init_of(state, active, plugin);
        i = index_of(state, plugin);  // what its init required went in before it
        if (strict && active.failed) {
            // A plugin of this load that another one required failed its init (the report has it).
            for (const Error &error : report.errors) {
                log_load_error(state, LogLevel::error, error.message);
            }
            if (result != 0) {
                discard_uninitialised(state, i);
            }
            roll_back(state, first_new, stage, -ECANCELED, false);
            return report;
        }
        if (result == 0) {
            ++i;
            continue;
        }
        Error error = mismatch(Errc::init_failed, plugin.metadata.file,
                               "plugin '" + plugin.metadata.name + "': init(stage " + std::to_string(stage) + ")", "0",
                               describe_result(result));
        const std::string name = plugin.metadata.name;  // `plugin` is gone after the discard
        // Its init may have subscribed before failing, and others may have subscribed to its events.
        discard_uninitialised(state, i);
        if (strict) {
            log_load_error(state, LogLevel::error, error.message);
            report.errors.push_back(std::move(error));
            roll_back(state, first_new, stage, result,
                      false);  // exit(stage, result) for this load's others, in reverse
            return report;
        }
        drop(name, std::move(error));
    }

    std::vector<std::function<void()>> retired;
    {
        std::lock_guard lock(state.registry_mutex);
        retired = publish_chains(state);
    }
    state.reclaimer.retire(start_grace_period(), std::move(retired));
    for (std::size_t i = first_new; i < state.plugins.size(); ++i) {
        const LoadedPlugin &plugin = *state.plugins[i];
        report.loaded.push_back(plugin.metadata.name);
        state.log(LogLevel::debug, "loaded " + plugin.metadata.name + " " + plugin.metadata.version + " from " +
                                       shown(plugin.metadata.file));
    }
    return report;
}

}  // namespace tenon
