/*
 * The benchmark host's interface, "bench/1". The dispatch benchmarks' handlers
 * are trivial on purpose: they measure the dispatch around them. BM_Parallel's
 * handlers do fixed CPU work instead: it measures how much of it overlaps.
 */
#ifndef TENON_BENCH_HOOKS_H
#define TENON_BENCH_HOOKS_H

#include <tenon/event.h>
#include <tenon/hook.h>

/* bench_call_first (first-claimer): decliners return -ENOTSUP; the claimer returns its argument. */
#define TENON_HOOK_bench_call_first(X, ...) X(__VA_ARGS__, TENON_FIRST_CLAIMER, int, (int))
TENON_DECLARE_HOOK(bench_call_first);

/* bench_broadcast (broadcast): every handler returns 0. */
#define TENON_HOOK_bench_broadcast(X, ...) X(__VA_ARGS__, TENON_BROADCAST, int, (int))
TENON_DECLARE_HOOK(bench_broadcast);

/* bench_event (a host event, notify): callbacks get their userdata and the value; results are ignored. */
#define TENON_EVENT_bench_event(X, ...) X(__VA_ARGS__, TENON_HOST, TENON_NOTIFY, int, (void *, int))
TENON_DECLARE_EVENT(bench_event);

/*
 * bench_crunch (parallel) and bench_crunch_serial (broadcast): the handler does
 * the given number of steps of bench_cpu_work (cpu_work.h) and returns 0. Every
 * cruncher plugin binds one function to both, so BM_Parallel's two modes run
 * the same code.
 */
#define TENON_HOOK_bench_crunch(X, ...) X(__VA_ARGS__, TENON_PARALLEL, int, (uint64_t))
TENON_DECLARE_HOOK(bench_crunch);
#define TENON_HOOK_bench_crunch_serial(X, ...) X(__VA_ARGS__, TENON_BROADCAST, int, (uint64_t))
TENON_DECLARE_HOOK(bench_crunch_serial);

/* bench_loaded (broadcast): the one hook BM_Load's plugins implement, so loading builds a chain. */
#define TENON_HOOK_bench_loaded(X, ...) X(__VA_ARGS__, TENON_BROADCAST, int, (int))
TENON_DECLARE_HOOK(bench_loaded);

#endif /* TENON_BENCH_HOOKS_H */
