/* storage_put is declared int(const char *, const char *); this implementation takes an int value. */
#include "storage_api.h"

#include <tenon/plugin.h>

static int put(const char *key, int value) {
    return key != NULL ? value : -EINVAL;
}

TENON_PLUGIN_DUMMY("storage", "1.3.0", "test/2", "");
TENON_EXPORT(storage_put, put);
