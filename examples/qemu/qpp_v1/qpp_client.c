/*
 * The QPP RFC v1 (September 2022) test client, written for Tenon with the
 * RFC's structure and output (snprintf where the RFC used a GString). The
 * lines added for Tenon: TENON_QEMU_PLUGIN, and TENON_REQUIRES for the
 * order that the RFC took from the command line.
 */
#include <stdio.h>
#include <qemu-plugin.h>
#include <plugin-qpp.h>
#include "qpp_srv.h"
#include "qpp_client.h"

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

TENON_QEMU_PLUGIN(CURRENT_PLUGIN, "1.0.0", "qemu/1", "QPP RFC v1 test client: calls do_add, runs on on_exit");
TENON_REQUIRES("qpp_srv", "");

/* Runs from qpp_srv's atexit callback; qpp_srv's functions still work then. */
void my_on_exit(int x, bool b) {
    char line[128];
    snprintf(line, sizeof line, "Client: on_exit runs with args: %d, %d\n", x, b);
    qemu_plugin_outs(line);
    snprintf(line, sizeof line, "Client: calls qpp_srv's do_add(1): %d\n", qpp_srv_do_add(1));
    qemu_plugin_outs(line);
    snprintf(line, sizeof line, "Client: calls qpp_srv's do_sub(1): %d\n", qpp_srv_do_sub(1));
    qemu_plugin_outs(line);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info, int argc, char **argv) {
    char report[128];
    QPP_REG_CB("qpp_srv", on_exit, my_on_exit);
    snprintf(report, sizeof report,
             CURRENT_PLUGIN
             ": Call "
             "qpp_srv's do_add(0) => %d\n",
             qpp_srv_do_add(0));
    qemu_plugin_outs(report);
    return 0;
}
