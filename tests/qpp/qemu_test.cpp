// Plugins written for QEMU's plugin-to-plugin work, built against Tenon's
// <qemu-plugin.h> and <plugin-qpp.h>: the adapter's checks and imports (each
// failure fails the init with a message, before qemu_plugin_install runs),
// QPP v2's named callbacks with every failure, and a plugin that both
// provides and consumes with CURRENT_PLUGIN defined for it. The RFC's own
// test pairs are checked end to end by the qpp.rfc_v1 and qpp.rfc_v2 tests.
#include "host_test.hpp"

#include <tenon/metadata.hpp>

#include <gtest/gtest.h>

#include <algorithm>

#include <string>
#include <vector>

namespace {

using Strings = std::vector<std::string>;

const std::string example_dir = QEMU_EXAMPLE_DIR;

// A host of interface "qemu" (versions 1 and 2), as examples/qemu/host.cpp, with a recorder.
class QemuTest : public testing::Test {
protected:
    void SetUp() override {
        tenon::HostConfig config;
        config.interface_name = "qemu";
        config.interface_version = 2;
        config.min_interface_version = 1;
        auto created = tenon::Host::create(config);
        ASSERT_TRUE(created) << created.error().message;
        host_.emplace(std::move(created.value()));
        recorder_.attach(*host_);
    }
    void TearDown() override { host_->finish(0, 0); }

    tenon::LoadReport load(const std::vector<std::filesystem::path> &files) {
        tenon::PluginSources sources;
        sources.files = files;
        return host_->load(sources, 0);
    }
    Strings lines_at(const std::string &level) const {
        Strings out;
        for (const std::string &line : recorder_.lines()) {
            if (line.find("] " + level + ": ") != std::string::npos && line.rfind("[tenon]", 0) != 0) {
                out.push_back(line);
            }
        }
        return out;
    }

