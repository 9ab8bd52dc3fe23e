// The QPP demo host. It loads qpp_srv and qpp_client, two plugins written
// with the QPP macros of <tenon/compat/qpp.h>. It ticks a clock, which makes
// qpp_srv run its on_tick callbacks. Then it unloads the client and the
// server and shows that the client's callback is gone.
//
// Plugins come from the directories given on the command line, else
// $QPP_PLUGIN_PATH, else the build's plugin directory. Every log line goes to
// stdout, in order with the host's own lines, with plugin paths shortened to
// file names. The exit status is 0 when everything happened as described.
#include "qpp_demo.h"

#include <tenon/host.hpp>

#include <cerrno>
#include <cstdio>
#include <string>
#include <string_view>

namespace {

bool all_as_expected = true;

void expect(bool condition, const char *what) {
    if (!condition) {
        std::printf("qpp_host: UNEXPECTED: %s\n", what);
        all_as_expected = false;
    }
}

// "/some/dir/qpp_srv.so: message" -> "qpp_srv.so: message", so the output does not depend on the build tree.
std::string shorten_path(std::string_view message) {
    const std::size_t end = message.find(".so: ");
    if (message.empty() || message.front() != '/' || end == std::string_view::npos) {
        return std::string(message);
    }
    const std::size_t slash = message.rfind('/', end);
    return std::string(message.substr(slash + 1));
}

// Drives one tick; returns what qpp_demo_tick returned.
int tick(const tenon::Hook<qpp_demo_tick_hook> &hook, int number) {
    const int result = hook(number);
    if (result == -ENOTSUP) {
        std::printf("host: qpp_demo_tick(%d) = -ENOTSUP (no plugin owns the clock)\n", number);
    } else {
        std::printf("host: qpp_demo_tick(%d) = %d (callbacks qpp_srv ran)\n", number, result);
    }
    return result;
}

tenon::Errc unload(tenon::Host &host, const char *name) {
    std::printf("host: unload %s\n", name);
    const tenon::Error error = host.unload(name, QPP_DEMO_STAGE_RUN);
    if (error.code == tenon::Errc::ok) {
        std::printf("host: unload %s: done\n", name);
    } else {
        const std::string_view code = tenon::to_string(error.code);
        std::printf("host: unload %s: refused (%.*s)\n", name, static_cast<int>(code.size()), code.data());
    }
    return error.code;
}

}  // namespace

int main(int argc, char **argv) {
    std::setvbuf(stdout, nullptr, _IOLBF, 0);
    tenon::HostConfig config;
    config.log_load_errors = false;  // this host prints every error of the report itself
    config.interface_name = QPP_DEMO_INTERFACE;
    config.interface_version = QPP_DEMO_INTERFACE_VERSION;
    config.hooks = {tenon::HookDecl::of<qpp_demo_tick_hook>()};

    auto host = tenon::Host::create(config);
    if (!host) {
        std::fprintf(stderr, "qpp_host: %s\n", host.error().message.c_str());
        return 1;
    }
    host->set_log_sink([](tenon::LogLevel level, std::string_view source, std::string_view message) {
        const std::string_view level_name = tenon::to_string(level);
        const std::string text = shorten_path(message);
        std::printf("[%.*s] %.*s: %s\n", static_cast<int>(source.size()), source.data(),
                    static_cast<int>(level_name.size()), level_name.data(), text.c_str());
    });

    tenon::PluginSources sources;
    for (int i = 1; i < argc; ++i) {
        sources.directories.emplace_back(argv[i]);
    }
    sources.environment_variable = "QPP_PLUGIN_PATH";
    sources.default_directory = QPP_DEFAULT_PLUGIN_DIR;

    std::printf("host: load (qpp_client requires qpp_srv, so qpp_srv is initialised first)\n");
    const tenon::LoadReport report = host->load(sources, QPP_DEMO_STAGE_RUN);
    if (!report.ok()) {
        for (const auto &error : report.errors) {
            std::fprintf(stderr, "qpp_host: %s\n", error.message.c_str());
        }
        return 1;
    }
    std::printf("host: loaded %zu plugins, in init order:\n", host->plugins().size());
    for (const auto &plugin : host->plugins()) {
        std::printf("  %-10s %-6s %s\n", plugin.name.c_str(), plugin.version.c_str(), plugin.description.c_str());
    }
    expect(report.loaded.size() == 2 && report.loaded[0] == "qpp_srv" && report.loaded[1] == "qpp_client",
           "qpp_srv and qpp_client initialised, in that order");

    const auto hook = host->hook<qpp_demo_tick_hook>().value();
    std::printf("\n");
    expect(tick(hook, 1) == 1, "tick 1 runs the client's callback");
    expect(tick(hook, 2) == 1, "tick 2 runs the client's callback");

    std::printf("\n");
    expect(unload(*host, "qpp_srv") == tenon::Errc::plugin_required,
           "qpp_srv cannot unload while qpp_client requires it");
    expect(unload(*host, "qpp_client") == tenon::Errc::ok, "qpp_client unloads");
    expect(!host->find_plugin("qpp_client"), "qpp_client is gone");

    std::printf("\n");
    expect(tick(hook, 3) == 0, "after the client's unload, no callback runs");
    std::printf("host: qpp_client's callback is gone\n");

    std::printf("\n");
    expect(unload(*host, "qpp_srv") == tenon::Errc::ok, "qpp_srv unloads once nothing uses it");
    expect(tick(hook, 4) == -ENOTSUP, "with qpp_srv gone, nothing claims the tick");
    std::printf("host: %zu plugins loaded\n", host->plugins().size());
    expect(host->plugins().empty(), "no plugin is left");

    host->finish(QPP_DEMO_STAGE_RUN, 0);
    std::printf("host: %s\n",
                all_as_expected ? "everything happened as described" : "something went wrong (see above)");
    return all_as_expected ? 0 : 1;
}
