// Must not compile: on_tick returns int where ticker_tick's callbacks return void.
#include "test_hooks.h"
#include "ticker_api.h"

#include <tenon/plugin.h>

#include <cstdint>

namespace {

int on_tick(void *, int value) {
    return value;
}

int subscriber_init(int, const tenon_services *) {
    std::uint64_t id = 0;
    return TENON_SUBSCRIBE(ticker_tick, "", on_tick, nullptr, &id);
}

void subscriber_exit(int, int) {}

}  // namespace

TENON_PLUGIN("subscriber", "1.0.0", "test/2", "A subscriber", subscriber_init, subscriber_exit);
