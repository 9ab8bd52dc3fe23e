/*
 * tenon/compat/ppp.h: the macro names of PANDA's plugin-to-plugin callbacks
 * ("PPP"), implemented with Tenon events (C11, and valid C++17 or later).
 *
 * A PANDA plugin keeps its call sites. The provider's header still reads
 *
 *     #include <tenon/compat/ppp.h>
 *     PPP_CB_TYPEDEF(void, on_string_found, const char *text, int length);
 *     PPP_PROT_REG_CB(on_string_found)
 *
 * the provider (one source file) still reads
 *
 *     PPP_CB_BOILERPLATE(on_string_found)
 *     ...  if (PPP_CHECK_CB(on_string_found)) { PPP_RUN_CB(on_string_found, text, n); }
 *
 * and a consumer still reads
 *
 *     PPP_REG_CB("stringsearch", on_string_found, my_found);
 *     PPP_REG_CB_WITH_CONTEXT("stringsearch", on_string_found, my_found_ctx, state);
 *     PPP_REMOVE_CB("stringsearch", on_string_found, my_found);
 *
 * How it maps onto Tenon:
 *   - each PPP callback is one Tenon event of the plugin that expands
 *     PPP_CB_BOILERPLATE, of mode TENON_NOTIFY and signature "ret(args)" as
 *     PPP_CB_TYPEDEF spells it. PPP_CB_TYPEDEF emits the event's record in
 *     every file that includes the header, flagged TENON_EVENT_IF_CREATED:
 *     it is the plugin's event only where PPP_CB_BOILERPLATE defines its
 *     slot, so a consumer including the header declares nothing, and the
 *     provider needs no name of its own in the header (PANDA's headers have
 *     none).
 *   - plain and context registrations share the event; a run calls them in
 *     registration order (PANDA ran every plain one before any context one).
 *     A context callback receives its context first, as in PANDA. The
 *     context (void *)UINTPTR_MAX is reserved: it marks a plain registration.
 *   - PPP_CHECK_CB is one atomic load: the event is flagged
 *     TENON_EVENT_SLOT_WHILE_SUBSCRIBED, so its slot is NULL while nobody is
 *     registered. PPP_RUN_CB with nobody registered costs that same load.
 *
 * What differs from PANDA, and why:
 *   - No limit (PANDA's PPP_MAX_CB was 256) and no abort: PPP_REG_CB and the
 *     others evaluate to an int status (TENON_IMPORT_OK, or an enum
 *     tenon_import_status, or -ENOMEM) and log a warning saying what was
 *     expected and found. PANDA asserted.
 *   - Thread-safe: registration and removal from any thread at any time,
 *     callbacks included; a run takes no lock.
 *   - Callbacks are typed: a function of the wrong type is a compile error,
 *     and a consumer built against a header with other types gets
 *     TENON_IMPORT_SIGNATURE_MISMATCH at run time.
 *   - A registration ends at PPP_REMOVE_CB, when the registering plugin's
 *     exit returns, or when the provider unloads; the runtime refuses to
 *     unload a provider while others are registered on it.
 *   - The `_slot` variants (registering at a given index) do not exist:
 *     order is registration order.
 *   - IF_PPP_RUN_BOOL_CB also ORs in the results of context callbacks
 *     (PANDA's ignored them) and declares no variable in the enclosing scope.
 *   - PPP_RUN_CB needs at least one argument after the name, as PANDA's did.
 *   - The provider must be initialised first: declare TENON_REQUIRES on it
 *     (PANDA's panda_require).
 */
#ifndef TENON_COMPAT_PPP_H
#define TENON_COMPAT_PPP_H

#include <stdbool.h>
#include <stdint.h>
#include <tenon/compat/detail/registrations.h>
#include <tenon/plugin.h>

/* ------------------------------------------------------------------ */
/* In the provider's header                                            */
/* ------------------------------------------------------------------ */

