/* The end of every first-claimer benchmark chain: claims the call (priority last). */
#include "bench_hooks.h"

#include <tenon/plugin.h>

__attribute__((visibility("default"), noinline)) int bench_claim(int value) {
    return value;
}

__attribute__((visibility("default"), noinline)) int bench_accept(int value) {
    (void)value;
    return 0;
}

/* A bench_event callback; the host subscribes it (found with dlsym) for BM_Event. */
__attribute__((visibility("default"), noinline)) int bench_on_event(void *userdata, int value) {
    (void)userdata;
    (void)value;
    return 0;
}

TENON_PLUGIN_DUMMY("claimer", "1.0.0", "bench/1", "claims every bench_call_first");
TENON_HOOK_EX(bench_call_first, bench_claim, TENON_PRIORITY_LAST, 0);
TENON_HOOK(bench_broadcast, bench_accept);
