// A host that loads plugins the way QEMU's `-plugin` option does: the files
// named on its command line, in that order, each initialised once its
// requirements are (QEMU itself needs them in that order). It runs no guest:
// after loading it finishes at once, which runs every plugin's atexit
// callback while all plugins are live, as QEMU does when the guest exits.
//
// What plugins write with qemu_plugin_outs (info lines) goes to stdout
// exactly as written, as QEMU writes it to its log with `-d plugin`, so the
// output can be compared with QEMU's. Warnings and errors go to stderr with
// their source. The exit status is 0 when every plugin loaded.
//
// Usage: qemu_host [-plugin] FILE.so[,key=value...] ...
// As with QEMU, what follows the file name reaches the plugin's
// qemu_plugin_install as argv ("key=value" each).
#include <tenon/host.hpp>
#include <tenon/metadata.hpp>

#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>

namespace {

constexpr int stage_run = 0;  // QEMU plugins know no stages

void print_line(tenon::LogLevel level, std::string_view source, std::string_view message) {
    if (level == tenon::LogLevel::info && source != "tenon") {
        std::printf("%.*s\n", static_cast<int>(message.size()), message.data());
        return;
    }
    if (level <= tenon::LogLevel::warn) {
        const std::string_view level_name = tenon::to_string(level);
        std::fprintf(stderr, "[%.*s] %.*s: %.*s\n", static_cast<int>(source.size()), source.data(),
                     static_cast<int>(level_name.size()), level_name.data(), static_cast<int>(message.size()),
                     message.data());
    }
}

}  // namespace

int main(int argc, char **argv) {
    std::setvbuf(stdout, nullptr, _IOLBF, 0);
    tenon::PluginSources sources;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "-plugin") == 0) {
            continue;
        }
        auto spec = tenon::parse_plugin_arguments(argv[i]);  // FILE,key=value,...
        if (!spec) {
            std::fprintf(stderr, "qemu_host: %s\n", spec.error().message.c_str());
            return 2;
        }
        sources.files.emplace_back(spec->plugin);
        if (!spec->arguments.empty()) {
            // Tenon passes arguments by plugin name: read it from the file, without loading it.
            auto metadata = tenon::read_plugin_metadata(spec->plugin);
            if (!metadata) {
                std::fprintf(stderr, "qemu_host: %s\n", metadata.error().message.c_str());
                return 1;
            }
            sources.arguments.push_back({metadata->name, std::move(spec->arguments)});
        }
    }
    if (sources.files.empty()) {
        std::fprintf(stderr, "usage: qemu_host [-plugin] FILE.so[,key=value...] ...\n");
        return 2;
    }
    tenon::HostConfig config;
    config.interface_name = "qemu";
    config.interface_version = 2;  // QEMU_PLUGIN_VERSION of the QPP v2 series
    config.min_interface_version = 1;
    config.log_load_errors = false;  // printed below, once
    auto host = tenon::Host::create(config);
    if (!host) {
        std::fprintf(stderr, "qemu_host: %s\n", host.error().message.c_str());
        return 1;
    }
    host->set_log_sink(print_line);
    const tenon::LoadReport report = host->load(sources, stage_run);
    for (const auto &error : report.errors) {
        std::fprintf(stderr, "qemu_host: %s\n", error.message.c_str());
    }
    host->finish(stage_run, 0);  // the guest has "exited": atexit callbacks, then exits
    return report.ok() ? 0 : 1;
}
