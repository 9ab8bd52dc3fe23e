/* Must compile warning-free (C11, -pedantic): subscribing to a plugin's and the host's events, and unsubscribing. */
#include "host_events.h"
#include "test_hooks.h"
#include "ticker_api.h"

#include <tenon/plugin.h>

static void on_tick(void *userdata, int value) {
    (void)userdata;
    (void)value;
}

static int on_claim(void *userdata, int value) {
    (void)userdata;
    return value;
}

static int on_vote(void *userdata, int key) {
    (void)userdata;
    return key == 0 ? 0 : -ENOTSUP;
}

static uint64_t ids[3];

static int subscriber_init(int stage, const tenon_services *services) {
    char why[256];
    int status;
    (void)stage;
    (void)services;
    status = TENON_SUBSCRIBE(ticker_tick, ">=2 <3", on_tick, NULL, &ids[0]);
    status = status != 0 ? status : TENON_SUBSCRIBE(ticker_claim, "", &on_claim, &ids, &ids[1]);
    status = status != 0 ? status : TENON_SUBSCRIBE_EXPLAINED(host_vote, "", on_vote, NULL, &ids[2], why, sizeof why);
    return status;
}

static void subscriber_exit(int stage, int result) {
    (void)stage;
    (void)result;
    (void)TENON_UNSUBSCRIBE(ids[0]);
}

TENON_PLUGIN("subscriber", "1.0.0", "test/2", "A subscriber", subscriber_init, subscriber_exit);
TENON_REQUIRES("ticker", ">=2");
