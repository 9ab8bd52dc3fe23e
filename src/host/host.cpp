// tenon::Host: load in three phases (validate all, map all, init all) so a
// bad file is refused before any plugin code runs, and a failure never leaves
// a half-loaded host.
#include "common/diagnostic.hpp"
#include "common/errno_text.hpp"
#include "common/signature.hpp"
#include "common/versions.hpp"
#include "host/foreign.hpp"
#include "host/deferred_destruction.hpp"
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
    if (config.signatures.required && config.signatures.trusted_keys.empty()) {
        return config_error(
            "host config: field 'signatures.trusted_keys': expected at least one key when signatures are required, "
            "found none");
    }
    return validate_events(config);
}

}  // namespace

Result<Host> Host::create(HostConfig config) {
    if (Error error = validate_config(config); error.code != Errc::ok) {
        return error;
    }
    auto state = std::make_unique<HostState>();
    state->slots = std::make_unique<HookSlot[]>(config.hooks.size());
    for (const HookDecl &hook : config.hooks) {
        state->hook_index.emplace(hook.name, state->hooks.size());
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
    if (state_ == nullptr) {
        return;
    }
    if (inside_plugin_code(*state_)) {
        // The code on this thread still runs on the state: free it only once that code has returned.
        defer_destruction(std::move(state_), std::string(why));
        return;
    }
    if (state_->plugins.empty()) {
        return;
    }
    state_->log(LogLevel::warn, std::string(why) + " without finish(); running exit(" +
                                    std::to_string(state_->last_stage) + ", " +
                                    describe_result(TENON_RESULT_ABANDONED) + ") for every plugin");
    finish(state_->last_stage, TENON_RESULT_ABANDONED);
}

void Host::finish(int stage, int result) {
    HostState &state = *state_;
    if (inside_plugin_code(state)) {
        state.log(LogLevel::error,
                  "finish: expected a call outside hook handlers, event callbacks, init and exit, found one "
                  "inside; nothing was finished");
        return;
    }
    finish_state(state, stage, result);
}

void Host::join_deferred_destructions() {
    detail::join_deferred_destructions();
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
    PluginInfo info{plugin.metadata.name,
                    plugin.metadata.version,
                    plugin.metadata.description,
                    plugin.metadata.interface_id,
                    plugin.metadata.file,
                    {},
                    plugin.metadata.exports,
                    plugin.metadata.requirements,
                    plugin.metadata.events,
                    plugin.signed_by,
                    plugin.linked_in};
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
        Errc::not_loaded, "find_plugin: expected a loaded plugin named " + single_quoted(name) + ", found none", {}};
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
