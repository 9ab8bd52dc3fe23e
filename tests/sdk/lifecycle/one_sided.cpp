// The C++ build of one_sided.c: the C++ branches of TENON_PLUGIN_INIT_ONLY and _EXIT_ONLY.
#include "one_sided.c"
