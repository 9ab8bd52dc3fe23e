// A GoogleTest base for tests that drive one strict host over fixture plugins.
#pragma once

#include "test_hooks.h"
#include "test_support.hpp"

#include <gtest/gtest.h>

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tenon_test {

using Strings = std::vector<std::string>;

/// Explicit sources in exactly this order (a directory would sort by file name).
inline tenon::PluginSources fixture_files(std::initializer_list<std::string> names) {
    tenon::PluginSources sources;
    for (const auto &name : names) {
        sources.files.push_back(fixture(name));
    }
    return sources;
}

/// The entries of `all` that start with `prefix`, in order.
inline Strings starting_with(const Strings &all, const std::string &prefix) {
    Strings out;
    for (const auto &entry : all) {
        if (entry.compare(0, prefix.size(), prefix) == 0) {
            out.push_back(entry);
        }
    }
    return out;
}

/// The trace events of one plugin (lines "PLUGIN: ..."), in order.
inline Strings events_of(const Recorder &recorder, std::string_view plugin) {
    return starting_with(recorder.events(), std::string(plugin) + ": ");
}

/// The log lines whose source is `source`, e.g. "[thrower] error: ...", in order.
inline Strings lines_from(const Recorder &recorder, std::string_view source) {
    const std::string prefix = "[" + std::string(source) + "] ";
    Strings out;
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
        auto created = tenon::Host::create(test_config());
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
        ASSERT_TRUE(report.ok()) << testing::PrintToString(messages(report));
    }
    template <typename Decl>
    tenon::Hook<Decl> hook() const {
        return host_->hook<Decl>().value();
    }
    /// test_claim(key, &answer): returns the chain's result and sets `answer`.
    int claim(int key, int &answer) const { return hook<test_claim_hook>()(key, &answer); }

    Recorder recorder_;  // declared before the host, so it outlives the host's last log line
    std::optional<tenon::Host> host_;
};

}  // namespace tenon_test
