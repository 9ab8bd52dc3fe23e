/* State the other files share; it also reads the services pointer, to prove one object links. */
#include "multi.h"

static int initialised_stage = -1;

int multi_initialised_stage(void) {
    return tenon_plugin_services != NULL ? initialised_stage : -2;
}

void multi_set_stage(int stage) {
    initialised_stage = stage;
}
