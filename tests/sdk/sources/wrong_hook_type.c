/* test_notify is declared int(int *); this implementation takes an int. */
#include "test_hooks.h"

#include <tenon/plugin.h>

static int count(int counter) { return counter; }

TENON_PLUGIN_DUMMY("wrong", "1.0.0", "test/2", "");
TENON_HOOK(test_notify, count);
