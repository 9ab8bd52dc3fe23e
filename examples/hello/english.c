/* A plugin in C: greets in English and counts one visit. */
#include "hello_hooks.h"

#include <stdio.h>
#include <string.h>
#include <tenon/plugin.h>

static int greet(const char *language, const char *name, char *out, size_t len) {
    if (strcmp(language, "en") != 0) {
        return -ENOTSUP;
    }
    snprintf(out, len, "Hello, %s!", name);
    return 0;
}

static int count_visit(int *visits) {
    *visits += 1;
    return 0;
}

static int english_init(int stage, const tenon_services *services) {
    tenon_info("init at stage %d; host ABI %u.%u", stage, services->abi_major, services->abi_minor);
    return 0;
}

static void english_exit(int stage, int result) {
    tenon_info("exit at stage %d with result %d", stage, result);
}

TENON_PLUGIN("english", "1.0.0", "hello/1", "Greets in English (written in C)", english_init, english_exit);
TENON_HOOK(hello_greet, greet);
TENON_HOOK(hello_count_visit, count_visit);
