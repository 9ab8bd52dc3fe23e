/*
 * The benchmark host's interface, "bench/1". Handlers are trivial on purpose:
 * the benchmarks measure the dispatch around them.
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

#endif /* TENON_BENCH_HOOKS_H */
