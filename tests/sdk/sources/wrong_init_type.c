/* init must take (int stage, const tenon_services *); this one takes no services. */
#include "test_hooks.h"

#include <tenon/plugin.h>

static int start(int stage) { return stage; }
static void stop(int stage, int result) { (void)stage, (void)result; }

TENON_PLUGIN("wrong", "1.0.0", "test/2", "", start, stop);
