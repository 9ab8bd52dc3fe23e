/* A provider registering every export of storage_api.h: must compile as strict C11. */
#include "storage_api.h"

#include <tenon/plugin.h>

static int put(const char *key, const char *value) {
    return key != NULL && value != NULL ? 1 : -EINVAL;
}

static int get(const char *key, char *out, size_t size) {
    return key != NULL && out != NULL && size > 0 ? 0 : -ENOENT;
}

static int count(void) {
    return 0;
}

TENON_PLUGIN_DUMMY("storage", "1.3.0", "test/2", "compiles cleanly");
TENON_EXPORT(storage_put, put);
TENON_EXPORT(storage_get, get);
TENON_EXPORT(storage_count, count);
/* One function may serve two exports of the same type. */
#define TENON_EXPORT_storage_size(X, ...) X(__VA_ARGS__, "storage", int, (void))
TENON_DECLARE_EXPORT(storage_size);
TENON_EXPORT(storage_size, count);
