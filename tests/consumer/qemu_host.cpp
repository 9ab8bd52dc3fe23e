// A QEMU-like host for the consumer's QEMU plugins: loads the directory it is
// given, passes qemu_srv one argument, finishes (atexit callbacks first), and
// prints what the plugins wrote with qemu_plugin_outs, one line each.
#include <tenon/host.hpp>

#include <cstdio>

int main(int argc, char **argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: consumer-qemu-host PLUGIN_DIR\n");
        return 2;
    }
    tenon::HostConfig config;
    config.interface_name = "qemu";
    config.interface_version = 2;
    auto host = tenon::Host::create(config);
    if (!host) {
        std::fprintf(stderr, "%s\n", host.error().message.c_str());
        return 1;
    }
    host->set_log_sink([](tenon::LogLevel level, std::string_view source, std::string_view message) {
        if (level == tenon::LogLevel::info && source != "tenon") {
            std::printf("%.*s\n", static_cast<int>(message.size()), message.data());
        } else if (level <= tenon::LogLevel::warn) {
            std::fprintf(stderr, "%.*s\n", static_cast<int>(message.size()), message.data());
        }
    });
    tenon::PluginSources sources;
    sources.directories = {argv[1]};
    sources.arguments = {{"qemu_srv", {{"greeting", "hello"}}}};
    const tenon::LoadReport report = host->load(sources, 0);
    for (const tenon::Error &error : report.errors) {
        std::fprintf(stderr, "%s\n", error.message.c_str());
    }
    host->finish(0, 0);
    return report.ok() ? 0 : 1;
}
