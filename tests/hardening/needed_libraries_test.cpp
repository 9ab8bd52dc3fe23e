// A plugin's DT_NEEDED, DT_RPATH and DT_RUNPATH are part of it: a library it
// would pull in from a plugin directory runs its constructors inside dlopen,
// so it must be a plugin this load accepted (mapped first, found by its
// DT_SONAME) or one already loaded; anything else refuses the plugin before
// dlopen, naming both files.
#include "hardening_support.hpp"

#include <gtest/gtest.h>

#include <sys/stat.h>

namespace {

using hardening::ConstructorTrace;
using tenon::Errc;
using validation::make_host;
using validation::only_directory;
using validation::only_error;
using validation::only_file;

const std::string plugin_side =
    "a plugin this load accepted or one already loaded (it resolves into a plugin directory)";

TEST(NeededLibraries, ALibraryInThePluginDirectoryThatPhaseOneRefusedRefusesThePlugin) {
    ConstructorTrace trace;
    tenon_test::TempDir dir;
    const auto dependency = dir.add_fixture("hd_dep_refused.so");
    const auto plugin = dir.add_fixture("hd_needs_refused.so");
    tenon_test::Recorder recorder;
    tenon::Host host = make_host(recorder, tenon_test::test_config(tenon::LoadMode::lenient));
    const auto report = host.load(only_directory(dir.path()), TEST_STAGE_DUMP);
    const std::string refusal =
        dependency.string() + ": field 'interface' name: expected 'test', found 'other' (from 'other/1')";
    EXPECT_EQ(tenon_test::messages(report),
              (std::vector<std::string>{refusal, plugin.string() +
                                                     ": DT_NEEDED 'hd_dep_refused.so' (DT_RUNPATH "
                                                     "'$ORIGIN'): expected " +
                                                     plugin_side + ", found " + dependency.string() +
                                                     ", which this load refused (" + refusal + ")"}));
    EXPECT_EQ(report.errors[1].code, Errc::refused_dependency);
    EXPECT_TRUE(trace.lines().empty());  // neither the plugin's constructor nor the library's
    EXPECT_TRUE(host.plugins().empty());
}

TEST(NeededLibraries, ALibraryBesideAnExplicitFileThatThisLoadNeverSawRefusesThePlugin) {
    ConstructorTrace trace;
    tenon_test::TempDir dir;
    const auto dependency = dir.add_fixture("hd_dep_ok.so");
    const auto plugin = dir.add_fixture("hd_needs_ok.so");
    tenon_test::Recorder recorder;
    tenon::Host host = make_host(recorder);
    const auto report = host.load(only_file(plugin), TEST_STAGE_DUMP);
    EXPECT_TRUE(only_error(report, Errc::refused_dependency,
                           plugin.string() + ": DT_NEEDED 'hd_dep_ok.so' (DT_RUNPATH '$ORIGIN'): expected " +
                               plugin_side + ", found " + dependency.string() + ", which is neither"));
    EXPECT_TRUE(trace.lines().empty());
}

TEST(NeededLibraries, AnAcceptedPluginWithTheRightSonameIsMappedFirstAndRequired) {
    ConstructorTrace trace;
    tenon_test::TempDir dir;
    dir.add_fixture("hd_dep_ok.so");
    const auto plugin = dir.add_fixture("hd_needs_ok.so");
    tenon_test::Recorder recorder;
    tenon::Host host = make_host(recorder);
    // hd_dep_ok.so sorts first anyway; load it after the consumer to show the order comes from the link.
    tenon::PluginSources sources;
    sources.files = {plugin, dir.path() / "hd_dep_ok.so"};
    const auto report = host.load(sources, TEST_STAGE_DUMP);
    ASSERT_TRUE(report.ok()) << testing::PrintToString(tenon_test::messages(report));
    EXPECT_EQ(report.loaded, (std::vector<std::string>{"hd-dep-ok", "hd_needs_ok"}));
    EXPECT_EQ(recorder.events(), (std::vector<std::string>{"hd-dep-ok: init 11", "hd_needs_ok: init 11",
                                                           "hd_needs_ok: the dependency answers 42"}));
    const auto info = host.find_plugin("hd_needs_ok").value();
    ASSERT_EQ(info.requirements.size(), 1u);
    EXPECT_EQ(info.requirements[0].name, "hd-dep-ok");
    EXPECT_TRUE(recorder.has_line("[tenon] debug: " + plugin.string() + ": requires 'hd-dep-ok': it links against " +
                                  (dir.path() / "hd_dep_ok.so").string() + " (DT_NEEDED 'hd_dep_ok.so')"));
    // Unloading the library first is refused: a plugin still links against it.
    EXPECT_EQ(host.unload("hd-dep-ok", TEST_STAGE_DUMP).code, Errc::plugin_required);
    host.finish(TEST_STAGE_DUMP, 0);
    EXPECT_EQ(trace.lines(), (std::vector<std::string>{"hd-dep-ok: constructor ran", "hd_needs_ok: constructor ran"}));
}

TEST(NeededLibraries, AnAlreadyLoadedPluginSatisfiesALaterLoad) {
    tenon_test::TempDir dir;
    const auto dependency = dir.add_fixture("hd_dep_ok.so");
    const auto plugin = dir.add_fixture("hd_needs_ok.so");
    tenon_test::Recorder recorder;
    tenon::Host host = make_host(recorder);
    ASSERT_TRUE(host.load(only_file(dependency), TEST_STAGE_DUMP).ok());
    const auto report = host.load(only_file(plugin), TEST_STAGE_DUMP);
    EXPECT_TRUE(report.ok()) << testing::PrintToString(tenon_test::messages(report));
    EXPECT_EQ(report.loaded, std::vector<std::string>{"hd_needs_ok"});
    host.finish(TEST_STAGE_DUMP, 0);
}

// The plugin is mapped from /proc/self/fd/N: the dynamic loader can bind a
// plugin it needs only by DT_SONAME, so one without it is refused up front.
TEST(NeededLibraries, APluginItNeedsWithoutAMatchingSonameIsRefused) {
    ConstructorTrace trace;
    tenon_test::TempDir dir;
    const auto dependency = dir.add_fixture("hd_dep_nosoname.so");
    const auto plugin = dir.add_fixture("hd_needs_nosoname.so");
    tenon_test::Recorder recorder;
    tenon::Host host = make_host(recorder, tenon_test::test_config(tenon::LoadMode::lenient));
    const auto report = host.load(only_directory(dir.path()), TEST_STAGE_DUMP);
    EXPECT_TRUE(only_error(report, Errc::refused_dependency,
                           plugin.string() +
                               ": DT_NEEDED 'hd_dep_nosoname.so' (DT_RUNPATH '$ORIGIN'): expected the plugin it "
                               "resolves to to have DT_SONAME 'hd_dep_nosoname.so' (link it with "
                               "-Wl,-soname,hd_dep_nosoname.so), found " +
                               dependency.string() + " with no DT_SONAME"));
    EXPECT_EQ(report.loaded, std::vector<std::string>{"hd-dep-nosoname"});
    EXPECT_EQ(trace.lines(), std::vector<std::string>{"hd-dep-nosoname: constructor ran"});
    host.finish(TEST_STAGE_DUMP, 0);
}

TEST(NeededLibraries, ALibraryOutsideThePluginDirectoriesFoundThroughOriginIsRefused) {
    ConstructorTrace trace;
    tenon_test::TempDir dir;
    std::filesystem::create_directory(dir.path() / "plugins");
    std::filesystem::create_directory(dir.path() / "lib");
    const auto plugin = dir.path() / "plugins" / "hd_needs_origin_helper.so";
    std::filesystem::copy_file(tenon_test::fixture("hd_needs_origin_helper.so"), plugin);
    std::filesystem::copy_file(tenon_test::fixture("libhd_helper.so"), dir.path() / "lib" / "libhd_helper.so");
    tenon_test::Recorder recorder;
    tenon::Host host = make_host(recorder);
    const auto report = host.load(only_file(plugin), TEST_STAGE_DUMP);
    EXPECT_TRUE(only_error(
        report, Errc::refused_dependency,
        plugin.string() +
            ": DT_NEEDED 'libhd_helper.so' (DT_RUNPATH '$ORIGIN/../lib:$ORIGIN'): expected a library found without "
            "$ORIGIN (Tenon maps a plugin from its descriptor, where the dynamic loader cannot expand $ORIGIN), "
            "found " +
            (dir.path() / "plugins" / ".." / "lib" / "libhd_helper.so").string() + ", found through $ORIGIN"));
    EXPECT_TRUE(trace.lines().empty());
}

// The helper's run path is rewritten in the copy to a directory of the test's.
std::filesystem::path with_run_path(const tenon_test::TempDir &dir, const std::filesystem::path &run_path) {
    std::string bytes = validation::read_bytes(tenon_test::fixture("hd_needs_absolute_helper.so"));
    const std::string placeholder = HD_RUNPATH_PLACEHOLDER;
    const std::size_t at = bytes.find(placeholder);
    EXPECT_NE(at, std::string::npos);
    EXPECT_LT(run_path.string().size(), placeholder.size());
    std::string replacement = run_path.string();
    replacement.resize(placeholder.size(), '\0');
    bytes.replace(at, placeholder.size(), replacement);
    return dir.write_file("hd_needs_absolute_helper.so", bytes);
}

TEST(NeededLibraries, ALibraryFromAWorldWritableRunPathIsRefusedByTheTrustPolicy) {
    ConstructorTrace trace;
    tenon_test::TempDir dir;
    tenon_test::TempDir library_dir;
    ASSERT_EQ(chmod(library_dir.path().c_str(), 0777), 0);
    const auto library = library_dir.path() / "libhd_helper.so";
    std::filesystem::copy_file(tenon_test::fixture("libhd_helper.so"), library);
    const auto plugin = with_run_path(dir, library_dir.path());
    tenon_test::Recorder recorder;
    tenon::Host host = make_host(recorder);
    const auto report = host.load(only_file(plugin), TEST_STAGE_DUMP);
    EXPECT_TRUE(only_error(report, Errc::untrusted_path,
                           plugin.string() + ": trust policy: directory " + library_dir.path().string() +
                               ": expected no write permission for group or others, unless sticky and owned by "
                               "root, found mode 0777, owner uid " +
                               std::to_string(geteuid())));
    EXPECT_TRUE(trace.lines().empty());
}

TEST(NeededLibraries, ALibraryFromATrustedRunPathOutsideThePluginDirectoriesLoads) {
    ConstructorTrace trace;
    tenon_test::TempDir dir;
    tenon_test::TempDir library_dir;
    std::filesystem::copy_file(tenon_test::fixture("libhd_helper.so"), library_dir.path() / "libhd_helper.so");
    const auto plugin = with_run_path(dir, library_dir.path());
    tenon_test::Recorder recorder;
    tenon::Host host = make_host(recorder);
    const auto report = host.load(only_file(plugin), TEST_STAGE_DUMP);
    ASSERT_TRUE(report.ok()) << testing::PrintToString(tenon_test::messages(report));
    EXPECT_EQ(recorder.events(), (std::vector<std::string>{"hd_needs_absolute_helper: init 11",
                                                           "hd_needs_absolute_helper: the dependency answers 7"}));
    host.finish(TEST_STAGE_DUMP, 0);
    EXPECT_EQ(trace.lines(),
              (std::vector<std::string>{"libhd_helper: constructor ran", "hd_needs_absolute_helper: constructor ran"}));
}

}  // namespace
