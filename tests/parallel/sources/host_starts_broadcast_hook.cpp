// start() on a broadcast hook: the hook's dispatch mode is the host's
// declaration, so running it in parallel is a compile error, not a choice.
#include "test_hooks.h"

#include <tenon/host.hpp>

tenon::ParallelRun start(const tenon::Hook<test_notify_hook> &notify, int *counter) {
    return notify.start(counter);
}
