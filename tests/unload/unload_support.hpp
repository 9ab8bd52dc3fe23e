// Helpers shared by the unload tests: a strict test host that also declares
// the host event unload_host_tick, one-line accessors for the chains and the
// event, a plugin's trace events, and whether a fixture file is mapped.
#pragma once

#include "host_test.hpp"
#include "test_support.hpp"
#include "unload_api.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

namespace unload_test {

using tenon_test::fixture;
using tenon_test::fixture_files;
using tenon_test::Strings;

/// The test host's configuration (tenon_test::test_config) plus the host event unload_host_tick.
inline tenon::HostConfig unload_config() {
    tenon::HostConfig config = tenon_test::test_config();
    config.events = {tenon::EventDecl::of<unload_host_tick_event>()};
    return config;
}

/// The path of a fixture as the runtime reports it in messages ("FILE: ...").
inline std::string file_of(const std::string &fixture_name) {
    return fixture(fixture_name).string();
}

/// True when /proc/self/maps lists `file`: the dynamic loader has it mapped.
inline bool is_mapped(const std::filesystem::path &file) {
    const std::string target = std::filesystem::canonical(file).string();
    std::ifstream maps("/proc/self/maps");
    for (std::string line; std::getline(maps, line);) {
        if (line.size() >= target.size() && line.compare(line.size() - target.size(), target.size(), target) == 0) {
            return true;
        }
    }
    return false;
}

/// A strict host with unload_config() and a recorder (log level debug); finished after each test.
class UnloadTest : public tenon_test::HostTest {
protected:
    void SetUp() override {
        auto created = tenon::Host::create(unload_config());
        ASSERT_TRUE(created) << created.error().message;
        host_.emplace(std::move(created.value()));
        recorder_.attach(*host_);
    }

    /// test_notify's result must be 0; returns what the chain added to a counter starting at 0.
    int notify_sum() const {
        int counter = 0;
        EXPECT_EQ(hook<test_notify_hook>()(&counter), 0);
        return counter;
    }
    /// Runs unload_host_tick; returns what its callbacks added to a counter starting at 0.
    int host_tick_sum() const {
        int counter = 0;
        host_->event<unload_host_tick_event>().value()(&counter);
        return counter;
    }
    std::size_t host_tick_size() const { return host_->event<unload_host_tick_event>().value().size(); }

    /// The trace events of one plugin, e.g. "provider: exit 12 0", in order.
    Strings events_of(std::string_view plugin) const {
        const std::string prefix = std::string(plugin) + ": ";
        Strings out;
        for (const auto &event : recorder_.events()) {
            if (event.compare(0, prefix.size(), prefix) == 0) {
                out.push_back(event);
            }
        }
        return out;
    }
    bool loaded(std::string_view name) const { return static_cast<bool>(host_->find_plugin(name)); }
};

}  // namespace unload_test
