/* A callback of the wrong type must not compile. */
#include "ppp_provider_ppp.h"

static void takes_a_long(long value) {
    (void)value;
}

int wrong(void);
int wrong(void) {
    return PPP_REG_CB("ppp_provider", on_value, takes_a_long);
}
