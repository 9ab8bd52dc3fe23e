/*
 * The plugin BM_Load loads 1,000 times: an init, an exit and one hook, like a
 * small real plugin. It is built once, named load_plugin_0000;
 * make_load_plugins.cpp then writes 1,000 copies, each with its own name.
 */
#include "bench_hooks.h"

#include <tenon/plugin.h>

static int loadee_init(int stage, const tenon_services *services) {
    (void)stage;
    (void)services;
    return 0;
}

static void loadee_exit(int stage, int result) {
    (void)stage;
    (void)result;
}

static int loadee_loaded(int value) {
    (void)value;
    return 0;
}

/* The name must stay 16 characters: the copies overwrite its four digits in place. */
TENON_PLUGIN("load_plugin_0000", "1.0.0", "bench/1", "BM_Load plugin", loadee_init, loadee_exit);
TENON_HOOK(bench_loaded, loadee_loaded);
