// Must compile warning-free (C++17, -pedantic): a provider declaring and running an event in each mode.
#include "test_hooks.h"
#include "ticker_api.h"

#include <tenon/plugin.h>

namespace {

int run_all(int, int *answer) {
    TENON_EVENT_RUN(ticker_tick, *answer);
    *answer = TENON_EVENT_RUN(ticker_claim, *answer);
    return TENON_EVENT_RUN(ticker_check, *answer);
}

int provider_init(int, const tenon_services *) {
    return 0;
}

void provider_exit(int, int) {}

}  // namespace

TENON_PLUGIN("ticker", "2.1.0", "test/2", "A provider", provider_init, provider_exit);
TENON_EVENT(ticker_tick);
TENON_EVENT(ticker_claim);
TENON_EVENT(ticker_check);
TENON_HOOK(test_claim, run_all);
