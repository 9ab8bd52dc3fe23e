/* Every PPP macro, in a provider and a consumer role at once: must compile warning-free with -pedantic. */
#include "ppp_provider_ppp.h"

PPP_CB_BOILERPLATE(on_value)
PPP_CB_EXTERN(on_filter)

static void plain(int value) {
    (void)value;
}
static void with_context(void *context, int value) {
    (void)context;
    (void)value;
}
static bool filter(int value) {
    return value > 0;
}

int every_macro(void);
int every_macro(void) {
    static int context;
    int taken = 0;
    int status = PPP_REG_CB("ppp_provider", on_value, plain);
    status |= PPP_REG_CB_WITH_CONTEXT("ppp_provider", on_value, with_context, &context);
    status |= PPP_REG_CB("ppp_provider", on_filter, filter);
    if (PPP_CHECK_CB(on_value)) {
        PPP_RUN_CB(on_value, 3);
    }
    IF_PPP_RUN_BOOL_CB(on_filter, 4) {
        taken = 1;
    }
    status |= PPP_REMOVE_CB("ppp_provider", on_value, plain);
    status |= PPP_REMOVE_CB_WITH_CONTEXT("ppp_provider", on_value, with_context, &context);
    return status + taken;
}
