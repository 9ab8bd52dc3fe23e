/* The file that declares the plugin: its descriptor, init, exit and one hook record. */
#include "multi.h"

static int multi_init(int stage, const tenon_services *services) {
    multi_set_stage(stage);
    /* The pointer the loader stored is the one this init got, in every file. */
    test_trace("init sees services in hooks file: %d", multi_hooks_sees(services));
    return 0;
}

static void multi_exit(int stage, int result) {
    (void)result;
    test_trace("exit %d", stage);
}

TENON_PLUGIN(PLUGIN_NAME, "1.0.0", "test/2", "A plugin of three source files", multi_init, multi_exit);
TENON_HOOK(test_claim, multi_claim);
