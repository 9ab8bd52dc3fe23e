// The control for the two failing host checks: the same host code, starting
// and joining a parallel hook, compiles (C++20, -pedantic -Werror).
#include "parallel_api.h"

#include <tenon/host.hpp>

int first_error(const tenon::Hook<par_work_hook> &work, const tenon::Hook<par_idle_hook> &idle) {
    tenon::ParallelRun run = work.start(1);
    tenon::ParallelRun other = idle.start(2);
    return run.join().first_error + other.join().first_error;
}
