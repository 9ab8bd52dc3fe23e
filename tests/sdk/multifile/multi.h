/*
 * A plugin of three source files (multi_main, multi_hooks, multi_state), as
 * real plugins are: every file includes <tenon/plugin.h>, so every file
 * declares tenon_plugin_services; only multi_main defines it (through
 * TENON_PLUGIN). Built once from the .c files and once from the .cpp ones.
 */
#ifndef MULTI_H
#define MULTI_H

#include "test_trace.h"

#include <tenon/plugin.h>

#ifdef __cplusplus
extern "C" {
#endif

/* multi_state: state shared by the files, set by init. */
int multi_initialised_stage(void);
void multi_set_stage(int stage);
/* multi_hooks: the handlers TENON_HOOK records in two of the files name. */
int multi_claim(int key, int *answer);
int multi_notify(int *count);
/* Whether this file sees the services pointer init received (the same object in every file). */
int multi_hooks_sees(const tenon_services *services);

#ifdef __cplusplus
}
#endif

#endif /* MULTI_H */
