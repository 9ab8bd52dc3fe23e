/*
 * One of BM_Parallel's four handlers: fixed CPU work, no sleeping. Built four
 * times under different names (BENCH_PLUGIN_NAME). The same function serves
 * the parallel hook and its broadcast twin, so both modes run identical code
 * from the same mapped file.
 */
#include "bench_hooks.h"
#include "cpu_work.h"

#include <tenon/plugin.h>

/* Keeps the work alive. One per plugin file, so handlers running at once
 * never store to a shared cache line. */
static volatile uint64_t crunch_result;

static int bench_crunch_handler(uint64_t steps) {
    crunch_result = bench_cpu_work(steps, steps);
    return 0;
}

TENON_PLUGIN_DUMMY(BENCH_PLUGIN_NAME, "1.0.0", "bench/1", "BM_Parallel handler: fixed CPU work");
TENON_HOOK(bench_crunch, bench_crunch_handler);
TENON_HOOK(bench_crunch_serial, bench_crunch_handler);
