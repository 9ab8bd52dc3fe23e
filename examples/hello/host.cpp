// The hello host: loads its plugins, then shows first-claimer fall-through
// and broadcast. Plugins come from the directories given on the command
// line, else $HELLO_PLUGIN_PATH, else the build's plugin directory.
#include "hello_hooks.h"

#include <tenon/host.hpp>

#include <cstdio>
#include <cstring>

namespace {

const char *describe(int result) {
    return result == 0 ? "0" : result == -ENOTSUP ? "-ENOTSUP" : std::strerror(-result);
}

}  // namespace

int main(int argc, char **argv) {
    std::setvbuf(stdout, nullptr, _IOLBF, 0);  // keep our lines in order with the plugins' log lines on stderr
    tenon::HostConfig config;
    config.log_load_errors = false;  // this host prints every error of the report itself
    config.interface_name = HELLO_INTERFACE;
    config.interface_version = HELLO_INTERFACE_VERSION;
    config.hooks = {tenon::HookDecl::of<hello_greet_hook>(), tenon::HookDecl::of<hello_count_visit_hook>()};

    auto host = tenon::Host::create(config);
    if (!host) {
        std::fprintf(stderr, "hello: %s\n", host.error().message.c_str());
        return 1;
    }
    tenon::PluginSources sources;
    for (int i = 1; i < argc; ++i) {
        sources.directories.emplace_back(argv[i]);
    }
    sources.environment_variable = "HELLO_PLUGIN_PATH";
    sources.default_directory = HELLO_DEFAULT_PLUGIN_DIR;

    const tenon::LoadReport report = host->load(sources, HELLO_STAGE_GREETING);
    if (!report.ok()) {
        for (const auto &error : report.errors) {
            std::fprintf(stderr, "hello: %s\n", error.message.c_str());
        }
        return 1;
    }
    std::printf("loaded %zu plugins:\n", host->plugins().size());
    for (const auto &plugin : host->plugins()) {
        std::printf("  %-8s %-6s %s\n", plugin.name.c_str(), plugin.version.c_str(), plugin.description.c_str());
    }

    const auto greet = host->hook<hello_greet_hook>().value();
    std::printf("\nfirst-claimer: hello_greet (chain of %zu handlers)\n", greet.size());
    for (const char *language : {"en", "fr", "de"}) {
        char text[64] = "";
        const int result = greet(language, "Ada", text, sizeof text);
        std::printf("  %s: result %s", language, describe(result));
        if (result == 0) {
            std::printf(", \"%s\"", text);
        }
        std::printf("\n    handlers asked:");
        for (const auto &answer : greet.collect(language, "Ada", text, sizeof text)) {
            std::printf(" %.*s=%s", static_cast<int>(answer.plugin.size()), answer.plugin.data(),
                        describe(answer.result));
        }
        std::printf("\n");
    }
    char text[64] = "";
    std::printf("  fr with an empty name: result %s (the C++ plugin threw; the SDK contained it)\n",
                describe(greet("fr", "", text, sizeof text)));

    const auto count_visit = host->hook<hello_count_visit_hook>().value();
    int visits = 0;
    const int result = count_visit(&visits);
    std::printf("\nbroadcast: hello_count_visit -> result %s, visits = %d\n    each handler:", describe(result),
                visits);
    visits = 0;
    for (const auto &answer : count_visit.collect(&visits)) {
        std::printf(" %.*s=%s", static_cast<int>(answer.plugin.size()), answer.plugin.data(), describe(answer.result));
    }
    std::printf("\n\n");
    host->finish(HELLO_STAGE_GREETING, 0);
    return 0;
}
