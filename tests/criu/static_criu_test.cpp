// CRIU plugins linked into the program (tenon_add_static_criu_plugin): two
// builds of one source in one executable (each with its own CR_PLUGIN_DESC),
// and the seed's "trivial" plugin as CRIU's authors wrote it, run by the
// engine next to a plugin loaded from the directory.
#include "criu_support.hpp"

#include <tenon/static_plugin.hpp>

TENON_DECLARE_STATIC_PLUGIN(criu_first);
TENON_DECLARE_STATIC_PLUGIN(criu_second);
#if TENON_CRIU_HAVE_TRIVIAL
TENON_DECLARE_STATIC_PLUGIN(criu_trivial);
#endif

namespace {

using namespace criu_test;

class StaticCriu : public CriuTest {};

TEST_F(StaticCriu, LinkedPluginsRunWithTheDirectorysAndLogUnderTheirNames) {
    const PluginDirectory directory{{"c_lifecycle.so", "1.so"}};
    Options options;
    options.static_plugins = {TENON_STATIC_PLUGIN_OF(criu_first), TENON_STATIC_PLUGIN_OF(criu_second)};
    const tenon::LoadReport report = start(directory, Stage::dump, options);
    ASSERT_TRUE(report.ok()) << testing::PrintToString(tenon_test::messages(report));
    EXPECT_EQ(report.loaded, (Strings{"first", "static_second", "lifecycle"}));
    EXPECT_EQ(engine_->run<CR_PLUGIN_HOOK__DUMP_EXT_FILE_hook>(3, 2), 0);  // static_second claims id 2
    EXPECT_EQ(engine_->run<CR_PLUGIN_HOOK__DUMP_EXT_FILE_hook>(4, 1), 0);  // first and lifecycle claim id 1
    engine_->fini(Stage::dump, 0);
    engine_.reset();
    EXPECT_EQ(lines_from(recorder_, "first"),
              (Strings{"[first] info: init stage 0", "[first] info: dump_ext_file: fd 4 id 1",
                       "[first] info: exit stage 0 ret 0"}));
    EXPECT_EQ(lines_from(recorder_, "static_second"),
              (Strings{"[static_second] info: init stage 0", "[static_second] info: dump_ext_file: fd 3 id 2",
                       "[static_second] info: exit stage 0 ret 0"}));
    EXPECT_EQ(lines_from(recorder_, "lifecycle"),
              (Strings{"[lifecycle] info: init stage 0", "[lifecycle] info: exit stage 0 ret 0"}));
}

TEST_F(StaticCriu, AFileNamedAsALinkedPluginIsRefused) {
    const PluginDirectory directory{{"c_first.so", "1.so"}};
    Options options;
    options.mode = tenon::LoadMode::lenient;
    options.static_plugins = {TENON_STATIC_PLUGIN_OF(criu_first)};
    const tenon::LoadReport report = start(directory, Stage::dump, options);
    EXPECT_EQ(report.loaded, Strings{"first"});
    EXPECT_TRUE(engine_->host().find_plugin("first").value().linked_in);
    ASSERT_EQ(report.errors.size(), 1u);
    EXPECT_EQ(report.errors[0].message, directory.file("1.so").string() +
                                            ": field 'name': expected a name no other plugin uses, found 'first', "
                                            "already used by static:criu_first");
    EXPECT_EQ(lines_from(recorder_, "first"), Strings{"[first] info: init stage 0"});  // the linked one's init only
}

#if TENON_CRIU_HAVE_TRIVIAL
TEST_F(StaticCriu, TheSeedsTrivialPluginLinksUnchanged) {
    const PluginDirectory directory;
    Options options;
    options.static_plugins = {TENON_STATIC_PLUGIN_OF(criu_trivial)};
    const tenon::LoadReport report = start(directory, Stage::dump, options);
    ASSERT_TRUE(report.ok()) << testing::PrintToString(tenon_test::messages(report));
    EXPECT_EQ(report.loaded, Strings{"trivial"});
    EXPECT_TRUE(engine_->host().find_plugin("trivial").value().linked_in);
}
#endif

}  // namespace
