/* A QEMU plugin that uses qemu_srv's function and callback. */
#include <stdio.h>
#include <qemu-plugin.h>
#include <plugin-qpp.h>
#include "qemu_srv.h"

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

TENON_QEMU_PLUGIN(CURRENT_PLUGIN, "1.0.0", "qemu/2", "Consumer's QEMU client");
TENON_REQUIRES("qemu_srv", "");

static void bye(int code) {
    char line[64];
    snprintf(line, sizeof line, "qemu_client: bye %d, triple %d", code, qemu_srv_triple(code));
    qemu_plugin_outs(line);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info, int argc, char **argv) {
    char line[64];
    (void)id;
    (void)info;
    (void)argc;
    (void)argv;
    snprintf(line, sizeof line, "qemu_client: triple(2) = %d", triple_qpp(2));
    qemu_plugin_outs(line);
    return QPP_REG_CB("qemu_srv", on_bye, bye);
}
