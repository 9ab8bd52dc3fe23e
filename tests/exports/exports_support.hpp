// Helpers shared by the exports tests: naming fixtures as load sources, the
// events and log lines of one plugin, and a strict host per test.
#pragma once

#include "test_hooks.h"
#include "test_support.hpp"

#include <gtest/gtest.h>

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace exports_test {

using Strings = std::vector<std::string>;

/// Explicit sources in exactly this order (a directory would sort by file name).
inline tenon::PluginSources fixture_files(std::initializer_list<std::string> names) {
    tenon::PluginSources sources;
    for (const auto &name : names) {
        sources.files.push_back(tenon_test::fixture(name));
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

/// The trace events of one plugin, e.g. "reader: import in init 0".
inline Strings events_of(const tenon_test::Recorder &recorder, std::string_view plugin) {
    return starting_with(recorder.events(), std::string(plugin) + ": ");
}

/// The log lines whose source is `source`, e.g. "[thrower] error: ...".
inline Strings lines_from(const tenon_test::Recorder &recorder, std::string_view source) {
    return starting_with(recorder.lines(), "[" + std::string(source) + "] ");
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
    /// test_claim(key, &answer): returns the chain's result and sets `answer`.
    int claim(int key, int &answer) const { return host_->hook<test_claim_hook>().value()(key, &answer); }

    tenon_test::Recorder recorder_;  // declared before the host, so it outlives the host's last log line
    std::optional<tenon::Host> host_;
};

}  // namespace exports_test
