// Must compile warning-free (C++17, -pedantic): subscribing plain, noexcept and
// captureless-lambda callbacks to a plugin's and the host's events, and unsubscribing.
#include "host_events.h"
#include "test_hooks.h"
#include "ticker_api.h"

#include <tenon/plugin.h>

#include <cstdint>

namespace {

void on_tick(void *, int) {}

int on_claim(void *, int value) noexcept {
    return value;
}

std::uint64_t ids[4];

int subscriber_init(int, const tenon_services *) {
    char why[256];
    int status = TENON_SUBSCRIBE(ticker_tick, ">=2 <3", on_tick, nullptr, &ids[0]);
    status = status != 0 ? status : TENON_SUBSCRIBE(ticker_claim, "", &on_claim, &ids, &ids[1]);
    status = status != 0 ? status
                         : TENON_SUBSCRIBE_EXPLAINED(
                               host_vote, "", +[](void *, int) { return 0; }, nullptr, &ids[2], why, sizeof why);
    const host_started_callback started = [](void *, int) {};
    return status != 0 ? status : TENON_SUBSCRIBE(host_started, "", started, nullptr, &ids[3]);
}

void subscriber_exit(int, int) {
    for (const std::uint64_t id : ids) {
        (void)TENON_UNSUBSCRIBE(id);
    }
}

}  // namespace

TENON_PLUGIN("subscriber", "1.0.0", "test/2", "A subscriber", subscriber_init, subscriber_exit);
TENON_REQUIRES("ticker", ">=2");
