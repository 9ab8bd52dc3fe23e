// The handlers, and a second file's hook record (records from every file are collected).
#include "multi.hpp"

int multi::claim(int key, int *answer) {
    if (key != 11) {
        return -ENOTSUP;
    }
    *answer = 1100 + initialised_stage();
    test_trace("claimed by the hooks file, stage %d", initialised_stage());
    return 0;
}

int multi::notify(int *count) {
    ++*count;
    return 0;
}

bool multi::hooks_file_sees(const tenon_services *services) {
    return tenon_plugin_services == services;
}

using multi::notify;  // TENON_HOOK takes a plain name
TENON_HOOK(test_notify, notify);
