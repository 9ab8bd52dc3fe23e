/*
 * The QPP RFC v1 (September 2022) test server, written for Tenon with the
 * RFC's structure and output. CURRENT_PLUGIN comes from the build, as the
 * RFC's Makefile passed it. The one line added for Tenon is
 * TENON_QEMU_PLUGIN.
 */
#include <stdio.h>
#include <qemu-plugin.h>
#include <plugin-qpp.h>
#include "qpp_srv.h"

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

TENON_QEMU_PLUGIN(CURRENT_PLUGIN, "1.0.0", "qemu/1", "QPP RFC v1 test server: do_add, do_sub and the on_exit callback");

QPP_CREATE_CB(on_exit);

/* QEMU calls this at exit, with every plugin still installed. */
static void plugin_exit(qemu_plugin_id_t id, void *p) {
    qemu_plugin_outs(CURRENT_PLUGIN
                     "exit triggered, running all registered"
                     " QPP callbacks\n");
    QPP_RUN_CB(on_exit, 0, true);
}

QEMU_PLUGIN_EXPORT int do_add(int x) {
    return x + 1;
}

QEMU_PLUGIN_EXPORT int do_sub(int x) {
    return x - 1;
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info, int argc, char **argv) {
    qemu_plugin_outs("qpp_srv loaded\n");
    qemu_plugin_register_atexit_cb(id, plugin_exit, NULL);
    return 0;
}
