/*
 * tenon/compat/qpp.h: the macro names of QEMU's plugin-to-plugin RFC ("QPP"),
 * implemented with Tenon exports and events (C11, and valid C++17 or later).
 *
 * A plugin ported from QPP keeps its call sites. The provider's shared header
 * still reads
 *
 *     #include <tenon/compat/qpp.h>
 *     QPP_CB_PROTOTYPE(void, on_tick, int, const char *);       // a callback others register on
 *     QPP_FUN_PROTOTYPE(qpp_srv, int, qpp_srv_square, int);     // a function others call
 *
 * the provider (one source file of it) still reads
 *
 *     #define CURRENT_PLUGIN "qpp_srv"   // before its own header: see "Provider mode" below
 *     #include "qpp_srv.h"
 *     QPP_CREATE_CB(on_tick);
 *     int qpp_srv_square(int x) { return x * x; }
 *     ...  QPP_RUN_CB(on_tick, 3, "three");
 *
 * and a consumer still reads
 *
 *     #include "qpp_srv.h"
 *     QPP_REG_CB("qpp_srv", on_tick, my_tick);      // in init or later
 *     QPP_REMOVE_CB("qpp_srv", on_tick, my_tick);   // e.g. in exit
 *     qpp_srv_qpp_srv_square(7);                    // after QPP_IMPORT(qpp_srv, qpp_srv_square) in init
 *
 * What differs from the RFC, and why:
 *   - Names are the plugins' TENON_PLUGIN names, not derived from "libNAME.so".
 *   - Load order comes from TENON_REQUIRES("qpp_srv", ...) in the consumer, not
 *     from the order of the command line. A consumer that requires its provider
 *     is initialised after it and exited before it.
 *   - Functions are resolved by QPP_IMPORT, which the consumer calls in init.
 *     The RFC resolved them in a constructor, and Tenon plugins run no code
 *     before init.
 *   - A missing provider, callback or function is a status returned to the
 *     caller, plus a warning in the plugin's log. Nothing calls abort().
 *   - There is no callback limit (the RFC had QPP_MAX_CB, 256).
 *   - Registration, removal and runs are safe from any thread at any time,
 *     callbacks included. A run takes no lock.
 *   - QPP_REMOVE_CB works. A callback registration ends at the latest when
 *     either plugin unloads, and the runtime refuses to unload a provider
 *     while another plugin still imports from it or registers on its callbacks.
 *   - Every callback and function is typed by signature. A consumer built
 *     against another version of the provider's header gets
 *     TENON_IMPORT_SIGNATURE_MISMATCH and a warning. Nothing is called with
 *     the wrong arguments.
 *   - QPP_RUN_CB also evaluates to the number of callbacks it called.
 *   - QPP_FUN_PROTOTYPE takes the argument types as several macro arguments
 *     (the RFC took one), so functions of two or more parameters work.
 *   - Callbacks and functions may have at most 31 parameters.
 *
 * How each macro maps onto Tenon:
 *   - a callback is a Tenon event of mode TENON_NOTIFY, declared by the
 *     provider. Its callbacks take no userdata, so its signature is exactly
 *     QPP_CB_PROTOTYPE's, e.g. "void(int, const char *)". Native Tenon code
 *     could subscribe to it with the raw services table, but not with
 *     TENON_SUBSCRIBE, which passes userdata first.
 *   - a function is a Tenon export named `fn`, whose provider is `plugin_name`.
 *
 * Provider mode. In C, a macro cannot define another macro, so a call such as
 * QPP_CREATE_CB(name) cannot find the types that QPP_CB_PROTOTYPE was given.
 * So the records that Tenon reads from the provider's file are emitted by the
 * prototypes themselves, in every source file that defines CURRENT_PLUGIN (a
 * string literal: the including plugin's own TENON_PLUGIN name), as
 * conditional records (see <tenon/abi.h>): a callback's record is a plugin's
 * own only where QPP_CREATE_CB defines its slot, and a function's only in the
 * plugin that QPP_FUN_PROTOTYPE names. A consumer including the header, with
 * or without CURRENT_PLUGIN, declares nothing, and a plugin that provides
 * some callbacks and consumes others may define CURRENT_PLUGIN for every
 * file, as the RFC's Makefile did (-DCURRENT_PLUGIN=\"name\"). Like NDEBUG
 * for <assert.h>, CURRENT_PLUGIN is read each time this header is included.
 * Function records need no CURRENT_PLUGIN: they carry their provider's name.
 * What is caught, and where:
 *   - QPP_CREATE_CB in a file where CURRENT_PLUGIN was not defined before the
 *     prototype fails to compile, naming the missing record
 *     qpp_record_of_NAME__define_CURRENT_PLUGIN_before_its_prototype.
 *   - A CURRENT_PLUGIN other than the plugin's name makes the loader refuse
 *     the plugin: "field 'provider': expected 'NAME' (this plugin's name)".
 *   - A provider that never defines a function its header declares is
 *     refused at load for a NULL export (the declaration is weak).
 *   - A callback prototype that no file of the plugin creates declares
 *     nothing: a consumer registering on it gets TENON_IMPORT_NO_EVENT.
 *
 * This header uses internals of <tenon/plugin.h>: the record section
 * attributes, the export type check and C++ exception guard, the import slot
 * check, tenon__import, and the event read-section helpers. It belongs to
 * the same SDK version.
 */
