/*
 * qpp_srv: owns the demo's clock. On every host tick it runs the QPP callback
 * on_tick, and it exports qpp_srv_square. Written with the QPP macros of
 * <tenon/compat/qpp.h>.
 */
#include "qpp_demo.h"

#include <stdio.h>
#include <tenon/plugin.h>

#define CURRENT_PLUGIN "qpp_srv" /* this file creates what qpp_srv.h prototypes */
#include "qpp_srv.h"

QPP_CREATE_CB(on_tick);

int qpp_srv_square(int x) {
    return x * x;
}

static int tick(int number) {
    char label[32];
    snprintf(label, sizeof label, "tick-%d", number);
    const int called = QPP_RUN_CB(on_tick, number, label);
    tenon_info("tick %d: QPP_RUN_CB(on_tick, %d, \"%s\") called %d callback%s", number, number, label, called,
               called == 1 ? "" : "s");
    return called;
}

static int srv_init(int stage, const tenon_services *services) {
    (void)stage;
    (void)services;
    tenon_info("init: callback on_tick is open for registration; function qpp_srv_square is exported");
    return 0;
}

static void srv_exit(int stage, int result) {
    (void)stage;
    (void)result;
    tenon_info("exit");
}

TENON_PLUGIN("qpp_srv", "1.0.0", "qpp_demo/1", "Runs the QPP callback on_tick on every tick; exports qpp_srv_square",
             srv_init, srv_exit);
TENON_HOOK(qpp_demo_tick, tick);
