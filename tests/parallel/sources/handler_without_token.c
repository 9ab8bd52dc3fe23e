/* par_work is declared int(const tenon_cancel_token *, int); this handler forgot the token. */
#include "parallel_api.h"

#include <tenon/plugin.h>

static int work(int value) {
    return value;
}

TENON_PLUGIN_DUMMY("tokenless", "1.0.0", "test/2", "");
TENON_HOOK(par_work, work);