#ifndef TENON_COMPAT_QPP_H
#define TENON_COMPAT_QPP_H

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <tenon/compat/detail/registrations.h>
#include <tenon/plugin.h>

/* ------------------------------------------------------------------ */
/* Callbacks                                                           */
/* ------------------------------------------------------------------ */

/**
 * QPP_CB_PROTOTYPE(fn_ret, name, arg_types...): in the provider's shared
 * header, declares the callback `name`. Callbacks return `fn_ret` and take
 * `arg_types` (types only, or `void`).
 *
 * Defines `name_t`, the callback's function type, as in the RFC (a pointer to
 * one is `name_t *`). The spelling "fn_ret(arg_types)" is the signature, and
 * the runtime checks it whenever someone registers. In the provider's
 * CURRENT_PLUGIN file it also emits the event record the loader reads, before
 * dlopen. Use it at file scope, followed by `;`, at most once per name in a
 * plugin.
 */
/* Not formatted: clang-format cannot lay out the pasted QPP__CAT(...)(...) call. */
/* clang-format off */
#define QPP_CB_PROTOTYPE(fn_ret, name, ...)                                                           \
    extern __attribute__((weak, visibility("hidden"))) void *qpp__slot_##name;                        \
    QPP__CAT(QPP__CB_RECORD_, QPP__PROVIDER_MODE)(name, #fn_ret "(" #__VA_ARGS__ ")")                 \
    static inline const char *qpp__cb_signature_##name(void) { return #fn_ret "(" #__VA_ARGS__ ")"; } \
    typedef fn_ret name##_t(__VA_ARGS__)
/* clang-format on */

/**
 * QPP_CREATE_CB(name): in the provider, makes the callback `name` runnable.
 * It defines the slot where the loader stores the runtime's handle for the
 * event. Use it once, at file scope, followed by `;`, in the source file that
 * defines CURRENT_PLUGIN before including the header with the prototype.
 * Anywhere else it fails to compile, naming the record it did not find.
 *
 * Callbacks can be registered from the provider's init on, until the
 * provider unloads. The runtime owns the list: it has no size limit, it is
 * replaced rather than edited, and it is freed after a grace period.
 */
#define QPP_CREATE_CB(name)                                                                                       \
    typedef char qpp__created_##name[sizeof(qpp_record_of_##name##__define_CURRENT_PLUGIN_before_its_prototype)]; \
    __attribute__((visibility("hidden"))) void *qpp__slot_##name = 0

/**
 * QPP_RUN_CB(name, args...): in the provider, calls every callback currently
 * registered on `name` with `args`, in registration order, on the calling
 * thread. It evaluates to the number of callbacks it called, an int. Their
 * results are ignored.
 *
 * Lock-free and allocation-free: it walks the runtime's current list inside
 * a read section (event_enter/event_leave). A callback removed before the
 * run reaches it is skipped. Callbacks may register and remove callbacks,
 * themselves included, while it runs. Any thread, from init until exit
 * returns. Before init, and in a provider that never initialised, it calls
 * nothing. `args` are evaluated once per callback called. Callbacks must not
 * throw (C++): nothing stands between them and the provider.
 */
#define QPP_RUN_CB(...) QPP__RUN_CB(QPP__FIRST(__VA_ARGS__, ~), QPP__CALL_ARGS(__VA_ARGS__))

/**
 * QPP_REG_CB(other_plugin, name, fn): registers `fn`, a function of type
 * `name_t` (checked at compile time), on the callback `name` of the plugin
 * called `other_plugin`. `other_plugin` is a string: that plugin's
 * TENON_PLUGIN name. Evaluates to an int:
 *   - TENON_IMPORT_OK;
 *   - TENON_IMPORT_NO_PROVIDER: no initialised plugin of that name (require it
 *     with TENON_REQUIRES to be initialised after it);
 *   - TENON_IMPORT_NO_EVENT: it has no callback called `name`;
 *   - TENON_IMPORT_SIGNATURE_MISMATCH: its prototype of `name` has other types;
 *   - TENON_IMPORT_BAD_ARGUMENT: `other_plugin` is NULL;
 *   - TENON_IMPORT_UNSUPPORTED: called before init;
 *   - -ENOMEM: this plugin could not record the registration (nothing is
 *     registered).
 * Every failure is also logged as a warning under this plugin's name. Nothing
 * aborts.
 *
 * `fn` runs from the provider's next run on. A registration lasts until
 * QPP_REMOVE_CB, until this plugin's exit returns (Host::finish and unload
 * end an exited plugin's registrations at once), or until the provider
 * unloads. While it lasts, the runtime refuses to unload the provider. So a
 * provider that runs the callback from its own exit reaches no consumer that
 * exited before it, which under Host::finish is every consumer loaded after
 * it (unlike QEMU, whose atexit callbacks all run while every plugin is
 * installed). Registering the same `fn` twice makes it run twice per run.
 * Thread-safe, also from inside a callback. There is no limit on the number
 * of registrations.
 */
#define QPP_REG_CB(other_plugin, name, fn) \
    qpp__register((other_plugin), #name, qpp__cb_signature_##name(), QPP__CALLBACK(name, fn))

/**
 * QPP_REMOVE_CB(other_plugin, name, fn): ends one registration of `fn` on the
 * callback `name` of `other_plugin`, made by this plugin with QPP_REG_CB.
 * When `fn` was registered more than once, the earliest registration goes.
 * Once it returns, `fn` is never started again by that registration.
 * Called outside any callback, it also waits until no other thread is still
 * running it. Evaluates to an int:
 *   - TENON_IMPORT_OK;
 *   - TENON_IMPORT_NOT_SUBSCRIBED: this plugin has no live registration of
 *     `fn` there (or `other_plugin` is NULL);
 *   - TENON_IMPORT_UNSUPPORTED: called before init or after exit.
 * Every failure is also logged as a warning. Thread-safe, also from inside a
 * callback (its own included). A registration that is never removed ends when
 * this plugin unloads.
 */
#define QPP_REMOVE_CB(other_plugin, name, fn) qpp__unregister((other_plugin), #name, QPP__CALLBACK(name, fn))

/* ------------------------------------------------------------------ */
/* Functions                                                           */
/* ------------------------------------------------------------------ */

/**
 * QPP_FUN_PROTOTYPE(plugin_name, fn_ret, fn, arg_types...): in the provider's
 * shared header, declares the function `fn` that the plugin `plugin_name`
 * (an identifier equal to its TENON_PLUGIN name) offers to other plugins.
 * Defines:
 *   - `fn_t`, a pointer to the function's type, as in the RFC, and `fn_fn`, the
 *     same type under the name Tenon's exports use;
 *   - `plugin_name_fn`, a function pointer that starts out NULL. A consumer
 *     fills it with QPP_IMPORT. There is one per plugin, shared by all its
 *     source files.
 * In the provider's CURRENT_PLUGIN file it also declares `fn` (define it
 * there or in another source file of the provider, not `static`) and exports
 * it. A definition of another type fails to compile in C. In C++ it is an
 * overload, and the link fails on the missing function. Use it at file
 * scope, followed by `;`.
 */
/* Not formatted, as QPP_CB_PROTOTYPE. */
/* clang-format off */
#define QPP_FUN_PROTOTYPE(plugin_name, fn_ret, fn, ...)                                              \
    typedef fn_ret (*fn##_t)(__VA_ARGS__);                                                           \
    typedef fn##_t fn##_fn;                                                                          \
    static inline const char *qpp__fun_signature_##fn(void) { return #fn_ret "(" #__VA_ARGS__ ")"; } \
    QPP__FUN_RECORD(#plugin_name, fn_ret, fn, (__VA_ARGS__), #fn_ret "(" #__VA_ARGS__ ")")            \
    __attribute__((weak, visibility("hidden"))) fn##_t plugin_name##_##fn = 0;                       \
    __attribute__((weak, visibility("hidden"))) fn##_t fn##_qpp = 0;                                 \
    static const qpp__import_entry qpp__import_of_##fn QPP__IMPORT_SECTION =                         \
        {#plugin_name, #fn, #fn_ret "(" #__VA_ARGS__ ")", (void *)&plugin_name##_##fn, (void *)&fn##_qpp}
/* clang-format on */

/**
 * QPP_IMPORT(plugin_name, fn): in a consumer, from init or later, points
 * `plugin_name_fn` at the function `fn` that `plugin_name` declared with
 * QPP_FUN_PROTOTYPE. Evaluates to TENON_IMPORT_OK or an enum
 * tenon_import_status: no provider, no such function, or a signature
 * mismatch. On failure it sets the pointer to NULL and logs a warning saying
 * which. Nothing aborts: an optional function can simply be left unused.
 *
 * The function stays valid while the provider is loaded, and the runtime
 * refuses to unload a provider while someone imports from it. With
 * TENON_REQUIRES on the provider, that covers this plugin's whole life.
 * Thread-safe. Storing into `plugin_name_fn` is a plain write, so import
 * before other threads call through the pointer (init is the place).
 */
#define QPP_IMPORT(plugin_name, fn) \
    qpp__import(#plugin_name, #fn, qpp__fun_signature_##fn(), TENON__IMPORT_SLOT(fn, &plugin_name##_##fn))

/* ------------------------------------------------------------------ */
/* Implementation details below: not part of the API.                   */
/* ------------------------------------------------------------------ */

/*
 * Every QPP_FUN_PROTOTYPE a plugin expands leaves one of these in its own
 * section, so that TENON_QEMU_PLUGIN's init can import them all before
 * qemu_plugin_install runs, as the RFC's constructors did. A plugin that
 * imports with QPP_IMPORT never reads them.
 */
typedef struct qpp__import_entry {
    const char *provider;  /* the plugin named by QPP_FUN_PROTOTYPE */
    const char *name;      /* the function */
    const char *signature; /* "ret(args)" */
    void *slot;            /* &plugin_fn, the RFC v1 name */
    void *slot_v2;         /* &fn_qpp, the v2 name */
} qpp__import_entry;
#define QPP__IMPORT_SECTION __attribute__((section("tenon_qpp_imports"), used, aligned(8)))

#define QPP__CAT_(a, b) a##b
#define QPP__CAT(a, b) QPP__CAT_(a, b)

/*
 * The prototypes spell each signature at the outermost macro and pass the
 * string literal down, so argument types are never macro-expanded first: C's
 * `bool` must stay "bool", as in C++ and in Tenon's own records.
 */

/* QPP_RUN_CB(name) and QPP_RUN_CB(name, a, b) without GNU ## or C23 __VA_OPT__ (pedantic C11). */
#define QPP__FIRST(first, ...) first
#define QPP__PICK(_1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13, _14, _15, _16, _17, _18, _19, _20, _21, _22, \
                  _23, _24, _25, _26, _27, _28, _29, _30, _31, _32, n, ...)                                            \
    n
#define QPP__HAS_CALL_ARGS(...)                                                                                      \
    QPP__PICK(__VA_ARGS__, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, \
              1, 0, ~)
#define QPP__CALL_ARGS(...) QPP__CAT(QPP__CALL_ARGS_, QPP__HAS_CALL_ARGS(__VA_ARGS__))(__VA_ARGS__)
#define QPP__CALL_ARGS_0(name) ()
#define QPP__CALL_ARGS_1(name, ...) (__VA_ARGS__)

#define QPP__RUN_CB(name, args) QPP__RUN_CB_(name, args)
#define QPP__RUN_CB_(name, args)                                                                \
    __extension__({                                                                             \
        const tenon_event_entry *const qpp__entries = tenon__event_enter(qpp__slot_##name);     \
        int qpp__called = 0;                                                                    \
        for (const tenon_event_entry *qpp__e = qpp__entries; qpp__e->callback != 0; ++qpp__e) { \
            if (__atomic_load_n(qpp__e->alive, __ATOMIC_SEQ_CST)) {                             \
                ((name##_t *)qpp__e->callback) args;                                            \
                ++qpp__called;                                                                  \
            }                                                                                   \
        }                                                                                       \
        tenon__event_leave(qpp__entries);                                                       \
        qpp__called;                                                                            \
    })

/* Provider mode: the event record, with its strings inline, as <tenon/abi.h> lays it out. */
#define QPP__CB_RECORD_0(name, signature)
#define QPP__CB_RECORD_1(name, signature)                                                                  \
    static TENON__SECTION(TENON_RECORDS_SECTION) TENON__RECORD_TYPE {                                      \
        tenon_event_record record;                                                                         \
        char strings[sizeof(#name "\0" signature "\0" CURRENT_PLUGIN)];                                    \
    }                                                                                                      \
    qpp_record_of_##name##__define_CURRENT_PLUGIN_before_its_prototype = {                                 \
        {{TENON_RECORD_EVENT, sizeof(qpp_record_of_##name##__define_CURRENT_PLUGIN_before_its_prototype)}, \
         sizeof(tenon_event_record),                                                                       \
         0,                                                                                                \
         sizeof(#name),                                                                                    \
         sizeof(#name) + sizeof(signature),                                                                \
         TENON_NOTIFY,                                                                                     \
         TENON_EVENT_IF_CREATED,                                                                           \
         0,                                                                                                \
         &qpp__slot_##name},                                                                               \
        #name "\0" signature "\0" CURRENT_PLUGIN};

/*
 * In every file: declares `fn` (weak and hidden: only the provider defines
 * it), checks its type, and emits a conditional export record through the
 * SDK's guard (in C++, an exception becomes an error line, as for
 * TENON_EXPORT). The record is the plugin's export only in the plugin whose
 * name is `provider`; a provider that never defines `fn` is refused at load
 * for a NULL export.
 */
#define QPP__FUN_RECORD(provider, fn_ret, fn, args, signature)                                            \
    __attribute__((weak, visibility("hidden"))) fn_ret fn args;                                           \
    TENON__CHECK_EXPORT_TYPE(fn, fn, signature);                                                          \
    TENON__GUARD_NAME(e, "export", fn, fn)                                                                \
    static TENON__SECTION(TENON_RECORDS_SECTION) TENON__RECORD_TYPE {                                     \
        tenon_export_record record;                                                                       \
        char strings[sizeof(#fn "\0" signature "\0" provider)];                                           \
    }                                                                                                     \
    tenon__export_##fn##__##fn = {{{TENON_RECORD_EXPORT_IF_PROVIDER, sizeof(tenon__export_##fn##__##fn)}, \
                                   sizeof(tenon_export_record),                                           \
                                   0,                                                                     \
                                   sizeof(#fn),                                                           \
                                   sizeof(#fn) + sizeof(signature),                                       \
                                   TENON__GUARDED_PTR(e, fn, fn)},                                        \
                                  #fn "\0" signature "\0" provider};

#ifndef __cplusplus
/* A struct in sizeof puts a static assertion inside an expression (as <tenon/plugin.h> does). */
#define QPP__CALLBACK(name, fn)                                                                                     \
    ((void)sizeof(struct {                                                                                          \
         _Static_assert(__builtin_types_compatible_p(__typeof__(&*(fn)), name##_t *),                               \
                        "tenon: QPP callback " #fn " does not match the type of callback " #name " (" #name "_t)"); \
         char qpp__unused;                                                                                          \
     }),                                                                                                            \
     (tenon_fn_ptr)(fn))
#else
#define QPP__CALLBACK(name, fn)                                                                                   \
    ([](auto qpp__fn) {                                                                                           \
        static_assert(::tenon::plugin_detail::same_function_type<name##_t *, decltype(qpp__fn)>,                  \
                      "tenon: QPP callback " #fn " does not match the type of callback " #name " (" #name "_t)"); \
        return reinterpret_cast<tenon_fn_ptr>(qpp__fn);                                                           \
    }(&*(fn)))
#endif

static inline int qpp__register(const char *provider, const char *callback, const char *signature,
                                tenon_fn_ptr function) {
    const tenon_services *services = tenon_plugin_services;
    char why[256] = "";
    uint64_t id = 0;
    int status;
    if (services == 0 || !TENON_SERVICES_HAS(services, event_leave)) {
        return TENON_IMPORT_UNSUPPORTED; /* before init: there is no log to write to either */
    }
    if (provider == 0) {
        tenon_warn("QPP_REG_CB(NULL, %s): expected the name of the plugin that creates the callback", callback);
        return TENON_IMPORT_BAD_ARGUMENT;
    }
    status = services->event_subscribe(services, provider, callback, signature, "", function, 0, &id, why, sizeof why);
    if (status != TENON_IMPORT_OK) {
        tenon_warn("QPP_REG_CB(\"%s\", %s): %s", provider, callback, why);
        return status;
    }
    if (!tenon__registration_remember(provider, callback, function, 0, id)) {
        services->event_unsubscribe(services, id);
        tenon_warn("QPP_REG_CB(\"%s\", %s): out of memory recording the registration; not registered", provider,
                   callback);
        return -ENOMEM;
    }
    return TENON_IMPORT_OK;
}

static inline int qpp__unregister(const char *provider, const char *callback, tenon_fn_ptr function) {
    const tenon_services *services = tenon_plugin_services;
    uint64_t id;
    int status;
    if (services == 0 || !TENON_SERVICES_HAS(services, event_leave)) {
        return TENON_IMPORT_UNSUPPORTED;
    }
    if (provider == 0) {
        tenon_warn("QPP_REMOVE_CB(NULL, %s): expected the name of the plugin that creates the callback", callback);
        return TENON_IMPORT_NOT_SUBSCRIBED;
    }
    id = tenon__registration_forget(provider, callback, function, 0);
    if (id == 0) {
        tenon_warn("QPP_REMOVE_CB(\"%s\", %s): expected a function this plugin registered there, found none", provider,
                   callback);
        return TENON_IMPORT_NOT_SUBSCRIBED;
    }
    status = services->event_unsubscribe(services, id);
    if (status != TENON_IMPORT_OK) {
        tenon_warn("QPP_REMOVE_CB(\"%s\", %s): the registration had already ended (did the provider unload?)", provider,
                   callback);
    }
    return status;
}

static inline int qpp__import(const char *provider, const char *name, const char *signature, void *slot) {
    char why[256] = "";
    const int status = tenon__import(provider, name, signature, "", slot, why, sizeof why);
    if (status != TENON_IMPORT_OK) {
        tenon_warn("QPP_IMPORT(%s, %s): %s", provider, name, why);
    }
    return status;
}

#endif /* TENON_COMPAT_QPP_H */

/*
 * Provider mode, re-read at every inclusion like NDEBUG for <assert.h>:
 * prototypes expanded while CURRENT_PLUGIN was defined at the latest
 * inclusion emit the provider's records. See "Provider mode" above.
 */
#undef QPP__PROVIDER_MODE
#ifdef CURRENT_PLUGIN
#define QPP__PROVIDER_MODE 1
#else
#define QPP__PROVIDER_MODE 0
#endif
