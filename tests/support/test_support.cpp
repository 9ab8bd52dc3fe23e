#include "test_support.hpp"

#include "test_hooks.h"

#include <cstdlib>
#include <fstream>
#include <stdexcept>
#include <sys/stat.h>

namespace tenon_test {

std::filesystem::path fixture(const std::string &file_name) {
    return std::filesystem::path(TENON_FIXTURE_DIR) / file_name;
}

TempDir::TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "tenon-test-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) {
        throw std::runtime_error("mkdtemp failed");
    }
    path_ = pattern;
    chmod(path_.c_str(), 0755);  // reachable by an unprivileged child (the unreadable-file test)
}

TempDir::~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
}

std::filesystem::path TempDir::add_fixture(const std::string &fixture_name, const std::string &as_name) const {
    const auto target = path_ / (as_name.empty() ? fixture_name : as_name);
    std::filesystem::copy_file(fixture(fixture_name), target, std::filesystem::copy_options::overwrite_existing);
    return target;
}

std::filesystem::path TempDir::write_file(const std::string &name, const std::string &bytes) const {
    const auto target = path_ / name;
    std::ofstream(target, std::ios::binary) << bytes;
    return target;
}

tenon::HostConfig test_config(tenon::LoadMode mode) {
    tenon::HostConfig config;
    config.interface_name = "test";
    config.interface_version = 2;
    config.min_interface_version = 1;
    config.hooks = {tenon::HookDecl::of<test_claim_hook>(), tenon::HookDecl::of<test_notify_hook>(),
                    tenon::HookDecl::of<test_name_hook>()};
    config.mode = mode;
    return config;
}

namespace {
// The trace service is a plain C function, so it reaches the active recorder through this.
std::mutex active_mutex;
Recorder *active_recorder = nullptr;
}  // namespace

Recorder::~Recorder() {
    std::lock_guard lock(active_mutex);
    if (active_recorder == this) {
        active_recorder = nullptr;
    }
}

void Recorder::attach(tenon::Host &host) {
    {
        std::lock_guard lock(active_mutex);
        active_recorder = this;
    }
    host.set_log_level(tenon::LogLevel::debug);
    host.set_log_sink([this](tenon::LogLevel level, std::string_view source, std::string_view message) {
        std::lock_guard lock(mutex_);
        lines_.push_back("[" + std::string(source) + "] " + std::string(tenon::to_string(level)) + ": " +
                         std::string(message));
    });
    host.provide_function(TEST_TRACE_SERVICE, &Recorder::trace);
}

void Recorder::trace(const char *plugin, const char *event) {
    std::lock_guard lock(active_mutex);
    if (active_recorder != nullptr) {
        std::lock_guard inner(active_recorder->mutex_);
        active_recorder->events_.push_back(std::string(plugin) + ": " + event);
    }
}

std::vector<std::string> Recorder::lines() const {
    std::lock_guard lock(mutex_);
    return lines_;
}

std::vector<std::string> Recorder::events() const {
    std::lock_guard lock(mutex_);
    return events_;
}

bool Recorder::has_line(const std::string &exact) const {
    std::lock_guard lock(mutex_);
    for (const auto &line : lines_) {
        if (line == exact) {
            return true;
        }
    }
    return false;
}

std::vector<std::string> messages(const tenon::LoadReport &report) {
    std::vector<std::string> out;
    for (const auto &error : report.errors) {
        out.push_back(error.message);
    }
    return out;
}

}  // namespace tenon_test
