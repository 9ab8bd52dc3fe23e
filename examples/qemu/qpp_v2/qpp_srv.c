/*
 * The QPP v2 (December 2022) test server, written for Tenon with the
 * series' structure and output. The one line added for Tenon is
 * TENON_QEMU_PLUGIN; qemu_plugin_name stays and is checked against it.
 */
#include <assert.h>
#include <stdio.h>
#include <qemu-plugin.h>
#include <plugin-qpp.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;
QEMU_PLUGIN_EXPORT const char *qemu_plugin_name = "qpp_srv";
#include "qpp_srv.h"

TENON_QEMU_PLUGIN("qpp_srv", "1.0.0", "qemu/2", "QPP v2 test server: exports two functions, runs my_on_exit at exit");

/* At exit every plugin is still installed, so the client's function runs and sets `called`. */
static void plugin_exit(qemu_plugin_id_t id, void *p) {
    qemu_plugin_outs(
        "QPP srv: exit triggered, running all registered"
        " QPP callbacks\n");
    bool called = false;
    qemu_plugin_run_callback(id, "my_on_exit", &called, NULL);
    assert(called);
}

QEMU_PLUGIN_EXPORT int qpp_srv_do_add(int x) {
    return x + 1;
}

QEMU_PLUGIN_EXPORT int qpp_srv_do_sub(int x) {
    return x - 1;
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info, int argc, char **argv) {
    qemu_plugin_outs("qpp_srv loaded\n");
    qemu_plugin_create_callback(id, "my_on_exit");
    qemu_plugin_register_atexit_cb(id, plugin_exit, NULL);
    return 0;
}
