#include "three.h"

#include <stdio.h>
#include <string.h>

int three_describe(const char *thing, char *out, size_t len) {
    if (strcmp(thing, "three-files") != 0) {
        return -ENOTSUP;
    }
    /* tenon_plugin_services is declared in this file too, and set: the one object the loader stored. */
    snprintf(out, len, "C, three files, init at stage %d, services %s", three_stage(),
             tenon_plugin_services != NULL ? "set" : "unset");
    return 0;
}
