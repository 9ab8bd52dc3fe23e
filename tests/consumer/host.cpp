// The consumer's host: loads the plugins in the directory given as its only
// argument and prints what they answer, one deterministic line each. Built
// with CONSUMER_LINKED, it also loads the plugins linked into it (the
// three-file plugin, built as a static plugin), and the directory holds the
// others: the output is the same.
#include "consumer_hooks.h"

#include <tenon/host.hpp>
#ifdef CONSUMER_LINKED
#include <tenon/static_plugin.hpp>
#endif

#include <algorithm>
#include <cstdio>

int main(int argc, char **argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: consumer-host PLUGIN_DIR\n");
        return 2;
    }
    tenon::HostConfig config;
    config.interface_name = CONSUMER_INTERFACE;
    config.interface_version = CONSUMER_INTERFACE_VERSION;
    config.hooks = {tenon::HookDecl::of<consumer_describe_hook>(), tenon::HookDecl::of<consumer_count_hook>()};
    auto host = tenon::Host::create(config);
    if (!host) {
        std::fprintf(stderr, "consumer-host: %s\n", host.error().message.c_str());
        return 1;
    }
    tenon::PluginSources sources;
    sources.directories = {argv[1]};
#ifdef CONSUMER_LINKED
    sources.static_plugins = tenon::linked_static_plugins();
#endif
    const tenon::LoadReport report = host->load(sources, 1);
    for (const auto &error : report.errors) {
        std::fprintf(stderr, "consumer-host: %s\n", error.message.c_str());
    }
    if (!report.ok()) {
        return 1;
    }
    auto plugins = host->plugins();  // by name: a linked plugin loads before the directory's
    std::sort(plugins.begin(), plugins.end(), [](const auto &a, const auto &b) { return a.name < b.name; });
    for (const auto &plugin : plugins) {
        std::printf("loaded %s %s%s\n", plugin.name.c_str(), plugin.version.c_str(), plugin.linked_in ? " (linked)" : "");
    }
    const auto describe = host->hook<consumer_describe_hook>().value();
    for (const char *thing : {"three-files", "cxx", "nothing"}) {
        char text[96] = "";
        const int result = describe(thing, text, sizeof text);
        std::printf("describe %s: %d %s\n", thing, result, result == 0 ? text : "-");
    }
    int total = 0;
    const int counted = host->hook<consumer_count_hook>().value()(&total);
    std::printf("count: %d, total %d\n", counted, total);
    host->finish(1, 0);
    return 0;
}
