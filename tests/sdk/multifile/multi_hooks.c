/* The handlers, and a second file's hook record (records from every file are collected). */
#include "multi.h"

int multi_claim(int key, int *answer) {
    if (key != 11) {
        return -ENOTSUP;
    }
    *answer = 1100 + multi_initialised_stage();
    test_trace("claimed by the hooks file, stage %d", multi_initialised_stage());
    return 0;
}

int multi_notify(int *count) {
    ++*count;
    return 0;
}

int multi_hooks_sees(const tenon_services *services) {
    return tenon_plugin_services == services;
}

TENON_HOOK(test_notify, multi_notify);
