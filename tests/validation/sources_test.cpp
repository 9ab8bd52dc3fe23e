// Where plugin files come from: which names count, in what order, and which
// source wins when several are configured.
#include "validation_support.hpp"

#include <gtest/gtest.h>

namespace {

using tenon::Errc;
using validation::make_host;
using validation::only_directory;
using validation::only_error;
using validation::plugin_names;
using validation::ScopedEnv;

constexpr const char *path_variable = "TENON_VALIDATION_PLUGIN_PATH";

TEST(Sources, OnlyRegularFilesEndingInSoAreTaken) {
    tenon_test::TempDir dir;
    dir.add_fixture("v_good_c.so", "good.so");
    // Each would be refused as not ELF if the loader looked at it.
    for (const char *name : {"README", "x.so.1", "x.txt", "so", ".so", "x.SO", "x.so~"}) {
        dir.write_file(name, "not a plugin\n");
    }
    tenon_test::Recorder recorder;
    tenon::Host host = make_host(recorder);
    const auto report = host.load(only_directory(dir.path()), TEST_STAGE_DUMP);
    EXPECT_TRUE(report.errors.empty()) << testing::PrintToString(tenon_test::messages(report));
    EXPECT_EQ(plugin_names(host), std::vector<std::string>{"v-good-c"});
    EXPECT_TRUE(recorder.has_line("[tenon] debug: loading 1 plugin file(s) from explicit sources"))
        << testing::PrintToString(recorder.lines());
}

TEST(Sources, DirectoryIsLoadedInByteOrderOfFileNames) {
    tenon_test::TempDir dir;
    // Created in neither byte nor locale order; "B" < "_" < "a" only in byte order.
    dir.add_fixture("v_order_2.so", "c.so");
    dir.add_fixture("v_order_5.so", "_x.so");
    dir.add_fixture("v_order_1.so", "a.so");
    dir.add_fixture("v_order_4.so", "b.so");
    dir.add_fixture("v_order_3.so", "B.so");
    tenon_test::Recorder recorder;
    tenon::Host host = make_host(recorder);
    const auto report = host.load(only_directory(dir.path()), TEST_STAGE_DUMP);
    EXPECT_TRUE(report.errors.empty()) << testing::PrintToString(tenon_test::messages(report));

    std::vector<std::string> files;
    for (const auto &plugin : host.plugins()) {
        files.push_back(plugin.file.filename().string());
    }
    EXPECT_EQ(files, (std::vector<std::string>{"B.so", "_x.so", "a.so", "b.so", "c.so"}));
    const std::vector<std::string> names{"v-order-3", "v-order-5", "v-order-1", "v-order-4", "v-order-2"};
    EXPECT_EQ(plugin_names(host), names);
    EXPECT_EQ(report.loaded, names);

    // The same order reaches the hook chain.
    std::vector<std::string> chain;
    int counter = 0;
    for (const auto &handler : host.hook<test_notify_hook>().value().collect(&counter)) {
        chain.emplace_back(handler.plugin);
    }
    EXPECT_EQ(chain, names);
}

TEST(Sources, ExplicitFilesComeFirstInTheGivenOrderThenDirectories) {
    tenon_test::TempDir dir;
    dir.add_fixture("v_order_1.so", "a.so");
    tenon::PluginSources sources;
    sources.files = {tenon_test::fixture("v_order_3.so"), tenon_test::fixture("v_order_2.so")};
    sources.directories = {dir.path()};
    tenon_test::Recorder recorder;
    tenon::Host host = make_host(recorder);
    const auto report = host.load(sources, TEST_STAGE_DUMP);
    EXPECT_TRUE(report.errors.empty()) << testing::PrintToString(tenon_test::messages(report));
    EXPECT_EQ(plugin_names(host), (std::vector<std::string>{"v-order-3", "v-order-2", "v-order-1"}));
}

// Three directories, each holding a different plugin, so the loaded name shows which source won.
struct ThreeSources {
    tenon_test::TempDir explicit_dir;
    tenon_test::TempDir env_dir;
    tenon_test::TempDir default_dir;

    ThreeSources() {
        explicit_dir.add_fixture("v_order_1.so");
        env_dir.add_fixture("v_order_2.so");
        default_dir.add_fixture("v_order_3.so");
    }

