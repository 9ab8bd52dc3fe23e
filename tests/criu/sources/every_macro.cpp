/* every_macro.c compiled as C++17: the compat headers work in both languages. */
#include "every_macro.c"