    tenon_test::Recorder recorder_;
    std::optional<tenon::Host> host_;
};

std::string init_failed(const std::string &file, const std::string &plugin) {
    return tenon_test::fixture(file).string() + ": plugin '" + plugin +
           "': init(stage 0): expected 0, found -2 (No such file or directory)";
}

TEST_F(QemuTest, AFunctionThatCannotBeImportedFailsTheInitWithAMessageNotTheProcess) {
    const auto report = load({tenon_test::fixture("qemu_lonely.so")});

    EXPECT_EQ(tenon_test::messages(report), Strings{init_failed("qemu_lonely.so", "qemu_lonely")});
    // Every function it could not import is named (in the order the compiler laid out the prototypes).
    Strings errors = lines_at("error");
    std::sort(errors.begin(), errors.end());
    EXPECT_EQ(errors, (Strings{"[qemu_lonely] error: Error plugin qemu_lonely cannot import do_add from qpp_srv: "
                               "import 'do_add' from 'qpp_srv': provider: expected a loaded, initialised plugin "
                               "named 'qpp_srv', found none",
                               "[qemu_lonely] error: Error plugin qemu_lonely cannot import do_sub from qpp_srv: "
                               "import 'do_sub' from 'qpp_srv': provider: expected a loaded, initialised plugin "
                               "named 'qpp_srv', found none"}));
    EXPECT_EQ(recorder_.events(), Strings{});  // qemu_plugin_install never ran
}

TEST_F(QemuTest, QemuPluginNameMustBeTheTenonName) {
    const auto report = load({tenon_test::fixture("qemu_misnamed.so")});

    EXPECT_EQ(tenon_test::messages(report), Strings{init_failed("qemu_misnamed.so", "qemu_misnamed")});
    EXPECT_EQ(lines_at("error"), Strings{"[qemu_misnamed] error: qemu_plugin_name: expected \"qemu_misnamed\" (the "
                                         "TENON_QEMU_PLUGIN name), found \"other_name\""});
    EXPECT_EQ(recorder_.events(), Strings{});
}

TEST_F(QemuTest, QemuPluginUsesNamesWhatToRequire) {
    const auto report = load({tenon_test::fixture("qemu_uses_absent.so")});

    EXPECT_EQ(tenon_test::messages(report), Strings{init_failed("qemu_uses_absent.so", "qemu_uses_absent")});
    EXPECT_EQ(lines_at("error"),
              Strings{"[qemu_uses_absent] error: qemu_plugin_uses names \"qpp_nowhere\": expected a plugin "
                      "initialised before this one, found none; add TENON_REQUIRES(\"qpp_nowhere\", \"\") so the "
                      "loader loads it first or refuses this plugin"});
    EXPECT_EQ(recorder_.events(), Strings{});
}

TEST_F(QemuTest, NamedCallbacksHaveNoLimitAndEveryFailureIsAFalseAndAWarning) {
    const auto report = load({tenon_test::fixture("qemu_callbacks.so")});
    ASSERT_TRUE(report.ok()) << testing::PrintToString(tenon_test::messages(report));

    EXPECT_EQ(recorder_.events(), (Strings{
                                      "qemu_callbacks: create tick: 1",
                                      "qemu_callbacks: create tick again: 0",
                                      "qemu_callbacks: create with another id: 0",
                                      "qemu_callbacks: run before any registration: 0",
                                      "qemu_callbacks: register 20 times: 1",
                                      "qemu_callbacks: run: 1",
                                      "qemu_callbacks: calls: 20",
                                      "qemu_callbacks: unregister one: 1",
                                      "qemu_callbacks: run again: 1",
                                      "qemu_callbacks: calls with udata: 19019",
                                      "qemu_callbacks: unregister never registered: 0",
                                      "qemu_callbacks: register on a plugin not loaded: 0",
                                      "qemu_callbacks: register on a callback never created: 0",
                                      "qemu_callbacks: run a callback never created: 0",
                                  }));
    EXPECT_EQ(lines_at("warn"),
              (Strings{
                  "[qemu_callbacks] warn: Plugin qemu_callbacks already created callback tick",
                  "[qemu_callbacks] warn: Cannot create callback with invalid plugin ID",
                  "[qemu_callbacks] warn: Function to remove not found in registered functions for callback tick in "
                  "plugin qemu_callbacks",
                  "[qemu_callbacks] warn: Cannot register a function to run on unknown plugin qpp_nowhere (subscribe "
                  "to 'tick' of plugin 'qpp_nowhere': provider: expected a loaded, initialised plugin named "
                  "'qpp_nowhere', found none)",
                  "[qemu_callbacks] warn: Cannot register a function to run on callback tock in plugin "
                  "qemu_callbacks as that callback does not exist",
                  "[qemu_callbacks] warn: Can not run previously-unregistered callback tock in plugin qemu_callbacks",
              }));
}

TEST_F(QemuTest, TheHostsArgumentsReachQemuPluginInstallAsArgv) {
    auto spec = tenon::parse_plugin_arguments("qemu_args,depth=3,mode=fast,empty=");
    ASSERT_TRUE(spec) << spec.error().message;
    tenon::PluginSources sources;
    sources.files = {tenon_test::fixture("qemu_args.so")};
    sources.arguments = {spec.value()};
    const auto report = host_->load(sources, 0);
    ASSERT_TRUE(report.ok()) << testing::PrintToString(tenon_test::messages(report));

    EXPECT_EQ(recorder_.events(), (Strings{"qemu_args: argc 3", "qemu_args: argv depth=3", "qemu_args: argv mode=fast",
                                           "qemu_args: argv empty=", "qemu_args: argv[argc] is NULL"}));
}

TEST_F(QemuTest, APluginThatProvidesAndConsumesDeclaresOnlyItsOwnWithCurrentPluginDefined) {
    // Its file names only its own callback and function, though qpp_srv's header was compiled into it.
    const auto metadata = tenon::read_plugin_metadata(tenon_test::fixture("qemu_middle.so"));
    ASSERT_TRUE(metadata) << metadata.error().message;
    ASSERT_EQ(metadata->exports.size(), 1u);
    EXPECT_EQ(metadata->exports[0].name, "middle_twice");
    ASSERT_EQ(metadata->events.size(), 1u);
    EXPECT_EQ(metadata->events[0].name, "on_middle");
    // And its user declares nothing at all.
    const auto user = tenon::read_plugin_metadata(tenon_test::fixture("qemu_middle_user.so"));
    ASSERT_TRUE(user) << user.error().message;
    EXPECT_TRUE(user->exports.empty());
    EXPECT_TRUE(user->events.empty());

    const auto report = load({example_dir + "/v1/qpp_srv.so", tenon_test::fixture("qemu_middle.so"),
                              tenon_test::fixture("qemu_middle_user.so")});
    ASSERT_TRUE(report.ok()) << testing::PrintToString(tenon_test::messages(report));
    host_->finish(0, 0);

    EXPECT_EQ(recorder_.events(), (Strings{
                                      "qemu_middle: do_add(1) = 2",
                                      "qemu_middle: register on qpp_srv's on_exit: 0",
                                      "qemu_middle: run my own on_middle: 0",
                                      "qemu_middle_user: middle_twice(21) = 42",
                                      "qemu_middle_user: v2 name too: 8",
                                      "qemu_middle_user: register on on_middle: 0",
                                      // At finish: the most recent atexit first (qemu_middle's), then qpp_srv's;
                                      // both reach consumers whose exits have not run yet.
                                      "qemu_middle_user: on_middle(7) reached me",
                                      "qemu_middle: at exit, on_middle(7) reached 1 callback(s)",
                                      "qemu_middle: qpp_srv's on_exit reached me; do_sub(x) = -1",
                                  }));
}

}  // namespace
