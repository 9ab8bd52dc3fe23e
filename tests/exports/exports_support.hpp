// Helpers shared by the exports tests: naming fixtures as load sources, the
// events and log lines of one plugin, and a strict host per test.
#pragma once

#include "test_hooks.h"
#include "host_test.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace exports_test {

using tenon_test::fixture_files;
using tenon_test::HostTest;
using tenon_test::lines_from;

using Strings = std::vector<std::string>;

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

}  // namespace exports_test
