// tenon::Host: load in three phases (validate all, map all, init all) so a
// bad file is refused before any plugin code runs, and a failure never leaves
// a half-loaded host.
#include "common/diagnostic.hpp"
#include "common/errno_text.hpp"
#include "common/signature.hpp"
#include "common/versions.hpp"
#include "host/host_state.hpp"
#include "loader/dependencies.hpp"
#include "loader/sources.hpp"
#include "metadata/elf_sections.hpp"

#include <cstring>
#include <iterator>
#include <set>
#include <string>

namespace tenon {

using namespace detail;

namespace {

Error config_error(std::string message) {
    return Error{Errc::invalid_config, std::move(message), {}};
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
        if (hook.mode != TENON_FIRST_CLAIMER && hook.mode != TENON_BROADCAST) {
            return config_error("host config: hook '" + hook.name +
                                "': dispatch mode: expected first-claimer (1) or broadcast (2), found " +
                                std::to_string(hook.mode));
        }
        if (hook.signature.empty()) {
            return config_error("host config: hook '" + hook.name + "': signature: expected e.g. 'int(int)', found ''");
        }
    }
    return {};
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
    ParsedPlugin parsed;
    HookBindings bindings;
};

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
    if (state_ == nullptr || state_->plugins.empty()) {
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
    if (!state.plugins.empty()) {
        report.errors.push_back({Errc::invalid_state, "load: plugins are already loaded; call finish() first", {}});
        return report;
    }
    const bool strict = state.config.mode == LoadMode::strict;
    ResolvedSources resolved = resolve_sources(sources);
    state.log(LogLevel::debug,
              "loading " + std::to_string(resolved.files.size()) + " plugin file(s) from " + resolved.origin);
    report.errors = std::move(resolved.errors);

    // Phase 1: validate every file from its bytes alone. No plugin code runs.
    std::vector<Candidate> candidates;
    for (const auto &file : resolved.files) {
        auto sections = read_plugin_sections(file);
        if (!sections) {
            report.errors.push_back(sections.error());
            continue;
        }
        auto parsed = parse_plugin(file, sections->descriptor.bytes, sections->records.bytes);
        if (!parsed) {
            report.errors.push_back(parsed.error());
            continue;
        }
        auto bindings = check_compatibility(parsed->metadata, state.config, state.hooks);
        if (!bindings) {
            report.errors.push_back(bindings.error());
            continue;
        }
        const std::string &name = parsed->metadata.name;
        const auto clash = std::find_if(candidates.begin(), candidates.end(),
                                        [&](const Candidate &c) { return c.parsed.metadata.name == name; });
        if (clash != candidates.end()) {
            report.errors.push_back(mismatch(Errc::duplicate_plugin, file, "field 'name'",
                                             "a name no other plugin uses",
                                             single_quoted(name) + ", already used by " + clash->file.string()));
            continue;
        }
        for (const auto &note : parsed->metadata.notes) {
            state.log(LogLevel::debug, file.string() + ": " + note);
        }
        for (const auto &note : bindings->debug_notes) {
            state.log(LogLevel::debug, file.string() + ": " + note);
        }
        candidates.push_back(
            {file, std::move(sections.value()), std::move(parsed.value()), std::move(bindings.value())});
    }
    // Still before any plugin code: put every plugin after the plugins it requires.
    std::vector<const PluginMetadata *> metadata;
    for (const Candidate &candidate : candidates) {
        metadata.push_back(&candidate.parsed.metadata);
    }
    DependencyOrder ordered = order_by_dependencies(metadata);
    std::move(ordered.errors.begin(), ordered.errors.end(), std::back_inserter(report.errors));
    std::vector<Candidate> in_order;
    for (std::size_t index : ordered.order) {
        in_order.push_back(std::move(candidates[index]));
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
    for (Candidate &candidate : candidates) {
        if (const auto *requirement = first_refused_requirement(candidate.parsed.metadata, dropped)) {
            drop(candidate.parsed.metadata.name, requirement_refused(candidate.parsed.metadata, *requirement));
            continue;
        }
        FileClaim claim;
        auto opened = claim.acquire(candidate.sections.device, candidate.sections.inode)
                          ? open_plugin(candidate.file, candidate.sections, candidate.parsed.metadata)
                          : Result<OpenedPlugin>(mismatch(
                                Errc::already_loaded, candidate.file, "file",
                                "one no other tenon::Host in this process has loaded",
                                "it loaded by another Host (the dynamic loader maps a file once per process)"));
        if (!opened) {
            if (strict) {
                state.log(LogLevel::error, opened.error().message);
                report.errors.push_back(opened.error());
                finish(stage, -ENOEXEC);  // nothing is initialised yet, so this only dlcloses, in reverse
                return report;
            }
            drop(candidate.parsed.metadata.name, opened.error());
            continue;
        }
        auto plugin = std::make_unique<LoadedPlugin>();
        ParsedPlugin &live = opened->in_memory;
        plugin->metadata = std::move(live.metadata);
        plugin->claim = std::move(claim);
        plugin->library = std::move(opened->library);
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
        parse_semantic_version(plugin->metadata.version, plugin->version);  // validated in phase 1
        prepare_services(*plugin);
        state.add_plugin(std::move(plugin));
    }

    // Phase 3: init in load order.
    state.last_stage = stage;
    for (std::size_t i = 0; i < state.plugins.size();) {
        LoadedPlugin &plugin = *state.plugins[i];
        if (const auto *requirement = first_refused_requirement(plugin.metadata, dropped)) {
            drop(plugin.metadata.name, requirement_refused(plugin.metadata, *requirement));
            state.take_plugin(i);  // mapped but never initialised: no exit, just dlclose
            continue;
        }
        if (plugin.services_slot != nullptr) {
            *plugin.services_slot = &plugin.services;
        }
        const int result = plugin.init != nullptr ? plugin.init(stage, &plugin.services) : 0;
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
        if (strict) {
            state.log(LogLevel::error, error.message);
            report.errors.push_back(std::move(error));
            state.take_plugin(i);   // its init failed: no exit, just dlclose
            finish(stage, result);  // exit(stage, result) for the initialised ones, in reverse
            return report;
        }
        drop(plugin.metadata.name, std::move(error));
        state.take_plugin(i);
    }

    publish_chains(state);
    for (const auto &plugin : state.plugins) {
        report.loaded.push_back(plugin->metadata.name);
        state.log(LogLevel::debug, "loaded " + plugin->metadata.name + " " + plugin->metadata.version + " from " +
                                       plugin->metadata.file.string());
    }
    return report;
}

void Host::finish(int stage, int result) {
    HostState &state = *state_;
    unpublish_chains(state);
    // Every exit runs before any dlclose, so an exit may still rely on its peers being mapped.
    for (auto it = state.plugins.rbegin(); it != state.plugins.rend(); ++it) {
        LoadedPlugin &plugin = **it;
        if (plugin.initialised && plugin.exit != nullptr) {
            plugin.exit(stage, result);
        }
        state.set_initialised(plugin, false);
        if (plugin.services_slot != nullptr) {
            *plugin.services_slot = nullptr;
        }
    }
    while (!state.plugins.empty()) {
        state.take_plugin(state.plugins.size() - 1);  // dlclose, in reverse load order
    }
}

Error Host::find_slot(std::string_view name, std::string_view signature, int mode, const HookSlot *&slot) const {
    for (std::size_t i = 0; i < state_->hooks.size(); ++i) {
        const DeclaredHook &hook = state_->hooks[i];
        if (hook.decl.name != name) {
            continue;
        }
        if (hook.canonical_signature != canonical_signature(signature)) {
            return config_error("hook '" + std::string(name) + "': signature: expected " +
                                single_quoted(hook.decl.signature) + " (as declared in the host config), found " +
                                single_quoted(signature));
        }
        if (hook.decl.mode != mode) {
            return config_error("hook '" + std::string(name) + "': dispatch mode: expected " +
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
    PluginInfo info{plugin.metadata.name,         plugin.metadata.version,     plugin.metadata.description,
                    plugin.metadata.interface_id, plugin.metadata.file,        {},
                    plugin.metadata.exports,      plugin.metadata.requirements};
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
        Errc::invalid_state, "find_plugin: expected a loaded plugin named '" + std::string(name) + "', found none", {}};
}

void Host::set_log_sink(LogSink sink) {
    state_->logger.set_sink(std::move(sink));
}
void Host::set_log_level(LogLevel level) {
    state_->logger.set_level(level);
}
void Host::provide_service(std::string name, void *service) {
    state_->services.provide(std::move(name), service);
}

}  // namespace tenon
