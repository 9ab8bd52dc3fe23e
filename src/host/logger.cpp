#include "host/logger.hpp"

#include <tenon/escape.hpp>

#include <cstdio>

namespace tenon {

std::string_view to_string(LogLevel level) noexcept {
    switch (level) {
        case LogLevel::error:
            return "error";
        case LogLevel::warn:
            return "warn";
        case LogLevel::info:
            return "info";
        case LogLevel::debug:
            return "debug";
    }
    return "unknown";
}

namespace detail {

void write_to_stderr(LogLevel level, std::string_view source, std::string_view message) {
    std::fprintf(stderr, "[%.*s] %.*s: %.*s\n", static_cast<int>(source.size()), source.data(),
                 static_cast<int>(to_string(level).size()), to_string(level).data(), static_cast<int>(message.size()),
                 message.data());
}

Logger::Logger() : sink_(write_to_stderr) {}

void Logger::set_sink(LogSink sink) {
    std::lock_guard lock(mutex_);
    sink_ = sink ? std::move(sink) : LogSink(write_to_stderr);
}

void Logger::write(LogLevel level, std::string_view source, std::string_view message) {
    if (!enabled(level)) {
        return;
    }
    // One message is one line, whoever wrote it: a plugin's text (or a name
    // from its file) cannot end the line and forge another. Escaping is
    // idempotent, so messages the runtime escaped already come out the same.
    const std::string safe_source = escape_untrusted(source);
    const std::string safe_message = escape_untrusted(message);
    std::lock_guard lock(mutex_);
    sink_(level, safe_source, safe_message);
}

}  // namespace detail
}  // namespace tenon
