// CRIU's plugin engine (cr_plugin_init, run_plugins, cr_plugin_fini) on a Tenon Host.
#include "common/errno_text.hpp"
#include "compat/criu/engine_registry.hpp"

#include <cerrno>
#include <cstring>

namespace tenon::criu {

PluginEngine::State::State(Options options_, Host host_) : options(std::move(options_)), host(std::move(host_)) {
    option_text.emplace_back("criu-plugin");
    for (const std::string &option : options.plugin_options) {
        option_text.push_back("--" + option);
    }
    for (std::string &text : option_text) {
        option_pointers.push_back(text.data());
    }
    option_pointers.push_back(nullptr);
    plugin_options = {static_cast<int>(option_text.size()), option_pointers.data()};
}

Result<PluginEngine> PluginEngine::create(Options options) {
    auto host = Host::create(host_config(options));
    if (!host) {
        return host.error();
    }
    auto state = std::make_unique<State>(std::move(options), std::move(host.value()));
    // The service hands plugins the address of the fd, which lives as long as the engine.
    state->host.provide_service(TENON_CRIU_IMAGE_DIR_SERVICE, &state->image_dir_fd);
    state->host.provide_service(TENON_CRIU_PLUGIN_OPTIONS_SERVICE, &state->plugin_options);
    registry::add(*state);
    return PluginEngine(std::move(state));
}

PluginEngine::PluginEngine(std::unique_ptr<State> state) : state_(std::move(state)) {}
PluginEngine::PluginEngine(PluginEngine &&) noexcept = default;

namespace {

// Finishes what the engine still holds, while the C functions can still find
// it (a plugin's exit may log through print_on_level), then forgets it.
void retire(std::unique_ptr<PluginEngine::State> &state, const char *why) noexcept {
    if (state == nullptr) {
        return;
    }
    if (!state->host.plugins().empty()) {
        state->host.write_log(LogLevel::warn, "criu",
                              std::string(why) + " without fini(); running exit(" + std::to_string(state->last_stage) +
                                  ", " + std::to_string(TENON_RESULT_ABANDONED) + ") for every plugin");
        state->host.finish(state->last_stage, TENON_RESULT_ABANDONED);
    }
    registry::remove(*state);
    state.reset();
}

}  // namespace

PluginEngine &PluginEngine::operator=(PluginEngine &&other) noexcept {
    if (this != &other) {
        retire(state_, "CRIU plugin engine replaced by move assignment");
        state_ = std::move(other.state_);
    }
    return *this;
}

PluginEngine::~PluginEngine() {
    retire(state_, "CRIU plugin engine destroyed");
}

LoadReport PluginEngine::init(Stage stage) {
    const int stage_number = static_cast<int>(stage);
    state_->last_stage = stage_number;
    LoadReport report = state_->host.load(plugin_sources(state_->options), stage_number);
    const bool strict = state_->options.mode == LoadMode::strict;
    if ((strict && !report.ok()) || stage != Stage::restore) {
        return report;
    }
    // As CRIU's cr_plugin_init: after loading for a restore, every plugin the dump used must be here,
    // and then RESTORE_INIT runs; an error from either fails the init.
    const auto fail = [&](Error error, int result) {
        state_->host.write_log(LogLevel::error, "criu", error.message);
        report.errors.push_back(std::move(error));
        if (strict) {
            state_->host.finish(stage_number, result);
            report.loaded.clear();
        }
    };
    if (Error missing = state_->host.check_inventory(); missing.code != Errc::ok) {
        fail(std::move(missing), -ENOENT);
        return report;
    }
    // host_config() always declares RESTORE_INIT.
    const HandlerResult outcome = state_->host.hook<CR_PLUGIN_HOOK__RESTORE_INIT_hook>().value().call_attributed();
    if (outcome.result < 0 && outcome.result != -ENOTSUP) {
        fail(Error{Errc::init_failed,
                   "RESTORE_INIT: expected 0 or -ENOTSUP, found " + std::to_string(outcome.result) + " (" +
                       detail::errno_text(-outcome.result) + ") from plugin '" + std::string(outcome.plugin) + "'",
                   {}},
             outcome.result);
    }
    return report;
}

int PluginEngine::broadcast_result(const std::vector<HandlerResult> &results) noexcept {
    int result = -ENOTSUP;
    for (const HandlerResult &handler : results) {
        if (handler.result != 0 && handler.result != -ENOTSUP) {
            return handler.result;
        }
        if (handler.result == 0) {
            result = 0;
        }
    }
    return result;
}

void PluginEngine::fini(Stage stage, int ret) {
    state_->host.finish(static_cast<int>(stage), ret);
}

Result<ParallelRun> PluginEngine::start_post_forking() {
    auto hook = state_->host.hook<post_forking_parallel_hook>();
    if (!hook) {
        return Error{Errc::invalid_config,
                     "start_post_forking: expected an engine created with Options::parallel_post_forking, found "
                     "POST_FORKING declared broadcast (run it with run<CR_PLUGIN_HOOK__POST_FORKING_hook>())",
                     {}};
    }
    return hook->start();
}

void PluginEngine::set_image_dir(int fd) noexcept {
    __atomic_store_n(&state_->image_dir_fd, fd, __ATOMIC_RELEASE);
}

int PluginEngine::image_dir() const noexcept {
    return __atomic_load_n(&state_->image_dir_fd, __ATOMIC_ACQUIRE);
}

Host &PluginEngine::host() noexcept {
    return state_->host;
}
const Host &PluginEngine::host() const noexcept {
    return state_->host;
}
const Options &PluginEngine::options() const noexcept {
    return state_->options;
}

}  // namespace tenon::criu
