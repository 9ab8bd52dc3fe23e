/* every_macro.c compiled as C++17: the header must be valid C++ too. */
#include "every_macro.c"
