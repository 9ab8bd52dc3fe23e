/*
 * A plugin that declines everything. It asks to run first, so every call
 * visibly falls through it to the plugins behind.
 */
#include "hello_hooks.h"

#include <tenon/plugin.h>

static int decline_greeting(const char *language, const char *name, char *out, size_t len) {
    (void)language, (void)name, (void)out, (void)len;
    return -ENOTSUP;
}

static int decline_visit(int *visits) {
    (void)visits;
    return -ENOTSUP;
}

TENON_PLUGIN_DUMMY("shy", "0.1.0", "hello/1", "Declines every hook, from the front of each chain");
TENON_HOOK_EX(hello_greet, decline_greeting, TENON_PRIORITY_FIRST, 0);
TENON_HOOK_EX(hello_count_visit, decline_visit, TENON_PRIORITY_FIRST, 0);
