// The host's log: one replaceable sink, a level threshold, serialised calls.
#pragma once

#include <tenon/host.hpp>

#include <atomic>
#include <mutex>
#include <string_view>

namespace tenon::detail {

/// Thread-safe: enabled() is lock-free; write() serialises sink calls and
/// hands the sink escaped text (see <tenon/escape.hpp>).
class Logger {
public:
    Logger();
    void set_sink(LogSink sink);
    void set_level(LogLevel level) noexcept { level_.store(static_cast<int>(level), std::memory_order_relaxed); }
    bool enabled(LogLevel level) const noexcept {
        return static_cast<int>(level) <= level_.load(std::memory_order_relaxed);
    }
    void write(LogLevel level, std::string_view source, std::string_view message);

private:
    std::mutex mutex_;
    LogSink sink_;
    std::atomic<int> level_{static_cast<int>(LogLevel::info)};
};

/// The sink a Host starts with: "[source] level: message" on stderr.
void write_to_stderr(LogLevel level, std::string_view source, std::string_view message);

}  // namespace tenon::detail
