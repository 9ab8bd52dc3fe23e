/* Must compile warning-free (C11, -pedantic): a provider declaring and running an event in each mode. */
#include "test_hooks.h"
#include "ticker_api.h"

#include <tenon/plugin.h>

static int run_all(int key, int *answer) {
    (void)key;
    TENON_EVENT_RUN(ticker_tick, *answer);
    *answer = TENON_EVENT_RUN(ticker_claim, *answer);
    return TENON_EVENT_RUN(ticker_check, *answer);
}

static int provider_init(int stage, const tenon_services *services) {
    (void)stage;
    (void)services;
    return 0;
}

static void provider_exit(int stage, int result) {
    (void)stage;
    (void)result;
}

TENON_PLUGIN("ticker", "2.1.0", "test/2", "A provider", provider_init, provider_exit);
TENON_EVENT(ticker_tick);
TENON_EVENT(ticker_claim);
TENON_EVENT(ticker_check);
TENON_HOOK(test_claim, run_all);
