/* Must not compile: on_ping takes long where qpp_ping's callbacks take int. */
#include "qpp_provider_api.h"

#include <tenon/plugin.h>

static void on_ping(long value, int *total) {
    *total += (int)value;
}

static int wrong_init(int stage, const tenon_services *services) {
    (void)stage;
    (void)services;
    return QPP_REG_CB("qpp_provider", qpp_ping, on_ping);
}

static void wrong_exit(int stage, int result) {
    (void)stage;
    (void)result;
}

TENON_PLUGIN("wrong", "1.0.0", "test/2", "Wrong callback type", wrong_init, wrong_exit);
