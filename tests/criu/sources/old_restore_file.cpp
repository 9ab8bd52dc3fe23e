/* old_restore_file.c compiled as C++17: the hook type check holds in C++ too. */
#include "old_restore_file.c"
