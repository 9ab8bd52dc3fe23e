// Helpers shared by the lifecycle tests: naming fixtures as load sources, and
// flattening what a chain did so one EXPECT_EQ compares all of it.
#pragma once

#include "test_hooks.h"
#include "host_test.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace lifecycle_test {

using tenon_test::fixture_files;
using tenon_test::HostTest;
using tenon_test::lines_from;

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

}  // namespace lifecycle_test
