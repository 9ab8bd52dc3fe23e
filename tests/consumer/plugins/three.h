/* A C plugin of three source files: three_main.c (the declaration), three_describe.c, three_count.c. */
#ifndef THREE_H
#define THREE_H

#include "consumer_hooks.h"

#include <tenon/plugin.h>

int three_describe(const char *thing, char *out, size_t len);
int three_count(int *total);
int three_stage(void);

#endif /* THREE_H */
