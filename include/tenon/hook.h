/*
 * tenon/hook.h: how a host declares its hooks, in a header its plugins include.
 *
 * A host writes one spec macro per hook, then TENON_DECLARE_HOOK once:
 *
 *     #define TENON_HOOK_hello_greet(X, ...) \
 *         X(__VA_ARGS__, TENON_FIRST_CLAIMER, int, (const char *, char *, size_t))
 *     TENON_DECLARE_HOOK(hello_greet);
 *
 * The spec gives the dispatch mode, the return type (int: the chain protocol
 * needs -ENOTSUP) and the argument types in parentheses, without parameter
 * names. The spelling is the signature: "int(const char *, char *, size_t)".
 * It is kept verbatim (a macro such as C's `bool` is not expanded), stored in
 * every plugin that implements the hook, and compared at load.
 *
 * TENON_DECLARE_HOOK(name) defines:
 *   - `name_fn`, the function pointer type (C and C++);
 *   - in C++, `name_hook`, a tag type the host API uses for typed dispatch,
 *     with `fn`, `name`, `signature` and `mode` members.
 */
#ifndef TENON_HOOK_H
#define TENON_HOOK_H

#include <tenon/abi.h>

/** The signature string literal of a declared hook, e.g. "int(int, int)". */
#define TENON_HOOK_SIGNATURE(hook) TENON_HOOK_##hook(TENON__SIGNATURE_X, hook)
/** The dispatch mode of a declared hook (enum tenon_dispatch_mode). */
#define TENON_HOOK_MODE(hook) TENON_HOOK_##hook(TENON__MODE_X, hook)

#define TENON__SIGNATURE_X(hook, mode, ret, args) #ret #args
#define TENON__MODE_X(hook, mode, ret, args) mode

#ifndef __cplusplus

#define TENON_DECLARE_HOOK(hook) TENON_HOOK_##hook(TENON__DECLARE_X, hook)
#define TENON__DECLARE_X(hook, mode, ret, args)                                                         \
    _Static_assert(__builtin_types_compatible_p(ret, int),                                              \
                   "tenon: hook " #hook " must return int (first-claimer and broadcast use -ENOTSUP)"); \
    typedef ret(*hook##_fn) args

#else /* __cplusplus */

#include <type_traits>

#define TENON_DECLARE_HOOK(hook) TENON_HOOK_##hook(TENON__DECLARE_X, hook)
#define TENON__DECLARE_X(hook, dispatch_mode, ret, args)                                               \
    static_assert(std::is_same_v<ret, int>,                                                            \
                  "tenon: hook " #hook " must return int (first-claimer and broadcast use -ENOTSUP)"); \
    typedef ret(*hook##_fn) args;                                                                      \
    struct hook##_hook {                                                                               \
        using fn = hook##_fn;                                                                          \
        static constexpr const char *name = #hook;                                                     \
        static constexpr const char *signature = #ret #args;                                           \
        static constexpr int mode = (dispatch_mode);                                                   \
    }

#endif /* __cplusplus */

#endif /* TENON_HOOK_H */
