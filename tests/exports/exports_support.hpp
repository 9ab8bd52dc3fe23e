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

using tenon_test::events_of;
using tenon_test::fixture_files;
using tenon_test::HostTest;
using tenon_test::lines_from;
using tenon_test::starting_with;

using Strings = std::vector<std::string>;

}  // namespace exports_test
