/* A QEMU plugin that offers a function and a callback it runs at exit, QPP RFC v1 style, built against an installed
 * Tenon. */
#include <qemu-plugin.h>
#include <plugin-qpp.h>
#include "qemu_srv.h"

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

TENON_QEMU_PLUGIN(CURRENT_PLUGIN, "1.0.0", "qemu/2", "Consumer's QEMU server");

QPP_CREATE_CB(on_bye);

QEMU_PLUGIN_EXPORT int triple(int x) {
    return 3 * x;
}

static void at_exit(qemu_plugin_id_t id, void *userdata) {
    (void)id;
    (void)userdata;
    qemu_plugin_outs("qemu_srv: exiting\n");
    QPP_RUN_CB(on_bye, 7);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info, int argc, char **argv) {
    (void)info;
    qemu_plugin_outs(argc == 1 ? argv[0] : "qemu_srv: no argument");
    qemu_plugin_register_atexit_cb(id, at_exit, NULL);
    return 0;
}
