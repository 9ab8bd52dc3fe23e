// Plugins of CRIU's old API (cr_plugin_* functions, no CR_PLUGIN_REGISTER)
// built against Tenon's compat headers work unchanged: found by name with
// hidden or default visibility, their pr_* lines carry their names, and
// criu_get_image_dir() and criu_plugin_get_options() answer as for any plugin.
#include "criu_support.hpp"

namespace {

using namespace criu_test;

class OldApi : public CriuTest {};

TEST_F(OldApi, WorksUnchangedWithHiddenOrDefaultVisibility) {
    PluginDirectory directory({{"c_old_api_hidden.so", "old_hidden.so"}, {"c_old_api_default.so", "old_default.so"}});
    Options options = options_for(directory.path());
    options.plugin_options = {"example.option=1"};
    create(options);
    engine_->set_image_dir(17);
    const tenon::LoadReport report = engine_->init(Stage::dump);
    ASSERT_TRUE(report.ok()) << testing::PrintToString(tenon_test::messages(report));
    EXPECT_EQ(report.loaded, (Strings{"old_default", "old_hidden"}));
    EXPECT_EQ(engine_->run<CR_PLUGIN_HOOK__DUMP_EXT_FILE_hook>(9, 4), 0);
    EXPECT_EQ(engine_->run<CR_PLUGIN_HOOK__DUMP_EXT_FILE_hook>(9, 5), -ENOTSUP);
    engine_->fini(Stage::dump, 0);
    engine_.reset();
    EXPECT_EQ(lines_from(recorder_, "old_default"),
              (Strings{"[old_default] info: old API init: image dir 17, 1 option(s)",
                       "[old_default] info: old API dump_file: fd 9 id 4", "[old_default] info: old API fini"}));
    EXPECT_EQ(
        lines_from(recorder_, "old_hidden"),
        (Strings{"[old_hidden] info: old API init: image dir 17, 1 option(s)", "[old_hidden] info: old API fini"}));
    EXPECT_TRUE(logged(recorder_, "old_hidden.so: no CR_PLUGIN_DESC: generating a descriptor for plugin 'old_hidden'"));
}

}  // namespace
