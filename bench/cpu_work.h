/*
 * BM_Parallel's unit of CPU work. The cruncher plugins and the benchmark host
 * both include it, so the handlers' work and the host's own are the same loop.
 */
#ifndef TENON_BENCH_CPU_WORK_H
#define TENON_BENCH_CPU_WORK_H

#include <stdint.h>

/*
 * Steps of bench_cpu_work that take about 50 ms on the 2-core bench machine
 * (AMD EPYC under KVM, about 1.17 ns a step at -O2), calibrated once and kept
 * fixed so runs stay comparable. A handler does this many; the host twice as many.
 */
#define BENCH_CPU_WORK_STEPS UINT64_C(42700000)

/*
 * Each step needs the previous one (xor-shift, then multiply by an odd
 * constant), so the compiler can neither vectorise the loop nor fold it into a
 * closed form: it takes steps times the chain's latency. The caller must use
 * the result, or the whole loop is dead code.
 */
static inline uint64_t bench_cpu_work(uint64_t seed, uint64_t steps) {
    uint64_t x = seed | 1;
    for (uint64_t i = 0; i < steps; ++i) {
        x ^= x >> 31;
        x *= UINT64_C(0x9E3779B97F4A7C15);
    }
    return x;
}

#endif /* TENON_BENCH_CPU_WORK_H */
