// A complete C++ plugin, with a noexcept hook and a lambda-free init: must compile as strict C++17.
#include "test_hooks.h"

#include <tenon/plugin.h>

namespace {
int claim(int key, int *answer) noexcept {
    *answer = key;
    return 0;
}
int notify(int *counter) {
    ++*counter;
    return 0;
}
int start(int, const tenon_services *) {
    // A host function, typed, with no cast from void * (-pedantic -Werror holds).
    if (const test_trace_fn trace = TENON_FIND_FUNCTION(test_trace_fn, TEST_TRACE_SERVICE)) {
        trace("good_cxx", "started");
    }
    return 0;
}
void stop(int, int) {}
}  // namespace

TENON_PLUGIN("good_cxx", "1.0.0", "test/2", "compiles cleanly", start, stop);
TENON_HOOK_EX(test_claim, claim, TENON_PRIORITY_FIRST, 0);
TENON_HOOK(test_notify, notify);
