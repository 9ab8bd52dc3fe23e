// Must not compile: on_ping takes long where qpp_ping's callbacks take int.
#include "qpp_provider_api.h"

#include <tenon/plugin.h>

namespace {

void on_ping(long value, int *total) {
    *total += static_cast<int>(value);
}

int wrong_init(int, const tenon_services *) {
    return QPP_REG_CB("qpp_provider", qpp_ping, on_ping);
}

void wrong_exit(int, int) {}

}  // namespace

TENON_PLUGIN("wrong", "1.0.0", "test/2", "Wrong callback type", wrong_init, wrong_exit);
