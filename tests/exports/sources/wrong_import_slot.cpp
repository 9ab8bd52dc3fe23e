// Imports storage_get into a storage_put_fn variable.
#include "storage_api.h"

#include <tenon/plugin.h>

namespace {

storage_put_fn slot;

int start(int, const tenon_services *) {
    return TENON_IMPORT(storage_get, "", &slot);
}

void stop(int, int) {}

}  // namespace

TENON_PLUGIN("consumer", "1.0.0", "test/2", "", start, stop);
