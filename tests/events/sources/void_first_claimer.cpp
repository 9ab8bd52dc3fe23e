// Must not compile: a first-claimer event whose callbacks return void.
#include <tenon/event.h>

#define TENON_EVENT_pick_one(X, ...) X(__VA_ARGS__, "picker", TENON_FIRST_CLAIMER, void, (void *, int))
TENON_DECLARE_EVENT(pick_one);
