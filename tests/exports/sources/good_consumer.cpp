// A consumer using TENON_IMPORT, TENON_IMPORT_EXPLAINED and TENON_REQUIRES: must compile as strict C++17.
#include "storage_api.h"

#include <tenon/plugin.h>

namespace {

storage_put_fn put;
storage_get_fn get;

int start(int, const tenon_services *) {
    char why[256];
    if (TENON_IMPORT(storage_put, ">=1.2 <2", &put) != TENON_IMPORT_OK) {
        return -ENOENT;
    }
    if (TENON_IMPORT_EXPLAINED(storage_get, "", &get, why, sizeof why) != TENON_IMPORT_OK) {
        tenon_warn("running without storage_get: %s", why);
    }
    return put("key", "value") >= 0 ? 0 : -EIO;
}

void stop(int, int) {}

}  // namespace

TENON_PLUGIN("consumer", "1.0.0", "test/2", "compiles cleanly", start, stop);
TENON_REQUIRES("storage", ">=1.2 <2");
