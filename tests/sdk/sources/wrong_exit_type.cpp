// exit must be void(int stage, int result); this one is CRIU's old void(void).
#include "test_hooks.h"

#include <tenon/plugin.h>

static int start(int, const tenon_services *) { return 0; }
static void stop() {}

TENON_PLUGIN("wrong", "1.0.0", "test/2", "", start, stop);
