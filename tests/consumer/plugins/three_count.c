#include "three.h"

int three_count(int *total) {
    *total += 3;
    return 0;
}

TENON_HOOK(consumer_count, three_count);
