/* wrong_callback_type.c compiled as C++17: the same refusal, from the C++ type check. */
#include "wrong_callback_type.c"
