// Should compile warning-free (C++17, -pedantic): events whose callbacks take
// only the userdata, run as TENON_EVENT_RUN(name) with no arguments.
#include "test_hooks.h"

#include <tenon/plugin.h>

#include <cstdint>

#define TENON_EVENT_pinger_ping(X, ...) X(__VA_ARGS__, "pinger", TENON_NOTIFY, void, (void *))
TENON_DECLARE_EVENT(pinger_ping);
#define TENON_EVENT_pinger_ask(X, ...) X(__VA_ARGS__, "pinger", TENON_FIRST_CLAIMER, int, (void *))
TENON_DECLARE_EVENT(pinger_ask);

namespace {

void on_ping(void *) {}

int pinger_init(int, const tenon_services *) {
    std::uint64_t id = 0;
    if (TENON_SUBSCRIBE(pinger_ping, "", on_ping, nullptr, &id) != TENON_IMPORT_OK) {
        return -1;
    }
    TENON_EVENT_RUN(pinger_ping);
    return TENON_EVENT_RUN(pinger_ask);
}

void pinger_exit(int, int) {}

}  // namespace

TENON_PLUGIN("pinger", "1.0.0", "test/2", "Events without arguments", pinger_init, pinger_exit);
TENON_EVENT(pinger_ping);
TENON_EVENT(pinger_ask);
