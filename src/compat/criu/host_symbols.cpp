// The C functions a plugin compiled against CRIU's own headers expects its
// host to define. A host using the CRIU profile links libtenon-criu.so, so
// these are in the process's global scope and such plugins load under
// RTLD_NOW (CRIU issue 2521 was one of them missing). Each finds the engine
// whose plugin called it from the caller's address.
#include "compat/criu/engine_registry.hpp"

#include <cerrno>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <string>

namespace {

// CRIU's LOG_MSG .. LOG_DEBUG.
tenon::LogLevel level_of(unsigned int criu_level) {
    switch (criu_level) {
        case 1:
            return tenon::LogLevel::error;
        case 2:
            return tenon::LogLevel::warn;
        case 4:
            return tenon::LogLevel::debug;
        default:
            return tenon::LogLevel::info;  // LOG_MSG and LOG_INFO
    }
}

std::string format_line(const char *format, va_list args) {
    va_list measure;
    va_copy(measure, args);
    const int length = std::vsnprintf(nullptr, 0, format, measure);
    va_end(measure);
    if (length < 0) {
        return format;  // unformattable: show the raw format
    }
    std::string line(static_cast<std::size_t>(length) + 1, '\0');
    std::vsnprintf(line.data(), line.size(), format, args);
    line.resize(static_cast<std::size_t>(length));
    while (!line.empty() && line.back() == '\n') {
        line.pop_back();  // the sink ends lines itself
    }
    return line;
}

}  // namespace

extern "C" {

__attribute__((visibility("default"), noinline)) void print_on_level(unsigned int loglevel, const char *format, ...) {
    const void *caller = __builtin_return_address(0);
    if (format == nullptr) {
        return;
    }
    va_list args;
    va_start(args, format);
    const std::string line = format_line(format, args);
    va_end(args);
    const bool routed = tenon::criu::registry::with_engine_of(
        caller, [&](tenon::criu::PluginEngine::State &engine, const std::optional<std::string> &plugin) {
            engine.host.write_log(level_of(loglevel), plugin ? *plugin : "criu", line);
        });
    if (!routed) {
        std::fprintf(stderr, "[criu] %s\n", line.c_str());  // no engine to route it to
    }
}

__attribute__((visibility("default"), noinline)) int criu_get_image_dir(void) {
    int fd = -1;
    tenon::criu::registry::with_engine_of(
        __builtin_return_address(0), [&](tenon::criu::PluginEngine::State &engine, const std::optional<std::string> &) {
            fd = __atomic_load_n(&engine.image_dir_fd, __ATOMIC_ACQUIRE);
        });
    return fd;
}

__attribute__((visibility("default"), noinline)) int add_inventory_plugin(const char *name) {
    int result = -ENOENT;
    tenon::criu::registry::with_engine_of(
        __builtin_return_address(0), [&](tenon::criu::PluginEngine::State &engine, const std::optional<std::string> &) {
            if (name == nullptr) {
                result = -EINVAL;
                engine.host.write_log(tenon::LogLevel::error, "criu",
                                      "add_inventory_plugin: argument 'name': expected a plugin name, found NULL");
                return;
            }
            const tenon::Error error = engine.host.mark_used(name);
            result = error.code == tenon::Errc::ok ? 0 : -ENOENT;
            if (result != 0) {
                engine.host.write_log(tenon::LogLevel::error, "criu", "add_inventory_plugin: " + error.message);
            }
        });
    return result;
}

__attribute__((visibility("default"), noinline)) bool check_and_remove_inventory_plugin(const char *name, size_t n) {
    bool needed = true;
    if (name == nullptr) {
        return needed;
    }
    const std::string asked(name, strnlen(name, n));
    tenon::criu::registry::with_engine_of(
        __builtin_return_address(0), [&](tenon::criu::PluginEngine::State &engine, const std::optional<std::string> &) {
            needed = engine.host.inventory_needs(asked);
        });
    return needed;
}

__attribute__((visibility("default"), noinline)) int criu_plugin_get_options(int *argc, char ***argv) {
    static char program[] = "criu-plugin";
    static char *none[] = {program, nullptr};
    if (argc == nullptr || argv == nullptr) {
        return -EINVAL;
    }
    *argc = 1;
    *argv = none;
    tenon::criu::registry::with_engine_of(
        __builtin_return_address(0), [&](tenon::criu::PluginEngine::State &engine, const std::optional<std::string> &) {
            *argc = engine.plugin_options.argc;
            *argv = engine.plugin_options.argv;
        });
    return 0;
}

}  // extern "C"
