#include "three.h"

static int stage_seen;

int three_stage(void) {
    return stage_seen;
}

static int three_init(int stage, const tenon_services *services) {
    (void)services;
    stage_seen = stage;
    return 0;
}

TENON_PLUGIN_INIT_ONLY("three-files", "1.2.0", "consumer/1", "A C plugin of three source files", three_init);
TENON_HOOK(consumer_describe, three_describe);
