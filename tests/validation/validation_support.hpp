// Small helpers shared by the validation tests.
#pragma once

#include "test_hooks.h"
#include "test_support.hpp"

#include <tenon/host.hpp>

#include <gtest/gtest.h>

#include <filesystem>
#include <ostream>
#include <string>

namespace tenon {
// Lets GoogleTest print "bad_magic" instead of a raw number when a code differs.
inline void PrintTo(Errc code, std::ostream *os) {
    *os << to_string(code);
}
}  // namespace tenon

namespace validation {

/// A host on `config` whose log lines and trace events go to `recorder`.
tenon::Host make_host(tenon_test::Recorder &recorder, tenon::HostConfig config = tenon_test::test_config());

/// Sources naming exactly one file, or exactly one directory.
tenon::PluginSources only_file(const std::filesystem::path &file);
tenon::PluginSources only_directory(const std::filesystem::path &directory);

/// The whole content of `file`.
std::string read_bytes(const std::filesystem::path &file);

/// The names of the host's plugins, in load order.
std::vector<std::string> plugin_names(const tenon::Host &host);

/// True when `report` holds exactly one error, with `code` and `message`. On failure it says what
/// differed and lists every actual error (code by name, file, message), so one line replaces the
/// size/code/message trio. Use ASSERT_TRUE when the test goes on to read report.errors[0].
::testing::AssertionResult only_error(const tenon::LoadReport &report, tenon::Errc code, const std::string &message);

/// Sets an environment variable for one scope, so a failing assertion cannot leak it into the next test.
class ScopedEnv {
public:
    ScopedEnv(std::string name, const std::string &value);
    ~ScopedEnv();
    ScopedEnv(const ScopedEnv &) = delete;
    ScopedEnv &operator=(const ScopedEnv &) = delete;

private:
    std::string name_;
};

}  // namespace validation
