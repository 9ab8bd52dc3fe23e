// A parallel handler, with the token, builds warning-free as C++17 with -pedantic (the SDK wraps it for exceptions).
#include "parallel_api.h"

#include <tenon/plugin.h>

namespace {
int work(const tenon_cancel_token *token, int value) {
    return tenon_cancel_requested(token) ? -ECANCELED : value;
}
}  // namespace

TENON_PLUGIN_DUMMY("good", "1.0.0", "test/2", "");
TENON_HOOK(par_work, work);
