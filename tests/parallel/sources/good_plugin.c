/* A parallel handler, with the token, builds warning-free as C11 with -pedantic. */
#include "parallel_api.h"

#include <tenon/plugin.h>

static int work(const tenon_cancel_token *token, int value) {
    return tenon_cancel_requested(token) ? -ECANCELED : value;
}

TENON_PLUGIN_DUMMY("good", "1.0.0", "test/2", "");
TENON_HOOK(par_work, work);
