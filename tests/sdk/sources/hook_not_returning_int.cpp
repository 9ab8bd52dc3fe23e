/* A host header that declares a hook returning void: the chain protocol needs int. */
#include <tenon/hook.h>

#define TENON_HOOK_sdk_void(X, ...) X(__VA_ARGS__, TENON_BROADCAST, void, (int))
TENON_DECLARE_HOOK(sdk_void);
