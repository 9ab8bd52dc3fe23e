/*
 * qpp_client: uses qpp_srv through the QPP macros of <tenon/compat/qpp.h>.
 * It imports qpp_srv_square and registers a callback on on_tick in init, and
 * removes the callback in exit. It also tries a plugin that is not there, to
 * show that this is a status and a warning, not an abort().
 */
#include "qpp_demo.h"
#include "qpp_srv.h"

#include <tenon/plugin.h>

static int ticks_seen;

static const char *status_name(int status) {
    switch (status) {
        case TENON_IMPORT_OK:
            return "OK";
        case TENON_IMPORT_NO_PROVIDER:
            return "NO_PROVIDER";
        case TENON_IMPORT_NO_EVENT:
            return "NO_EVENT";
        case TENON_IMPORT_SIGNATURE_MISMATCH:
            return "SIGNATURE_MISMATCH";
        case TENON_IMPORT_NOT_SUBSCRIBED:
            return "NOT_SUBSCRIBED";
        default:
            return "another failure";
    }
}

static void count_tick(int number, const char *label) {
    ++ticks_seen;
    tenon_info("on_tick(%d, \"%s\"): qpp_srv_qpp_srv_square(%d) = %d", number, label, number,
               qpp_srv_qpp_srv_square(number));
}

static int client_init(int stage, const tenon_services *services) {
    int status;
    (void)stage;
    (void)services;

    status = QPP_IMPORT(qpp_srv, qpp_srv_square);
    if (status != TENON_IMPORT_OK) {
        return -ENOENT; /* QPP_IMPORT has logged why */
    }
    tenon_info("init: QPP_IMPORT(qpp_srv, qpp_srv_square) = %s; qpp_srv_qpp_srv_square(7) = %d", status_name(status),
               qpp_srv_qpp_srv_square(7));

    status = QPP_REG_CB("qpp_srv", on_tick, count_tick);
    tenon_info("init: QPP_REG_CB(\"qpp_srv\", on_tick, count_tick) = %s", status_name(status));
    if (status != TENON_IMPORT_OK) {
        return -ENOENT;
    }

    status = QPP_REG_CB("qpp_absent", on_tick, count_tick);
    tenon_info("init: QPP_REG_CB(\"qpp_absent\", on_tick, count_tick) = %s; carrying on without it",
               status_name(status));
    return 0;
}

static void client_exit(int stage, int result) {
    int status;
    (void)stage;
    (void)result;
    status = QPP_REMOVE_CB("qpp_srv", on_tick, count_tick);
    tenon_info("exit: QPP_REMOVE_CB(\"qpp_srv\", on_tick, count_tick) = %s after %d tick%s", status_name(status),
               ticks_seen, ticks_seen == 1 ? "" : "s");
    status = QPP_REMOVE_CB("qpp_srv", on_tick, count_tick);
    tenon_info("exit: the same QPP_REMOVE_CB again = %s", status_name(status));
}

TENON_PLUGIN("qpp_client", "1.0.0", "qpp_demo/1", "Calls qpp_srv_square and registers on on_tick, with QPP macros",
             client_init, client_exit);
TENON_REQUIRES("qpp_srv", ">=1.0 <2");
