// Shared helpers for the test suite.
#pragma once

#include <tenon/host.hpp>

#include <filesystem>
#include <mutex>
#include <string>
#include <vector>

namespace tenon_test {

/// Absolute path of a fixture plugin built by tenon_add_fixture, e.g. fixture("good_c.so").
std::filesystem::path fixture(const std::string &file_name);

/// A fresh directory under /tmp (mode 0755), removed with its contents on destruction.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir &) = delete;
    TempDir &operator=(const TempDir &) = delete;
    const std::filesystem::path &path() const { return path_; }
    /// Copies fixture `fixture_name` into this directory as `as_name` (default: same name); returns the new path.
    std::filesystem::path add_fixture(const std::string &fixture_name, const std::string &as_name = "") const;
    /// Writes `bytes` to `name` in this directory; returns the path.
    std::filesystem::path write_file(const std::string &name, const std::string &bytes) const;

private:
    std::filesystem::path path_;
};

/// The test host's configuration: interface "test/2" (accepts "test/1"),
/// hooks test_claim, test_notify and test_name from fixtures/test_hooks.h.
tenon::HostConfig test_config(tenon::LoadMode mode = tenon::LoadMode::strict);

/// Records every log line and every "test.trace" event of one Host.
/// Install with attach(host); thread-safe. Declare it before the Host, so it
/// outlives the Host's last log line.
class Recorder {
public:
    Recorder() = default;
    ~Recorder();
    Recorder(const Recorder &) = delete;
    Recorder &operator=(const Recorder &) = delete;
    void attach(tenon::Host &host);
    std::vector<std::string> lines() const;   ///< "[source] level: message"
    std::vector<std::string> events() const;  ///< "plugin: event", in the order they happened
    bool has_line(const std::string &exact) const;

private:
    static void trace(const char *plugin, const char *event);
    mutable std::mutex mutex_;
    std::vector<std::string> lines_;
    std::vector<std::string> events_;
};

/// The messages of a report's errors, in order.
std::vector<std::string> messages(const tenon::LoadReport &report);

}  // namespace tenon_test
