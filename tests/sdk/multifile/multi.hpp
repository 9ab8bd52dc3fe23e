// The C++ plugin of three source files (multi_main.cpp, multi_hooks.cpp,
// multi_state.cpp): the same shape as the C one (multi.h), with C++ linkage
// and state, so nothing here relies on C's rules.
#pragma once

#include "test_trace.h"

#include <tenon/plugin.h>

namespace multi {

int initialised_stage();
void set_stage(int stage);
int claim(int key, int *answer);
int notify(int *count);
bool hooks_file_sees(const tenon_services *services);

}  // namespace multi
