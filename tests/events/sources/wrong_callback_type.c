/* Must not compile: on_tick takes a long where ticker_tick's callbacks take an int. */
#include "test_hooks.h"
#include "ticker_api.h"

#include <tenon/plugin.h>

static void on_tick(void *userdata, long value) {
    (void)userdata;
    (void)value;
}

static int subscriber_init(int stage, const tenon_services *services) {
    uint64_t id;
    (void)stage;
    (void)services;
    return TENON_SUBSCRIBE(ticker_tick, "", on_tick, NULL, &id);
}

static void subscriber_exit(int stage, int result) {
    (void)stage;
    (void)result;
}

TENON_PLUGIN("subscriber", "1.0.0", "test/2", "A subscriber", subscriber_init, subscriber_exit);
