/* Imports storage_get into a storage_put_fn variable. */
#include "storage_api.h"

#include <tenon/plugin.h>

static storage_put_fn slot;

static int start(int stage, const tenon_services *services) {
    (void)stage, (void)services;
    return TENON_IMPORT(storage_get, "", &slot);
}

static void stop(int stage, int result) {
    (void)stage, (void)result;
}

TENON_PLUGIN("consumer", "1.0.0", "test/2", "", start, stop);
