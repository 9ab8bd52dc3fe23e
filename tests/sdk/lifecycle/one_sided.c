/*
 * A plugin with only an init (ONLY_INIT) or only an exit (ONLY_EXIT), built
 * in C from this file and in C++ from one_sided.cpp, which includes it.
 */
#include "test_trace.h"

#include <tenon/plugin.h>

#ifdef ONLY_INIT
static int one_sided_init(int stage, const tenon_services *services) {
    (void)services;
    test_trace("init %d", stage);
    return 0;
}
TENON_PLUGIN_INIT_ONLY(PLUGIN_NAME, "1.0.0", "test/2", "A plugin with only an init", one_sided_init);
#else
static void one_sided_exit(int stage, int result) {
    (void)result;
    test_trace("exit %d", stage);
}
TENON_PLUGIN_EXIT_ONLY(PLUGIN_NAME, "1.0.0", "test/2", "A plugin with only an exit", one_sided_exit);
#endif
