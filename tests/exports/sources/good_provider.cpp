// A C++ provider registering every export of storage_api.h, one of them noexcept: must compile as strict C++17.
#include "storage_api.h"

#include <tenon/plugin.h>

namespace {

int put(const char *key, const char *value) {
    return key != nullptr && value != nullptr ? 1 : -EINVAL;
}

int get(const char *key, char *out, size_t size) noexcept {
    return key != nullptr && out != nullptr && size > 0 ? 0 : -ENOENT;
}

int count() {
    return 0;
}

}  // namespace

TENON_PLUGIN_DUMMY("storage", "1.3.0", "test/2", "compiles cleanly");
TENON_EXPORT(storage_put, put);
TENON_EXPORT(storage_get, get);
TENON_EXPORT(storage_count, count);
