// Helpers shared by the lifecycle tests: naming fixtures as load sources, and
// flattening what a chain did so one EXPECT_EQ compares all of it.
#pragma once

#include "test_hooks.h"
#include "test_support.hpp"

#include <gtest/gtest.h>

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace lifecycle_test {

/// Explicit sources in exactly this order (a directory would sort by file name).
inline tenon::PluginSources fixture_files(std::initializer_list<std::string> names) {
    tenon::PluginSources sources;
    for (const auto &name : names) {
        sources.files.push_back(tenon_test::fixture(name));
    }
    return sources;
}

/// Which plugin answered what, in chain order.
using Answers = std::vector<std::pair<std::string, int>>;

inline Answers answers(const std::vector<tenon::HandlerResult> &results) {
    Answers out;
    for (const auto &result : results) {
        out.emplace_back(std::string(result.plugin), result.result);
    }
    return out;
}

/// The names of the loaded plugins, in load order.
inline std::vector<std::string> plugin_names(const tenon::Host &host) {
    std::vector<std::string> names;
    for (const auto &plugin : host.plugins()) {
        names.push_back(plugin.name);
    }
    return names;
}

/// The recorded lines whose source is `source`, e.g. "logger" for "[logger] info: ...".
inline std::vector<std::string> lines_from(const tenon_test::Recorder &recorder, std::string_view source) {
    const std::string prefix = "[" + std::string(source) + "] ";
    std::vector<std::string> out;
    for (const auto &line : recorder.lines()) {
        if (line.compare(0, prefix.size(), prefix) == 0) {
            out.push_back(line);
        }
    }
    return out;
}

/// A strict test host with a recorder attached (log level debug); finished after each test.
class HostTest : public testing::Test {
protected:
    void SetUp() override {
        auto created = tenon::Host::create(tenon_test::test_config());
        ASSERT_TRUE(created) << created.error().message;
        host_.emplace(std::move(created.value()));
        recorder_.attach(*host_);
    }
    void TearDown() override {
        if (host_) {
            host_->finish(TEST_STAGE_DUMP, 0);
        }
    }
    /// Loads exactly these fixtures, in this order; fails the test on any error.
    void load(std::initializer_list<std::string> names) {
        const auto report = host_->load(fixture_files(names), TEST_STAGE_DUMP);
        ASSERT_TRUE(report.ok()) << testing::PrintToString(tenon_test::messages(report));
    }
    template <typename Decl>
    tenon::Hook<Decl> hook() const {
        return host_->hook<Decl>().value();
    }

    tenon_test::Recorder recorder_;  // declared before the host, so it outlives the host's last log line
    std::optional<tenon::Host> host_;
};

}  // namespace lifecycle_test
