// Helpers shared by the dependencies tests: a host with a recorder, loading
// fixtures by name, and the errors of a report as comparable values so one
// EXPECT_EQ checks every code, message and file, in order.
#pragma once

#include "test_hooks.h"
#include "test_support.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <initializer_list>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace dependencies_test {

using Strings = std::vector<std::string>;

/// One error of a report: all three fields, compared at once.
struct Refusal {
    tenon::Errc code = tenon::Errc::ok;
    std::string message;
    std::filesystem::path file;
    bool operator==(const Refusal &) const = default;
};

inline void PrintTo(const Refusal &refusal, std::ostream *out) {
    *out << "{" << tenon::to_string(refusal.code) << ", \"" << refusal.message << "\", " << refusal.file << "}";
}

inline std::vector<Refusal> refusals(const tenon::LoadReport &report) {
    std::vector<Refusal> out;
    for (const tenon::Error &error : report.errors) {
        out.push_back({error.code, error.message, error.file});
    }
    return out;
}

/// Absolute path of a fixture, e.g. path("d_b.so").
inline std::filesystem::path path(const std::string &fixture_name) {
    return tenon_test::fixture(fixture_name);
}

/// Explicit sources in exactly this order (a directory would sort by file name).
inline tenon::PluginSources files(std::initializer_list<std::string> fixture_names) {
    tenon::PluginSources sources;
    for (const auto &name : fixture_names) {
        sources.files.push_back(path(name));
    }
    return sources;
}

inline tenon::PluginSources directory(const std::filesystem::path &dir) {
    tenon::PluginSources sources;
    sources.directories = {dir};
    return sources;
}

/// A test with one host (strict unless start() says otherwise) and a recorder
/// at log level info, so lines() holds exactly the errors the load logged.
/// The host is finished after each test.
class DependencyTest : public testing::Test {
protected:
    void TearDown() override {
        if (host_) {
            host_->finish(TEST_STAGE_DUMP, 0);
        }
    }

    tenon::Host &start(tenon::LoadMode mode = tenon::LoadMode::strict) {
        host_.emplace(tenon::Host::create(tenon_test::test_config(mode)).value());
        recorder_.attach(*host_);
        host_->set_log_level(tenon::LogLevel::info);
        return *host_;
    }

    tenon::LoadReport load(const tenon::PluginSources &sources) {
        if (!host_) {
            start();
        }
        return host_->load(sources, TEST_STAGE_DUMP);
    }

    /// Host::plugins() names, in load order.
    Strings plugin_names() const {
        Strings names;
        for (const auto &plugin : host_->plugins()) {
            names.push_back(plugin.name);
        }
        return names;
    }

    /// The plugins in test_notify's broadcast chain, in dispatch order.
    Strings chain() const {
        Strings names;
        int counter = 0;
        for (const auto &result : host_->hook<test_notify_hook>().value().collect(&counter)) {
            names.emplace_back(result.plugin);
        }
        return names;
    }

    /// "NAME: init 11" for each name, in this order.
    static Strings inits(const Strings &names) { return traced(names, ": init 11"); }
    /// "NAME: exit 11" for each name, in this order.
    static Strings exits(const Strings &names) { return traced(names, ": exit 11"); }

    tenon_test::Recorder recorder_;  // declared before the host, so it outlives the host's last log line
    std::optional<tenon::Host> host_;

private:
    static Strings traced(const Strings &names, const std::string &event) {
        Strings out;
        for (const auto &name : names) {
            out.push_back(name + event);
        }
        return out;
    }
};

}  // namespace dependencies_test
