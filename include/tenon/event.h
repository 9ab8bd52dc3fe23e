/*
 * tenon/event.h: how a provider plugin, or the host, declares an event, in a
 * header it shares with the subscribers.
 *
 *     #define TENON_EVENT_packet_seen(X, ...) \
 *         X(__VA_ARGS__, "netsrc", TENON_NOTIFY, void, (void *, const char *, size_t))
 *     TENON_DECLARE_EVENT(packet_seen);
 *
 * The spec gives the provider's plugin name (TENON_HOST for an event the host
 * declares and runs), the mode, and the callback's return and argument types.
 * A native callback's first parameter is the `void *` userdata given at
 * subscription. The modes are those of hooks, plus one:
 *   - TENON_NOTIFY: every callback runs; results are ignored (may return void);
 *   - TENON_FIRST_CLAIMER: callbacks run in subscription order until one
 *     returns something other than -ENOTSUP (must return int);
 *   - TENON_BROADCAST: every callback runs; the run's result is 0 or the
 *     first result that is neither 0 nor -ENOTSUP (must return int).
 * The spelling of the types is the signature ("void(void *, const char *,
 * size_t)"), compared when a callback subscribes.
 *
 * TENON_DECLARE_EVENT(name) defines `name_callback`, the callback's function
 * pointer type, and in C++ a tag type `name_event` for the host API, with
 * `callback`, `provider`, `name`, `signature` and `mode` members. A provider
 * plugin registers the event with TENON_EVENT(name) and runs it with
 * TENON_EVENT_RUN; subscribers use TENON_SUBSCRIBE (see <tenon/plugin.h>).
 */
#ifndef TENON_EVENT_H
#define TENON_EVENT_H

#include <tenon/abi.h>

/** The provider of an event the host itself declares and runs. */
#define TENON_HOST ""

/** The provider named by an event's declaration, as a string literal. */
#define TENON_EVENT_PROVIDER(name) TENON_EVENT_##name(TENON__EVENT_PROVIDER_X, name)
/** The callback signature string literal of a declared event, e.g. "void(void *, int)". */
#define TENON_EVENT_SIGNATURE(name) TENON_EVENT_##name(TENON__EVENT_SIGNATURE_X, name)
/** The mode of a declared event (TENON_NOTIFY, TENON_FIRST_CLAIMER or TENON_BROADCAST). */
#define TENON_EVENT_MODE(name) TENON_EVENT_##name(TENON__EVENT_MODE_X, name)

#define TENON__EVENT_PROVIDER_X(name, provider, mode, ret, args) provider
#define TENON__EVENT_SIGNATURE_X(name, provider, mode, ret, args) #ret #args
#define TENON__EVENT_MODE_X(name, provider, mode, ret, args) mode

#define TENON_DECLARE_EVENT(name) TENON_EVENT_##name(TENON__DECLARE_EVENT_X, name)

#ifndef __cplusplus

#define TENON__DECLARE_EVENT_X(name, provider, mode, ret, args)                                                 \
    _Static_assert((mode) == TENON_NOTIFY || __builtin_types_compatible_p(ret, int),                            \
                   "tenon: event " #name " must return int unless its mode is TENON_NOTIFY");                   \
    _Static_assert((mode) == TENON_NOTIFY || (mode) == TENON_FIRST_CLAIMER || (mode) == TENON_BROADCAST,        \
                   "tenon: event " #name " mode must be TENON_NOTIFY, TENON_FIRST_CLAIMER or TENON_BROADCAST"); \
    typedef ret(*name##_callback) args;                                                                         \
    extern __attribute__((visibility("hidden"))) void *tenon__event_slot_##name

#else /* __cplusplus */

#include <type_traits>

#define TENON__DECLARE_EVENT_X(event, event_provider, event_mode, ret, args)                                    \
    static_assert((event_mode) == TENON_NOTIFY || std::is_same_v<ret, int>,                                     \
                  "tenon: event " #event " must return int unless its mode is TENON_NOTIFY");                   \
    static_assert(                                                                                              \
        (event_mode) == TENON_NOTIFY || (event_mode) == TENON_FIRST_CLAIMER || (event_mode) == TENON_BROADCAST, \
        "tenon: event " #event " mode must be TENON_NOTIFY, TENON_FIRST_CLAIMER or TENON_BROADCAST");           \
    typedef ret(*event##_callback) args;                                                                        \
    extern __attribute__((visibility("hidden"))) void *tenon__event_slot_##event;                               \
    struct event##_event {                                                                                      \
        using callback = event##_callback;                                                                      \
        static constexpr const char *provider = event_provider;                                                 \
        static constexpr const char *name = #event;                                                             \
        static constexpr const char *signature = #ret #args;                                                    \
        static constexpr int mode = (event_mode);                                                               \
    }

#endif /* __cplusplus */

#endif /* TENON_EVENT_H */
