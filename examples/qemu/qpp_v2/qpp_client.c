/*
 * The QPP v2 (December 2022) test client, written for Tenon with the
 * series' structure and output (snprintf where the series used a GString).
 * The lines added for Tenon: TENON_QEMU_PLUGIN, and TENON_REQUIRES for what
 * qemu_plugin_uses says (which stays, and is checked at init).
 */
#include <stdio.h>
#include <qemu-plugin.h>
#include <plugin-qpp.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;
QEMU_PLUGIN_EXPORT const char *qemu_plugin_name = "qpp_client";
QEMU_PLUGIN_EXPORT const char *qemu_plugin_uses[] = {"qpp_srv", NULL};
#include "qpp_srv.h"

TENON_QEMU_PLUGIN("qpp_client", "1.0.0", "qemu/2", "QPP v2 test client: calls qpp_srv, runs on its my_on_exit");
TENON_REQUIRES("qpp_srv", "");

/* Tells qpp_srv it was called, through the event data it passes. */
QEMU_PLUGIN_EXPORT void my_cb_exit_callback(gpointer evdata, gpointer udata) {
    *(bool *)evdata = true;
    qemu_plugin_outs("called my on exit callback\n");
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info, int argc, char **argv) {
    char report[128];
    snprintf(report, sizeof report,
             "QPP client: Call "
             "qpp_srv's do_add(0) do_sub(3) => %d %d\n",
             qpp_srv_do_add_qpp(0), qpp_srv_do_sub_qpp(3));
    qemu_plugin_outs(report);
    qemu_plugin_reg_callback("qpp_srv", "my_on_exit", &my_cb_exit_callback);
    return 0;
}
