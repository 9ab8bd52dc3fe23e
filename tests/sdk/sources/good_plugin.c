/* A complete plugin using every SDK macro: must compile as strict C11. */
#include "test_hooks.h"

#include <stdbool.h>
#include <tenon/plugin.h>

static int claim(int key, int *answer) {
    *answer = key;
    tenon_debug("claimed %d", key);
    return 0;
}

static int notify(int *counter) {
    ++*counter;
    return 0;
}

static int start(int stage, const tenon_services *services) {
    /* A host function, typed, with no cast from void * (-pedantic -Werror holds). */
    test_trace_fn trace = TENON_FIND_FUNCTION(test_trace_fn, TEST_TRACE_SERVICE);
    if (trace != NULL) {
        trace("good_c", "started");
    }
    return TENON_SERVICES_HAS(services, find_service) && stage >= 0 ? 0 : -EINVAL;
}

static void stop(int stage, int result) {
    (void)stage, (void)result;
}

TENON_PLUGIN("good_c", "1.2.3-rc.1+build.5", "test/2", "compiles cleanly", start, stop);
TENON_HOOK(test_claim, claim);
TENON_HOOK_EX(test_notify, notify, TENON_PRIORITY_LAST, TENON_HOOK_OPTIONAL);
