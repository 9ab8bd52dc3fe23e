/*
 * One member of a benchmark chain: declines bench_call_first and accepts
 * bench_broadcast. Built many times under different names (BENCH_PLUGIN_NAME).
 * The functions are exported so the baselines can dlsym the very same code.
 */
#include "bench_hooks.h"

#include <tenon/plugin.h>

__attribute__((visibility("default"), noinline)) int bench_decline(int value) {
    (void)value;
    return -ENOTSUP;
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

TENON_PLUGIN_DUMMY(BENCH_PLUGIN_NAME, "1.0.0", "bench/1", "benchmark chain member");
TENON_HOOK(bench_call_first, bench_decline);
TENON_HOOK(bench_broadcast, bench_accept);
