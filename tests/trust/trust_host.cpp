// The host the setuid tests run (setuid_test.cpp), as a separate program so
// that the kernel can start it setuid. It loads from
//     PluginSources{.environment_variable = "TENON_TRUST_TEST_PATH", .default_directory = argv[1]}
// and prints, one line each: its effective uid, the runtime's line saying
// where the plugins came from, every error of the report, and every plugin loaded.
#include "test_hooks.h"
#include "test_support.hpp"

#include <cstdio>
#include <string_view>
#include <sys/auxv.h>
#include <unistd.h>

// Read by AddressSanitizer builds only. LeakSanitizer cannot run in a setuid
// process: it is not dumpable, so it can neither ptrace its own threads nor
// read its own /proc/self/environ for ASAN_OPTIONS. Runs that are not setuid
// keep it.
extern "C" const char *__asan_default_options() {
    return getauxval(AT_SECURE) != 0 ? "detect_leaks=0" : "";
}

int main(int argc, char **argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: trust_host DEFAULT_DIRECTORY\n");
        return 2;
    }
    auto host = tenon::Host::create(tenon_test::test_config());
    if (!host) {
        std::fprintf(stderr, "trust_host: %s\n", host.error().message.c_str());
        return 2;
    }
    std::setvbuf(stdout, nullptr, _IOLBF, 0);  // every line reaches the test, even if the process dies
    std::printf("euid %u\n", static_cast<unsigned>(geteuid()));
    host->set_log_level(tenon::LogLevel::debug);
    host->set_log_sink([](tenon::LogLevel, std::string_view source, std::string_view message) {
        // "loading N plugin file(s) from ORIGIN": the source resolve_sources chose.
        if (source == "tenon" && message.starts_with("loading ")) {
            std::printf("%.*s\n", static_cast<int>(message.size()), message.data());
        }
    });
    tenon::PluginSources sources;
    sources.environment_variable = "TENON_TRUST_TEST_PATH";
    sources.default_directory = argv[1];
    const tenon::LoadReport report = host->load(sources, TEST_STAGE_DUMP);
    for (const tenon::Error &error : report.errors) {
        std::printf("error %s\n", error.message.c_str());
    }
    for (const std::string &name : report.loaded) {
        std::printf("loaded %s\n", name.c_str());
    }
    host->finish(TEST_STAGE_DUMP, 0);
    return report.ok() ? 0 : 1;
}
