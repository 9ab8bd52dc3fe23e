// Uses every macro of <tenon/compat/qpp.h> from C++: it provides its own
// callbacks and functions (every_api.h) and consumes qpp_provider's. Must
// compile warning-free with -std=c++17 -pedantic.
#include "qpp_provider_api.h"  // another plugin's QPP header: included before CURRENT_PLUGIN

#include <tenon/plugin.h>

#define CURRENT_PLUGIN "every"
#include "every_api.h"

QPP_CREATE_CB(every_event);
QPP_CREATE_CB(every_quiet);

int every_sum(int a, int b) {
    return a + b;
}
void every_reset() {}

namespace {

void on_ping(int value, int *total) noexcept {
    *total += value;
}
void on_event(bool, const char *) {}
int on_quiet() {
    return 0;
}

int every_init(int, const tenon_services *) {
    int status = QPP_IMPORT(qpp_provider, qpp_provider_twice);
    status |= QPP_REG_CB("qpp_provider", qpp_ping, on_ping);
    status |= QPP_REG_CB(CURRENT_PLUGIN, every_event, on_event);
    status |= QPP_REG_CB("every", every_quiet, on_quiet);
    int called = QPP_RUN_CB(every_event, true, "x");
    called += QPP_RUN_CB(every_quiet);
    status |= QPP_REMOVE_CB("qpp_provider", qpp_ping, on_ping);
    status |= QPP_REMOVE_CB("every", every_quiet, on_quiet);
    every_reset();
    return status + called + every_sum(1, 2) +
           (qpp_provider_qpp_provider_twice != nullptr ? qpp_provider_qpp_provider_twice(1) : 0);
}

void every_exit(int, int) {
    QPP_REMOVE_CB("every", every_event, on_event);
}

}  // namespace

TENON_PLUGIN("every", "1.0.0", "test/2", "Uses every QPP macro", every_init, every_exit);
TENON_REQUIRES("qpp_provider", "");
