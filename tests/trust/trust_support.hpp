// What the trust tests share: a test with a plugin directory, a constructor
// trace outside it, and a host whose log lines and trace events are
// recorded; and the file-system surgery (modes, owners) the policy judges.
#pragma once

#include "test_hooks.h"
#include "test_support.hpp"
#include "validation_support.hpp"

#include <tenon/host.hpp>

#include <gtest/gtest.h>

#include <filesystem>
#include <optional>
#include <string>
#include <sys/types.h>
#include <unistd.h>
#include <vector>

namespace trust_test {

namespace fs = std::filesystem;

/// A user who owns nothing of the host's: "nobody" on Debian.
inline constexpr uid_t other_user = 65534;

/// This process's effective uid as the policy's messages show it ("0" as root).
std::string my_uid();

/// chmod, failing the test when it fails.
void set_mode(const fs::path &path, mode_t mode);
/// chown (the group left as it is), failing the test when it fails.
void set_owner(const fs::path &path, uid_t owner);
/// A new directory `name` in `parent`, with exactly `mode` (umask does not apply).
fs::path make_directory(const fs::path &parent, const std::string &name, mode_t mode);

/// Changing a file's owner needs root; tests that do skip otherwise.
#define TRUST_REQUIRE_ROOT()                                                         \
    do {                                                                             \
        if (geteuid() != 0) {                                                        \
            GTEST_SKIP() << "needs root: it gives a file or directory to uid 65534"; \
        }                                                                            \
    } while (false)

/// A plugin directory (`dir_`, a fresh 0755 directory of root's under /tmp,
/// which is trusted), TENON_TEST_CONSTRUCTOR_TRACE pointing at a file in
/// another directory, and a recorder for the host that load() creates.
class TrustTest : public ::testing::Test {
protected:
    void TearDown() override;

    /// Creates the host on `config` (its lines and events go to recorder_)
    /// and loads `sources` at TEST_STAGE_DUMP.
    tenon::LoadReport load(const tenon::PluginSources &sources, tenon::HostConfig config = tenon_test::test_config());

    /// Proves that no plugin code ran: no constructor left its trace, and no
    /// init or exit was recorded. Every refusal test ends with it.
    void expect_no_plugin_code_ran() const;
    /// Proves that exactly `plugins` ran, in this order: each constructor's
    /// trace, then each init at TEST_STAGE_DUMP.
    void expect_ran(const std::vector<std::string> &plugins) const;

    tenon_test::TempDir dir_;
    tenon_test::TempDir scratch_;
    const fs::path trace_ = scratch_.path() / "constructor.trace";
    const validation::ScopedEnv trace_variable_{"TENON_TEST_CONSTRUCTOR_TRACE", trace_.string()};
    tenon_test::Recorder recorder_;  // before the host, so it outlives the host's last line
    std::optional<tenon::Host> host_;
};

}  // namespace trust_test
