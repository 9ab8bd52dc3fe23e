/*
 * The QPP demo host's interface, "qpp_demo/1": the one hook its plugins may
 * implement. Shared by qpp_host and both plugins.
 */
#ifndef QPP_DEMO_H
#define QPP_DEMO_H

#include <tenon/hook.h>

#define QPP_DEMO_INTERFACE "qpp_demo"
#define QPP_DEMO_INTERFACE_VERSION 1

/* The stage the host passes to init, exit and unload. */
enum qpp_demo_stage { QPP_DEMO_STAGE_RUN = 1 };

/*
 * qpp_demo_tick (first-claimer): the host's clock ticked; `tick` counts from
 * 1. The plugin that owns the clock claims it by returning how many QPP
 * callbacks it ran (0 or more). Others return -ENOTSUP.
 */
#define TENON_HOOK_qpp_demo_tick(X, ...) X(__VA_ARGS__, TENON_FIRST_CLAIMER, int, (int))
TENON_DECLARE_HOOK(qpp_demo_tick);

#endif /* QPP_DEMO_H */
