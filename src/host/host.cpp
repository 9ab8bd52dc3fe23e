// tenon::Host: load in three phases (validate all, map all, init all) so a
// bad file is refused before any plugin code runs, and a failure never leaves
// a half-loaded host.
#include "common/diagnostic.hpp"
#include "common/errno_text.hpp"
#include "common/signature.hpp"
#include "common/versions.hpp"
#include "host/foreign.hpp"
#include "host/host_state.hpp"
#include "loader/dependencies.hpp"
#include "loader/sources.hpp"
#include "metadata/elf_sections.hpp"

#include <cstring>
#include <iterator>
#include <unordered_map>
#include <set>
#include <string>

namespace tenon {

using namespace detail;

namespace {

Error config_error(std::string message) {
    return Error{Errc::invalid_config, std::move(message), {}};
}

Error validate_events(const HostConfig &config) {
    std::set<std::string, std::less<>> names;
    for (const EventDecl &event : config.events) {
        if (!is_valid_name(event.name)) {
            return config_error(
                "host config: event name: expected a non-empty name of letters, digits and ._+-, found " +
                single_quoted(event.name));
        }
        const std::string subject = "host config: event '" + event.name + "'";
        if (!names.insert(event.name).second) {
            return config_error(subject + ": expected to be declared once, found twice");
        }
        if (event.mode != TENON_NOTIFY && event.mode != TENON_FIRST_CLAIMER && event.mode != TENON_BROADCAST) {
            return config_error(subject + ": mode: expected notify (4), first-claimer (1) or broadcast (2), found " +
                                std::to_string(event.mode));
        }
        if (event.signature.empty()) {
            return config_error(subject + ": signature: expected e.g. 'void(void *, int)', found ''");
        }
        if (event.mode != TENON_NOTIFY && canonical_signature(event.signature).rfind("int(", 0) != 0) {
            return config_error(subject + ": signature: expected a callback returning int (mode " +
                                dispatch_mode_name(event.mode) + "), found " + single_quoted(event.signature));
        }
    }
    return {};
}

Error validate_config(const HostConfig &config) {
    if (!is_valid_name(config.interface_name)) {
        return config_error(
            "host config: field 'interface_name': expected a non-empty name of letters, digits and "
            "._+-, found " +
            single_quoted(config.interface_name));
    }
    if (config.interface_version == 0 || config.min_interface_version == 0 ||
        config.min_interface_version > config.interface_version) {
        return config_error("host config: field 'min_interface_version': expected between 1 and " +
                            std::to_string(config.interface_version) + ", found " +
                            std::to_string(config.min_interface_version));
    }
    std::set<std::string, std::less<>> names;
    for (const HookDecl &hook : config.hooks) {
        if (!is_valid_name(hook.name)) {
            return config_error(
                "host config: hook name: expected a non-empty name of letters, digits and ._+-, "
                "found " +
                single_quoted(hook.name));
        }
        if (!names.insert(hook.name).second) {
            return config_error("host config: hook '" + hook.name + "': expected to be declared once, found twice");
        }
        if (hook.mode != TENON_FIRST_CLAIMER && hook.mode != TENON_BROADCAST && hook.mode != TENON_PARALLEL) {
            return config_error("host config: hook '" + hook.name +
                                "': dispatch mode: expected first-claimer (1), broadcast (2) or parallel (3), found " +
                                std::to_string(hook.mode));
        }
        if (hook.signature.empty()) {
            return config_error("host config: hook '" + hook.name + "': signature: expected e.g. 'int(int)', found ''");
        }
    }
    return validate_events(config);
}

std::string describe_result(int result) {
    std::string text = std::to_string(result);
    if (result < 0) {
        text += " (";
        text += errno_text(-result);
        text += ")";
    }
    return text;
}

// A file that passed every check that needs no plugin code.
struct Candidate {
    std::filesystem::path file;
    PluginSections sections;
    ParsedPlugin parsed;  ///< for a foreign plugin, a stand-in named after the file until dlopen tells more
    HookBindings bindings;
    const ForeignFormat *foreign = nullptr;  ///< set for a plugin without Tenon metadata
    ForeignFile foreign_file;                ///< what the foreign format read from the file
};

// Phase 1 of load: every check that needs only the file's bytes.
std::vector<Candidate> validate_candidates(HostState &state, const std::vector<std::filesystem::path> &files,
                                           std::vector<Error> &errors) {
    std::vector<Candidate> candidates;
    candidates.reserve(files.size());  // never moves, so `names` may view the names it holds
    // Every name taken so far, and by which file: one lookup per file rather
    // than a scan of the others (1,000 plugins load at once).
    std::unordered_map<std::string_view, const std::filesystem::path *> names;
    for (const auto &plugin : state.plugins) {
        names.emplace(plugin->metadata.name, &plugin->metadata.file);
    }
    for (const auto &file : files) {
        auto sections = read_plugin_sections(file);
        if (!sections && sections.error().code == Errc::no_metadata && !state.config.foreign_formats.empty()) {
            auto foreign = recognise_foreign(state, file, sections.error());
            if (!foreign) {
                errors.push_back(foreign.error());
                continue;
            }
            Candidate candidate{file, {}, {}, {}, foreign->format, std::move(foreign->file)};
            candidate.sections.device = foreign->device;
            candidate.sections.inode = foreign->inode;
            candidate.parsed.metadata.file = file;
            candidate.parsed.metadata.name = file.string();  // no plugin name has a '/', so this clashes with none
            candidates.push_back(std::move(candidate));
            continue;
        }
        if (!sections) {
            errors.push_back(sections.error());
            continue;
        }
        auto parsed = parse_plugin(file, sections->descriptor.bytes, sections->records.bytes);
        if (!parsed) {
            errors.push_back(parsed.error());
            continue;
        }
        auto bindings = check_compatibility(parsed->metadata, state.config, state.hooks);
        if (!bindings) {
            errors.push_back(bindings.error());
            continue;
        }
        const std::string &name = parsed->metadata.name;
        if (const auto clash = names.find(name); clash != names.end()) {
            errors.push_back(mismatch(Errc::duplicate_plugin, file, "field 'name'", "a name no other plugin uses",
                                      single_quoted(name) + ", already used by " + shown(*clash->second)));
            continue;
        }
        for (const auto &note : parsed->metadata.notes) {
            state.log(LogLevel::debug, shown(file) + ": " + note);
        }
        for (const auto &note : bindings->debug_notes) {
            state.log(LogLevel::debug, shown(file) + ": " + note);
        }
        candidates.push_back(
            {file, std::move(sections.value()), std::move(parsed.value()), std::move(bindings.value()), nullptr, {}});
        names.emplace(candidates.back().parsed.metadata.name, &candidates.back().file);
    }
    return candidates;
}

// Phase 2 of load: the runtime's record of a freshly mapped plugin.
std::unique_ptr<LoadedPlugin> adopt(HostState &state, const Candidate &candidate, FileClaim claim,
                                    OpenedPlugin opened) {
    auto plugin = std::make_unique<LoadedPlugin>();
    ParsedPlugin &live = opened.in_memory;
    plugin->metadata = std::move(live.metadata);
    plugin->claim = std::move(claim);
    plugin->library = std::move(opened.library);
    plugin->loader_name = loader_name(plugin->library.get());
    plugin->init = live.init;
    plugin->exit = live.exit;
    plugin->services_slot = live.services_slot;
    plugin->host = &state;
    for (std::size_t i = 0; i < live.hook_functions.size(); ++i) {
        const std::size_t hook = candidate.bindings.host_hook_index[i];
        if (hook != HookBindings::skipped) {
            plugin->bindings.push_back({hook, live.hook_functions[i], plugin->metadata.hooks[i].priority});
        }
    }
    plugin->export_functions = std::move(live.export_functions);
    plugin->event_slots = std::move(live.event_slots);
    parse_semantic_version(plugin->metadata.version, plugin->version);  // validated in phase 1
    create_plugin_events(*plugin);
    prepare_services(*plugin);
    return plugin;
}

// Phase 2 for one file: claim it, dlopen it, and build the runtime's record.
Result<std::unique_ptr<LoadedPlugin>> map_candidate(HostState &state, const Candidate &candidate,
                                                    const std::vector<Candidate> &candidates) {
    FileClaim claim;
    if (!claim.acquire(candidate.sections.device, candidate.sections.inode)) {
        return mismatch(Errc::already_loaded, candidate.file, "file",
                        "one no other tenon::Host in this process has loaded",
                        "it loaded by another Host (the dynamic loader maps a file once per process)");
    }
    if (candidate.foreign != nullptr) {
        std::set<std::string, std::less<>> taken;
        for (const auto &plugin : state.plugins) {
            taken.insert(plugin->metadata.name);
        }
        for (const Candidate &other : candidates) {
            if (other.foreign == nullptr) {
                taken.insert(other.parsed.metadata.name);
            }
        }
        return adopt_foreign(state, candidate.foreign_file, *candidate.foreign, std::move(claim), taken);
    }
    auto opened = open_plugin(candidate.file, candidate.sections, candidate.parsed.metadata);
    if (!opened) {
        return opened.error();
    }
    return adopt(state, candidate, std::move(claim), std::move(opened.value()));
}

// A plugin whose init failed (or never ran): end what it subscribed and what
// others subscribed to its events, wait out readers, then dlclose it.
void discard_uninitialised(HostState &state, std::size_t index) {
    std::vector<std::function<void()>> retired;
    std::unique_ptr<LoadedPlugin> plugin;
    {
        std::lock_guard lock(state.registry_mutex);
        remove_subscriptions(state, state.plugins[index].get(), state.plugins[index].get(), retired);
        plugin = std::move(state.plugins[index]);
        state.plugins.erase(state.plugins.begin() + static_cast<std::ptrdiff_t>(index));
    }
    retire_and_wait(state, std::move(retired));
}

// Finishes plugins[first..]: exit(stage, result) in reverse order for the
// initialised ones, every exit before any dlclose (an exit may rely on its
// peers being mapped); then removes their hooks and subscriptions, waits
// until no reader holds them, and dlcloses in reverse order.
// `cancel_runs`: cancel parallel runs still going before joining them (a
// host finishing after a failure); a strict load's rollback only joins, as the
// runs are not its own.
void roll_back(HostState &state, std::size_t first, int stage, int result, bool cancel_runs) {
    join_parallel_runs(state, "exit", cancel_runs);
    for (std::size_t i = state.plugins.size(); i-- > first;) {
        LoadedPlugin &plugin = *state.plugins[i];
        if (plugin.initialised) {
            plugin.run_exit(stage, result);
        }
        state.set_initialised(plugin, false);
        // An exited plugin's callbacks must not run again, not even from the exit of a provider still to come.
        std::vector<std::function<void()>> ended;
        {
            std::lock_guard lock(state.registry_mutex);
            remove_subscriptions(state, &plugin, nullptr, ended);
        }
        if (!ended.empty()) {
            retire_and_wait(state, std::move(ended));
        }
    }
    std::vector<std::function<void()>> retired;
    std::vector<std::unique_ptr<LoadedPlugin>> leaving;
    {
        std::lock_guard lock(state.registry_mutex);
        for (std::size_t i = first; i < state.plugins.size(); ++i) {
            remove_subscriptions(state, state.plugins[i].get(), state.plugins[i].get(), retired);
        }
        for (std::size_t i = first; i < state.plugins.size(); ++i) {
            remember_if_used(state, *state.plugins[i]);
        }
        for (std::size_t i = state.plugins.size(); i-- > first;) {
            leaving.push_back(std::move(state.plugins[i]));  // reverse load order
        }
        state.plugins.resize(first);
        auto chains = first == 0 ? unpublish_chains(state) : publish_chains(state);
        std::move(chains.begin(), chains.end(), std::back_inserter(retired));
    }
    retire_and_wait(state, std::move(retired));
    join_parallel_runs(state, "dlclose", cancel_runs);  // runs that started before the chains went empty
    for (auto &plugin : leaving) {
        // Cleared only now: a handler reached just after exit may still use its services table.
        if (plugin->services_slot != nullptr) {
            *plugin->services_slot = nullptr;
        }
        plugin.reset();  // dlclose, in reverse load order
    }
}

}  // namespace

Result<Host> Host::create(HostConfig config) {
    if (Error error = validate_config(config); error.code != Errc::ok) {
        return error;
    }
    auto state = std::make_unique<HostState>();
    state->slots = std::make_unique<HookSlot[]>(config.hooks.size());
    for (const HookDecl &hook : config.hooks) {
        state->hooks.push_back({hook, canonical_signature(hook.signature)});
    }
    for (const EventDecl &declared : config.events) {
        auto event = std::make_unique<EventState>();
        event->declaration = EventMetadata{declared.name, declared.signature, declared.mode};
        event->canonical_signature = canonical_signature(declared.signature);
        state->host_events.push_back(std::move(event));
    }
    state->workers.set_threads(config.worker_threads);
    state->config = std::move(config);
    return Host(std::move(state));
}

Host::Host(std::unique_ptr<HostState> state) : state_(std::move(state)) {}
Host::Host(Host &&) noexcept = default;
Host &Host::operator=(Host &&other) noexcept {
    if (this != &other) {
        abandon("host replaced by move assignment");
        state_ = std::move(other.state_);
    }
    return *this;
}

Host::~Host() {
    abandon("host destroyed");
}

void Host::abandon(std::string_view why) noexcept {
    if (state_ == nullptr || state_->plugins.empty() || inside_plugin_code(*state_)) {
        return;
    }
    state_->log(LogLevel::warn, std::string(why) + " without finish(); running exit(" +
                                    std::to_string(state_->last_stage) + ", " +
                                    describe_result(TENON_RESULT_ABANDONED) + ") for every plugin");
    finish(state_->last_stage, TENON_RESULT_ABANDONED);
}

LoadReport Host::load(const PluginSources &sources, int stage) {
    HostState &state = *state_;
    LoadReport report;
    if (inside_plugin_code(state)) {
        report.errors.push_back({Errc::invalid_state,
                                 "load: expected a call outside hook handlers, event callbacks, init and exit, "
                                 "found one inside",
                                 {}});
        return report;
    }
    LifecycleLock lifecycle(state);
    join_parallel_runs(state, "init");
    const bool strict = state.config.mode == LoadMode::strict;
    ResolvedSources resolved = resolve_sources(sources);
    state.log(LogLevel::debug,
              "loading " + std::to_string(resolved.files.size()) + " plugin file(s) from " + resolved.origin);
    report.errors = std::move(resolved.errors);

    // Phase 1: validate every file from its bytes alone. No plugin code runs.
    std::vector<Candidate> candidates = validate_candidates(state, resolved.files, report.errors);

    // Still before any plugin code: put every plugin after the plugins it
    // requires. Plugins loaded earlier take part, so they satisfy requirements.
    std::vector<const PluginMetadata *> metadata;
    for (const auto &plugin : state.plugins) {
        metadata.push_back(&plugin->metadata);
    }
    const std::size_t already_loaded = metadata.size();
    for (const Candidate &candidate : candidates) {
        metadata.push_back(&candidate.parsed.metadata);
    }
    DependencyOrder ordered = order_by_dependencies(metadata);
    std::move(ordered.errors.begin(), ordered.errors.end(), std::back_inserter(report.errors));
    std::vector<Candidate> in_order;
    for (std::size_t index : ordered.order) {
        if (index >= already_loaded) {
            in_order.push_back(std::move(candidates[index - already_loaded]));
        }
    }
    candidates = std::move(in_order);

    for (const Error &error : report.errors) {
        state.log(strict ? LogLevel::error : LogLevel::warn, error.message);
    }
    if (strict && !report.errors.empty()) {
        return report;
    }

    // In lenient mode a plugin dropped from here on takes its dependents with it;
    // dependency order means they come later, so they are caught before mapping or init.
    std::set<std::string, std::less<>> dropped;
    auto drop = [&](const std::string &name, Error error) {
        state.log(LogLevel::warn, error.message);
        report.errors.push_back(std::move(error));
        dropped.insert(name);
    };

    // Phase 2: map them. Constructors of validated plugins run here.
    const std::size_t first_new = state.plugins.size();
    for (Candidate &candidate : candidates) {
        if (const auto *requirement = first_refused_requirement(candidate.parsed.metadata, dropped)) {
            drop(candidate.parsed.metadata.name, requirement_refused(candidate.parsed.metadata, *requirement));
            continue;
        }
        auto mapped = map_candidate(state, candidate, candidates);
        if (!mapped) {
            if (strict) {
                state.log(LogLevel::error, mapped.error().message);
                report.errors.push_back(mapped.error());
                roll_back(state, first_new, stage, -ENOEXEC, false);  // nothing new is initialised yet: only dlclose
                return report;
            }
            drop(candidate.parsed.metadata.name, mapped.error());
            continue;
        }
        state.add_plugin(std::move(mapped.value()));
    }

    // Phase 3: init in load order.
    state.last_stage = stage;
    for (std::size_t i = first_new; i < state.plugins.size();) {
        LoadedPlugin &plugin = *state.plugins[i];
        if (const auto *requirement = first_refused_requirement(plugin.metadata, dropped)) {
            drop(plugin.metadata.name, requirement_refused(plugin.metadata, *requirement));
            state.take_plugin(i);  // mapped but never initialised: no exit, just dlclose
            continue;
        }
        if (plugin.services_slot != nullptr) {
            *plugin.services_slot = &plugin.services;
        }
        const int result = plugin.run_init(stage);
        if (result == 0) {
            state.set_initialised(plugin, true);
            ++i;
            continue;
        }
        if (plugin.services_slot != nullptr) {
            *plugin.services_slot = nullptr;
        }
        Error error = mismatch(Errc::init_failed, plugin.metadata.file,
                               "plugin '" + plugin.metadata.name + "': init(stage " + std::to_string(stage) + ")", "0",
                               describe_result(result));
        const std::string name = plugin.metadata.name;  // `plugin` is gone after the discard
        // Its init may have subscribed before failing, and others may have subscribed to its events.
        discard_uninitialised(state, i);
        if (strict) {
            state.log(LogLevel::error, error.message);
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

void Host::finish(int stage, int result) {
    HostState &state = *state_;
    if (inside_plugin_code(state)) {
        state.log(LogLevel::error,
                  "finish: expected a call outside hook handlers, event callbacks, init and exit, found one "
                  "inside; nothing was finished");
        return;
    }
    LifecycleLock lifecycle(state);
    // A host finishing after a failure (result != 0) cancels what it left running.
    roll_back(state, 0, stage, result, result != 0);
}

Error Host::find_slot(std::string_view name, std::string_view signature, int mode, const HookSlot *&slot) const {
    for (std::size_t i = 0; i < state_->hooks.size(); ++i) {
        const DeclaredHook &hook = state_->hooks[i];
        if (hook.decl.name != name) {
            continue;
        }
        if (hook.canonical_signature != canonical_signature(signature)) {
            return config_error("hook " + single_quoted(name) + ": signature: expected " +
                                single_quoted(hook.decl.signature) + " (as declared in the host config), found " +
                                single_quoted(signature));
        }
        if (hook.decl.mode != mode) {
            return config_error("hook " + single_quoted(name) + ": dispatch mode: expected " +
                                dispatch_mode_name(hook.decl.mode) + ", found " + dispatch_mode_name(mode));
        }
        slot = &state_->slots[i];
        return {};
    }
    return config_error("hook '" + std::string(name) +
                        "': expected a hook declared in the host config, found no such declaration");
}

namespace {
PluginInfo info_of(const LoadedPlugin &plugin, const std::vector<DeclaredHook> &hooks) {
    PluginInfo info{plugin.metadata.name,         plugin.metadata.version,      plugin.metadata.description,
                    plugin.metadata.interface_id, plugin.metadata.file,         {},
                    plugin.metadata.exports,      plugin.metadata.requirements, plugin.metadata.events};
    for (const HookBinding &binding : plugin.bindings) {
        info.hooks.push_back(hooks[binding.hook_index].decl.name);
    }
    return info;
}
}  // namespace

std::vector<PluginInfo> Host::plugins() const {
    std::lock_guard lock(state_->registry_mutex);
    std::vector<PluginInfo> out;
    for (const auto &plugin : state_->plugins) {
        out.push_back(info_of(*plugin, state_->hooks));
    }
    return out;
}

Result<PluginInfo> Host::find_plugin(std::string_view name) const {
    std::lock_guard lock(state_->registry_mutex);
    for (const auto &plugin : state_->plugins) {
        if (plugin->metadata.name == name) {
            return info_of(*plugin, state_->hooks);
        }
    }
    return Error{
        Errc::invalid_state, "find_plugin: expected a loaded plugin named " + single_quoted(name) + ", found none", {}};
}

void Host::set_log_sink(LogSink sink) {
    state_->logger.set_sink(std::move(sink));
}
void Host::set_log_level(LogLevel level) {
    state_->logger.set_level(level);
}
void Host::write_log(LogLevel level, std::string_view source, std::string_view message) {
    state_->logger.write(level, source, message);
}
void Host::provide_service(std::string name, void *service) {
    state_->services.provide(std::move(name), service);
}

}  // namespace tenon
