// CRIU's choice of plugin directory: the host's libdir option, else
// CRIU_LIBS_DIR, else the default directory, where a missing one means no plugins.
#include "criu_support.hpp"

namespace {

using namespace criu_test;

class Directories : public CriuTest {
protected:
    PluginDirectory libdir_{{"c_first.so", "first.so"}};
    PluginDirectory environment_{{"c_second.so", "second.so"}};
    PluginDirectory default_{{"c_lifecycle.so", "lifecycle.so"}};

    tenon::LoadReport init_with(Options options) {
        create(std::move(options));
        return engine_->init(Stage::dump);
    }
    Options with_default() const {
        Options options;
        options.default_directory = default_.path();
        return options;
    }
};

TEST_F(Directories, TheLibdirOptionComesFirst) {
    const ScopedEnvironment environment("CRIU_LIBS_DIR", environment_.path().string());
    Options options = with_default();
    options.libdir = libdir_.path();
    const auto report = init_with(options);
    ASSERT_TRUE(report.ok()) << testing::PrintToString(tenon_test::messages(report));
    EXPECT_EQ(report.loaded, Strings{"first"});
}

TEST_F(Directories, CriuLibsDirComesBeforeTheDefault) {
    const ScopedEnvironment environment("CRIU_LIBS_DIR", environment_.path().string());
    const auto report = init_with(with_default());
    ASSERT_TRUE(report.ok()) << testing::PrintToString(tenon_test::messages(report));
    EXPECT_EQ(report.loaded, Strings{"second"});
}

TEST_F(Directories, TheDefaultIsUsedWhenNeitherIsGiven) {
    const ScopedEnvironment environment("CRIU_LIBS_DIR", "");
    const auto report = init_with(with_default());
    ASSERT_TRUE(report.ok()) << testing::PrintToString(tenon_test::messages(report));
    EXPECT_EQ(report.loaded, Strings{"lifecycle"});
}

TEST_F(Directories, AMissingDefaultDirectoryMeansNoPlugins) {
    const ScopedEnvironment environment("CRIU_LIBS_DIR", "");
    Options options;
    options.default_directory = default_.path() / "absent";
    const auto report = init_with(options);
    EXPECT_TRUE(report.ok()) << testing::PrintToString(tenon_test::messages(report));
    EXPECT_TRUE(report.loaded.empty());
    EXPECT_TRUE(engine_->host().plugins().empty());
}

TEST_F(Directories, AMissingLibdirIsAnError) {
    Options options = with_default();
    options.libdir = libdir_.path() / "absent";
    const auto report = init_with(options);
    ASSERT_EQ(report.errors.size(), 1u);
    EXPECT_EQ(report.errors[0].code, tenon::Errc::directory_not_found);
    EXPECT_EQ(report.errors[0].message, options.libdir.string() +
                                            ": cannot open plugin directory: No such file or directory (named by "
                                            "the host's explicit search path)");
    EXPECT_TRUE(engine_->host().plugins().empty());
}

TEST_F(Directories, AMissingCriuLibsDirIsAnError) {
    const auto absent = environment_.path() / "absent";
    const ScopedEnvironment environment("CRIU_LIBS_DIR", absent.string());
    const auto report = init_with(with_default());
    ASSERT_EQ(report.errors.size(), 1u);
    EXPECT_EQ(report.errors[0].code, tenon::Errc::directory_not_found);
    EXPECT_EQ(report.errors[0].message, absent.string() +
                                            ": cannot open plugin directory: No such file or directory (named by "
                                            "environment variable CRIU_LIBS_DIR)");
}

TEST(PluginSources, FollowCriusOrder) {
    Options options;
    const auto defaults = tenon::criu::plugin_sources(options);
    EXPECT_TRUE(defaults.directories.empty());
    EXPECT_EQ(defaults.environment_variable, "CRIU_LIBS_DIR");
    EXPECT_EQ(defaults.default_directory, "/usr/lib/criu/");
    options.libdir = "/opt/criu/plugins";
    const auto with_libdir = tenon::criu::plugin_sources(options);
    EXPECT_EQ(with_libdir.directories, std::vector<std::filesystem::path>{"/opt/criu/plugins"});
}

}  // namespace
