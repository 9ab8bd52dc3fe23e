/* A descriptor whose name is NULL: refused after dlopen, when the name can be read. */
#include "criu_abi.h"

CRIU_ABI_REGISTER(NULL, NULL, NULL);
