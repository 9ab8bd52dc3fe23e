// Calling a parallel hook like a first-claimer or broadcast hook would run it
// on the host's thread and drop every result but one: a compile error.
#include "parallel_api.h"

#include <tenon/host.hpp>

int call(const tenon::Hook<par_work_hook> &work) {
    return work(1);
}