/**
 * PPP_CB_TYPEDEF(ret, name, params...): declares the callback `name`:
 * `name_t`, a pointer to `ret (params)`, and `name_with_context_t`, a pointer
 * to `ret (void *context, params)`. Also emits the event's record, which is
 * the plugin's own only in a plugin that expands PPP_CB_BOILERPLATE(name).
 * File scope, followed by `;`, once per name in a file.
 */
/* Not formatted: clang-format cannot lay out the string pasting. */
/* clang-format off */
#define PPP_CB_TYPEDEF(ret, name, ...)                                                               \
    typedef ret (*name##_t)(__VA_ARGS__);                                                            \
    typedef ret (*name##_with_context_t)(void *context, __VA_ARGS__);                                \
    extern __attribute__((weak, visibility("hidden"))) void *ppp__slot_##name;                       \
    PPP__RECORD(name, #ret "(" #__VA_ARGS__ ")")                                                     \
    static inline const char *ppp__signature_##name(void) { return #ret "(" #__VA_ARGS__ ")"; }      \
    typedef char ppp__declared_##name
/* clang-format on */

/** PPP_PROT_REG_CB(name): PANDA declared the registration functions here; Tenon needs nothing. */
#define PPP_PROT_REG_CB(name) typedef name##_t ppp__prototypes_of_##name;

/** PPP_CB_EXTERN(name): PANDA's declaration for the provider's other files; Tenon needs nothing. */
#define PPP_CB_EXTERN(name) typedef name##_t ppp__extern_of_##name;

/* ------------------------------------------------------------------ */
/* In the provider                                                     */
/* ------------------------------------------------------------------ */

/**
 * PPP_CB_BOILERPLATE(name): makes `name` this plugin's callback: defines the
 * slot where the runtime publishes it. Once, at file scope, in one source
 * file of the provider, after the header with PPP_CB_TYPEDEF.
 */
#define PPP_CB_BOILERPLATE(name) __attribute__((visibility("hidden"))) void *ppp__slot_##name = 0;

/** PPP_CHECK_CB(name): non-zero while at least one callback is registered on `name`. One atomic load. */
#define PPP_CHECK_CB(name) (__atomic_load_n(&ppp__slot_##name, __ATOMIC_ACQUIRE) != 0)

/**
 * PPP_RUN_CB(name, args...): calls every callback registered on `name`, in
 * registration order, on this thread, with `args` (context callbacks get
 * their context first). Results are ignored. A statement. No lock, no
 * allocation; with nobody registered, one load. Any thread, from init until
 * exit returns. Callbacks may register and remove callbacks while it runs.
 */
#define PPP_RUN_CB(name, ...) ((void)PPP__RUN(name, 0, (void), __VA_ARGS__))

/**
 * IF_PPP_RUN_BOOL_CB(name, args...) { ... }: runs every callback on `name`
 * (which return bool) as PPP_RUN_CB does, and takes the body when at least
 * one returned true.
 */
#define IF_PPP_RUN_BOOL_CB(name, ...) if (PPP__RUN(name, 1, (bool), __VA_ARGS__))

/* ------------------------------------------------------------------ */
/* In a consumer                                                       */
/* ------------------------------------------------------------------ */

/**
 * PPP_REG_CB(other_plugin, name, fn): registers `fn` (a `name_t`, checked at
 * compile time) on the callback `name` of the plugin called `other_plugin`
 * (a string). Evaluates to TENON_IMPORT_OK, an enum tenon_import_status (no
 * such plugin or callback, another signature, called before init), or
 * -ENOMEM; failures are also logged as warnings. Registering a function
 * twice makes it run twice.
 */
#define PPP_REG_CB(other_plugin, name, fn) \
    ppp__register((other_plugin), #name, ppp__signature_##name(), PPP__TYPED(name##_t, fn), PPP__NO_CONTEXT, "")

/** PPP_REG_CB_WITH_CONTEXT(other_plugin, name, fn, context): as PPP_REG_CB, for a `name_with_context_t`. */
#define PPP_REG_CB_WITH_CONTEXT(other_plugin, name, fn, context)                                                    \
    ppp__register((other_plugin), #name, ppp__signature_##name(), PPP__TYPED(name##_with_context_t, fn), (context), \
                  "_WITH_CONTEXT")

/**
 * PPP_REMOVE_CB(other_plugin, name, fn): ends the earliest registration of
 * `fn` that this plugin made there. Once it returns `fn` is never started
 * again by it (outside a callback it also waits for running calls).
 * Evaluates to TENON_IMPORT_OK or TENON_IMPORT_NOT_SUBSCRIBED (logged).
 */
#define PPP_REMOVE_CB(other_plugin, name, fn) \
    ppp__remove((other_plugin), #name, PPP__TYPED(name##_t, fn), PPP__NO_CONTEXT, "")

/** PPP_REMOVE_CB_WITH_CONTEXT(other_plugin, name, fn, context): as PPP_REMOVE_CB, matching the context too. */
#define PPP_REMOVE_CB_WITH_CONTEXT(other_plugin, name, fn, context) \
    ppp__remove((other_plugin), #name, PPP__TYPED(name##_with_context_t, fn), (context), "_WITH_CONTEXT")

/* ------------------------------------------------------------------ */
/* Implementation details below: not part of the API.                   */
/* ------------------------------------------------------------------ */

/* What a plain registration passes as its userdata: never a context. */
#define PPP__NO_CONTEXT ((void *)UINTPTR_MAX)

/* The event record, with its strings inline as <tenon/abi.h> lays them out; the provider is left empty. */
#define PPP__RECORD(name, signature)                                                      \
    static TENON__SECTION(TENON__RECORDS_SECTION_NAME) TENON__RECORD_TYPE {               \
        tenon_event_record record;                                                        \
        char strings[sizeof(#name "\0" signature "\0")];                                  \
    }                                                                                     \
    ppp__record_of_##name = {{{TENON_RECORD_EVENT, sizeof(ppp__record_of_##name)},        \
                              sizeof(tenon_event_record),                                 \
                              0,                                                          \
                              sizeof(#name),                                              \
                              sizeof(#name) + sizeof(signature),                          \
                              TENON_NOTIFY,                                               \
                              TENON_EVENT_IF_CREATED | TENON_EVENT_SLOT_WHILE_SUBSCRIBED, \
                              0,                                                          \
                              &ppp__slot_##name},                                         \
                             #name "\0" signature "\0"};

/*
 * The run: `bool_result` 1 ORs the callbacks' results (cast through
 * `cast`), 0 ignores them. Evaluates to the OR (0 when nobody is registered).
 */
#define PPP__RUN(name, bool_result, cast, ...)                                                           \
    __extension__({                                                                                      \
        void *const ppp__event = __atomic_load_n(&ppp__slot_##name, __ATOMIC_ACQUIRE);                   \
        int ppp__any = 0;                                                                                \
        if (ppp__event != 0) {                                                                           \
            const tenon_event_entry *const ppp__entries = tenon__event_enter(ppp__event);                \
            const tenon_event_entry *ppp__e;                                                             \
            for (ppp__e = ppp__entries; ppp__e->callback != 0; ++ppp__e) {                               \
                if (!__atomic_load_n(ppp__e->alive, __ATOMIC_SEQ_CST)) {                                 \
                    continue;                                                                            \
                }                                                                                        \
                if (ppp__e->userdata == PPP__NO_CONTEXT) {                                               \
                    PPP__CALL(bool_result, cast, ((name##_t)ppp__e->callback)(__VA_ARGS__));             \
                } else {                                                                                 \
                    PPP__CALL(bool_result, cast,                                                         \
                              ((name##_with_context_t)ppp__e->callback)(ppp__e->userdata, __VA_ARGS__)); \
                }                                                                                        \
            }                                                                                            \
            tenon__event_leave(ppp__entries);                                                            \
        }                                                                                                \
        ppp__any;                                                                                        \
    })
#define PPP__CALL(bool_result, cast, call) PPP__CALL_##bool_result(cast, call)
#define PPP__CALL_0(cast, call) (void)(call)
#define PPP__CALL_1(cast, call) ppp__any |= (cast(call)) ? 1 : 0

/* `fn` as a tenon_fn_ptr, once its type is checked against `type` at compile time. */
#ifndef __cplusplus
#define PPP__TYPED(type, fn)                                                          \
    ((void)sizeof(struct {                                                            \
         _Static_assert(__builtin_types_compatible_p(__typeof__(&*(fn)), type),       \
                        "tenon: PPP callback " #fn " does not have the type " #type); \
         char ppp__unused;                                                            \
     }),                                                                              \
     (tenon_fn_ptr)(fn))
#else
#define PPP__TYPED(type, fn)                                                               \
    ([](auto ppp__fn) {                                                                    \
        static_assert(::tenon::plugin_detail::same_function_type<type, decltype(ppp__fn)>, \
                      "tenon: PPP callback " #fn " does not have the type " #type);        \
        return reinterpret_cast<tenon_fn_ptr>(ppp__fn);                                    \
    }(&*(fn)))
#endif

static inline int ppp__register(const char *provider, const char *callback, const char *signature,
                                tenon_fn_ptr function, void *context, const char *variant) {
    const tenon_services *services = tenon_plugin_services;
    char why[256] = "";
    uint64_t id = 0;
    int status;
    if (services == 0 || !TENON_SERVICES_HAS(services, event_leave)) {
        return TENON_IMPORT_UNSUPPORTED; /* before init: there is no log to write to either */
    }
    if (provider == 0 || (context == PPP__NO_CONTEXT && variant[0] != '\0')) {
        tenon_warn("PPP_REG_CB%s(%s, %s): expected %s, found %s", variant, provider ? provider : "NULL", callback,
                   provider ? "a context other than (void *)UINTPTR_MAX" : "the name of the plugin that provides it",
                   provider ? "(void *)UINTPTR_MAX, which marks plain registrations" : "NULL");
        return TENON_IMPORT_BAD_ARGUMENT;
    }
    status =
        services->event_subscribe(services, provider, callback, signature, "", function, context, &id, why, sizeof why);
    if (status != TENON_IMPORT_OK) {
        tenon_warn("PPP_REG_CB%s(\"%s\", %s): %s", variant, provider, callback, why);
        return status;
    }
    if (!tenon__registration_remember(provider, callback, function, context, id)) {
        services->event_unsubscribe(services, id);
        tenon_warn("PPP_REG_CB%s(\"%s\", %s): out of memory recording the registration; not registered", variant,
                   provider, callback);
        return -ENOMEM;
    }
    return TENON_IMPORT_OK;
}

static inline int ppp__remove(const char *provider, const char *callback, tenon_fn_ptr function, void *context,
                              const char *variant) {
    const tenon_services *services = tenon_plugin_services;
    uint64_t id;
    int status;
    if (services == 0 || !TENON_SERVICES_HAS(services, event_leave)) {
        return TENON_IMPORT_UNSUPPORTED;
    }
    id = provider != 0 ? tenon__registration_forget(provider, callback, function, context) : 0;
    if (id == 0) {
        tenon_warn("PPP_REMOVE_CB%s(\"%s\", %s): expected a function this plugin registered there, found none", variant,
                   provider ? provider : "NULL", callback);
        return TENON_IMPORT_NOT_SUBSCRIBED;
    }
    status = services->event_unsubscribe(services, id);
    if (status != TENON_IMPORT_OK) {
        tenon_warn("PPP_REMOVE_CB%s(\"%s\", %s): the registration had already ended (did the provider unload?)",
                   variant, provider, callback);
    }
    return status;
}

#endif /* TENON_COMPAT_PPP_H */