    tenon::PluginSources sources(bool with_explicit) const {
        tenon::PluginSources sources;
        if (with_explicit) {
            sources.directories = {explicit_dir.path()};
        }
        sources.environment_variable = path_variable;
        sources.default_directory = default_dir.path();
        return sources;
    }
};

std::vector<std::string> loaded_names(const tenon::PluginSources &sources, tenon_test::Recorder &recorder) {
    tenon::Host host = make_host(recorder);
    const auto report = host.load(sources, TEST_STAGE_DUMP);
    EXPECT_TRUE(report.errors.empty()) << testing::PrintToString(tenon_test::messages(report));
    return plugin_names(host);
}

TEST(Sources, ExplicitDirectoriesWinOverEnvironmentAndDefault) {
    ThreeSources three;
    const ScopedEnv env(path_variable, three.env_dir.path().string());
    tenon_test::Recorder recorder;
    EXPECT_EQ(loaded_names(three.sources(true), recorder), std::vector<std::string>{"v-order-1"});
}

TEST(Sources, EnvironmentVariableWinsOverDefault) {
    ThreeSources three;
    const ScopedEnv env(path_variable, three.env_dir.path().string());
    tenon_test::Recorder recorder;
    EXPECT_EQ(loaded_names(three.sources(false), recorder), std::vector<std::string>{"v-order-2"});
    EXPECT_TRUE(recorder.has_line(std::string("[tenon] debug: loading 1 plugin file(s) from environment variable ") +
                                  path_variable))
        << testing::PrintToString(recorder.lines());
}

TEST(Sources, EnvironmentVariableIsASearchPathWithEmptyEntriesDropped) {
    ThreeSources three;
    const ScopedEnv env(path_variable,
                        ":" + three.env_dir.path().string() + "::" + three.explicit_dir.path().string() + ":");
    tenon_test::Recorder recorder;
    EXPECT_EQ(loaded_names(three.sources(false), recorder), (std::vector<std::string>{"v-order-2", "v-order-1"}));
}

TEST(Sources, EmptyEnvironmentVariableFallsBackToDefault) {
    ThreeSources three;
    const ScopedEnv env(path_variable, "");
    tenon_test::Recorder recorder;
    EXPECT_EQ(loaded_names(three.sources(false), recorder), std::vector<std::string>{"v-order-3"});
}

TEST(Sources, UnsetEnvironmentVariableFallsBackToDefault) {
    ThreeSources three;
    unsetenv(path_variable);
    tenon_test::Recorder recorder;
    EXPECT_EQ(loaded_names(three.sources(false), recorder), std::vector<std::string>{"v-order-3"});
    EXPECT_TRUE(recorder.has_line("[tenon] debug: loading 1 plugin file(s) from default directory"))
        << testing::PrintToString(recorder.lines());
}

TEST(Sources, MissingDefaultDirectoryMeansNoPluginsAndNoError) {
    tenon_test::TempDir dir;
    unsetenv(path_variable);
    tenon::PluginSources sources;
    sources.environment_variable = path_variable;
    sources.default_directory = dir.path() / "missing";
    tenon_test::Recorder recorder;
    tenon::Host host = make_host(recorder);
    const auto report = host.load(sources, TEST_STAGE_DUMP);
    EXPECT_TRUE(report.errors.empty()) << testing::PrintToString(tenon_test::messages(report));
    EXPECT_TRUE(host.plugins().empty());
    EXPECT_TRUE(recorder.has_line("[tenon] debug: loading 0 plugin file(s) from default directory"))
        << testing::PrintToString(recorder.lines());
}

TEST(Sources, MissingExplicitDirectoryIsAnError) {
    tenon_test::TempDir dir;
    const auto missing = dir.path() / "missing";
    tenon_test::Recorder recorder;
    tenon::Host host = make_host(recorder);
    const auto report = host.load(only_directory(missing), TEST_STAGE_DUMP);
    ASSERT_TRUE(only_error(report, Errc::directory_not_found,
                           missing.string() + ": cannot open plugin directory: No such file or directory (named by "
                                              "the host's explicit search path)"));
    EXPECT_EQ(report.errors[0].file, missing);
}

TEST(Sources, MissingDirectoryInTheEnvironmentVariableIsAnError) {
    ThreeSources three;
    const auto missing = three.env_dir.path() / "missing";
    const ScopedEnv env(path_variable, missing.string());
    tenon_test::Recorder recorder;
    tenon::Host host = make_host(recorder);
    const auto report = host.load(three.sources(false), TEST_STAGE_DUMP);
    EXPECT_TRUE(only_error(report, Errc::directory_not_found,
                           missing.string() +
                               ": cannot open plugin directory: No such file or directory (named by "
                               "environment variable " +
                               path_variable + ")"));
    EXPECT_TRUE(host.plugins().empty());  // not a silent fall-back to the default directory
}

}  // namespace
