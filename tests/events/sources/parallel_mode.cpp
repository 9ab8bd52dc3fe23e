// Must not compile: an event in the hook-only mode TENON_PARALLEL.
#include <tenon/event.h>

#define TENON_EVENT_all_at_once(X, ...) X(__VA_ARGS__, "picker", TENON_PARALLEL, int, (void *, int))
TENON_DECLARE_EVENT(all_at_once);
