// storage_put is declared int(const char *, const char *); this implementation returns long.
#include "storage_api.h"

#include <tenon/plugin.h>

namespace {
long put(const char *key, const char *value) {
    return key != nullptr && value != nullptr ? 1 : -EINVAL;
}
}  // namespace

TENON_PLUGIN_DUMMY("storage", "1.3.0", "test/2", "");
TENON_EXPORT(storage_put, put);
