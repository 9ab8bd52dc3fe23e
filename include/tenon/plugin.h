/*
 * tenon/plugin.h: the plugin SDK (C11, and valid C++17 or later).
 *
 * A plugin is a shared library that says who it is in one line and registers
 * each hook implementation in one line:
 *
 *     #include "hello_hooks.h"      // the host's hook declarations
 *
 *     static int greet(const char *who, char *out, size_t len) { ... }
 *
 *     TENON_PLUGIN("greeter", "1.0.0", "hello/1", "Greets people", my_init, my_exit);
 *     TENON_HOOK(hello_greet, greet);
 *
 * Both macros only emit data into ELF sections (see <tenon/abi.h>): no
 * constructor runs, so the loader validates the plugin from the file before
 * its code is ever mapped. An implementation whose type differs from the
 * host's declaration of the hook is a compile error.
 *
 * In C++, every registered function is wrapped so that an exception never
 * crosses into the host: it becomes a return of TENON_EXCEPTION_RESULT plus
 * an error log line naming the plugin and the hook.
 */
#ifndef TENON_PLUGIN_H
#define TENON_PLUGIN_H

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <tenon/abi.h>
#include <tenon/event.h>
#include <tenon/export.h>
#include <tenon/hook.h>
#include <tenon/services.h>

/*
 * TENON__EXTERN_C declares an object without defining it, in both languages:
 * in C a declaration without `extern` is a tentative definition, and every
 * file of a plugin including this header would define the object again (a
 * link error since GCC 10's -fno-common).
 */
#ifdef __cplusplus
#define TENON__EXTERN_C extern "C"
#define TENON__EXTERN_C_BEGIN extern "C" {
#define TENON__EXTERN_C_END }
#else
#define TENON__EXTERN_C extern
#define TENON__EXTERN_C_BEGIN
#define TENON__EXTERN_C_END
#endif

/*
 * Static plugins. Compiled with TENON_STATIC_PLUGIN defined to an identifier
 * (e.g. -DTENON_STATIC_PLUGIN=storage, the same in every file of the
 * plugin), the same source becomes a plugin linked into the program: the
 * services pointer, the records section and the registration are named after
 * the identifier, so any number of plugins link into one executable. Use
 * tenon_add_static_plugin() in CMake, which also links every object file (an
 * archive would drop files nothing refers to, and their records with them).
 */
#define TENON__CONCAT_(a, b) a##b
#define TENON__CONCAT(a, b) TENON__CONCAT_(a, b)
#define TENON__STRING_(x) #x
#define TENON__STRING(x) TENON__STRING_(x)
#ifdef TENON_STATIC_PLUGIN
#define tenon_plugin_services TENON__CONCAT(tenon_plugin_services__, TENON_STATIC_PLUGIN)
#define TENON__RECORDS_SECTION_NAME "tenon_records_" TENON__STRING(TENON_STATIC_PLUGIN)
#else
#define TENON__RECORDS_SECTION_NAME TENON_RECORDS_SECTION
#endif

/** What a C++ hook or init returns when it threw; chosen because no hook protocol uses it. */
#define TENON_EXCEPTION_RESULT (-ENOTRECOVERABLE)

/**
 * The services table of this plugin, set by the loader before init and valid
 * until exit returns; NULL outside that span. Declared in every file that
 * includes this header and defined once, by TENON_PLUGIN, so a plugin may be
 * any number of source files (one of them holding TENON_PLUGIN).
 */
TENON__EXTERN_C const tenon_services *tenon_plugin_services __attribute__((visibility("hidden")));

/* ------------------------------------------------------------------ */
/* Host services                                                        */
/* ------------------------------------------------------------------ */

/**
 * The function the host provides under `name` (Host::provide_function), as a
 * pointer of function-pointer type `type`, or NULL when the host provides
 * none or when called outside init..exit. No cast from `void *` is written,
 * so it compiles under -Wpedantic -Werror in C and C++:
 *     log_fn log = TENON_FIND_FUNCTION(log_fn, "app.log");
 * The type is the host's promise, as for find_service: nothing checks it.
 */
#define TENON_FIND_FUNCTION(type, name) ((type)tenon__find_function(tenon_plugin_services, (name)))

/* A function pointer travels through find_service's `void *` by its bytes:
 * POSIX gives both pointer kinds one size and representation. */
#ifdef __cplusplus
static_assert(sizeof(void *) == sizeof(tenon_fn_ptr), "tenon: function and object pointers differ in size");
#else
_Static_assert(sizeof(void *) == sizeof(tenon_fn_ptr), "tenon: function and object pointers differ in size");
#endif
static inline tenon_fn_ptr tenon__find_function(const tenon_services *services, const char *name) {
    tenon_fn_ptr function = 0;
    void *object = services != 0 ? services->find_service(services, name) : 0;
    if (object != 0) {
        memcpy(&function, &object, sizeof function);
    }
    return function;
}

/* ------------------------------------------------------------------ */
/* Declaring the plugin                                                */
/* ------------------------------------------------------------------ */

/**
 * Declares the plugin: name, semantic version, host interface ("NAME/VERSION"),
 * description (all string literals), and its init and exit functions:
 *     int  init(int stage, const tenon_services *services);  // 0 on success
 *     void exit(int stage, int result);
 * Use exactly once per plugin.
 */
#define TENON_PLUGIN(name, version, interface_id, description, init, exit) \
    TENON__CHECK_INIT(init);                                               \
    TENON__CHECK_EXIT(exit);                                               \
    TENON__DESCRIPTOR(name, version, interface_id, description, TENON__INIT_PTR(init), TENON__EXIT_PTR(exit))

/** Declares a plugin with an init and no exit: as TENON_PLUGIN, without `exit`. */
#define TENON_PLUGIN_INIT_ONLY(name, version, interface_id, description, init) \
    TENON__CHECK_INIT(init);                                                   \
    TENON__DESCRIPTOR(name, version, interface_id, description, TENON__INIT_PTR(init), 0)

/** Declares a plugin with an exit and no init: as TENON_PLUGIN, without `init`. */
#define TENON_PLUGIN_EXIT_ONLY(name, version, interface_id, description, exit) \
    TENON__CHECK_EXIT(exit);                                                   \
    TENON__DESCRIPTOR(name, version, interface_id, description, 0, TENON__EXIT_PTR(exit))

/** Declares a plugin with no init and no exit (CRIU's REGISTER_DUMMY). */
#define TENON_PLUGIN_DUMMY(name, version, interface_id, description) \
    TENON__DESCRIPTOR(name, version, interface_id, description, 0, 0)

/* ------------------------------------------------------------------ */
/* Registering hook implementations                                    */
/* ------------------------------------------------------------------ */

/** Registers `fn` as this plugin's implementation of `hook`, at normal priority. */
#define TENON_HOOK(hook, fn) TENON_HOOK_EX(hook, fn, TENON_PRIORITY_NORMAL, 0)

/**
 * Registers `fn` for `hook` with a priority tier (TENON_PRIORITY_FIRST,
 * _NORMAL or _LAST) and flags (0 or TENON_HOOK_OPTIONAL, which lets the plugin
 * load into a host that does not know the hook). The same function may be
 * registered for several hooks; a hook may be registered once per plugin.
 */
#define TENON_HOOK_EX(hook, fn, priority, flags) TENON_HOOK_##hook(TENON__HOOK_RECORD_X, hook, fn, priority, flags)

/* ------------------------------------------------------------------ */
/* Serving and using other plugins                                     */
/* ------------------------------------------------------------------ */

/**
 * Registers `fn` as this plugin's implementation of the export `name`,
 * declared with TENON_DECLARE_EXPORT in the provider's shared header. A type
 * mismatch is a compile error; the declaration's provider name must be this
 * plugin's name (checked at load).
 */
#define TENON_EXPORT(name, fn) TENON_EXPORT_##name(TENON__EXPORT_RECORD_X, name, fn)

/**
 * Imports the export `name` (declared with TENON_DECLARE_EXPORT) into the
 * `name_fn` variable `*slot`, requiring its provider's version to be in
 * `range` ("" for any). Evaluates to TENON_IMPORT_OK or an enum
 * tenon_import_status; on failure `*slot` is NULL, and an optional import can
 * simply carry on without it. Call it from init or later.
 * TENON_IMPORT_EXPLAINED also writes the reason into buffer[size].
 */
#define TENON_IMPORT(name, range, slot) TENON_IMPORT_EXPLAINED(name, range, slot, NULL, 0)
#define TENON_IMPORT_EXPLAINED(name, range, slot, buffer, size) \
    TENON_EXPORT_##name(TENON__IMPORT_X, name, range, slot, buffer, size)

/* ------------------------------------------------------------------ */
/* Events: callbacks other plugins and the host subscribe to           */
/* ------------------------------------------------------------------ */

/**
 * Registers the event `name`, declared with TENON_DECLARE_EVENT, as one this
 * plugin provides and runs. The declaration's provider must be this plugin's
 * name (checked at load). Use once, at file scope, in one source file.
 */
#define TENON_EVENT(name) TENON_EVENT_##name(TENON__EVENT_RECORD_X, name)

/**
 * Runs this plugin's event `name` with the callback arguments that follow the
 * userdata (which the runtime supplies per subscription). Evaluates to an int:
 * 0 for TENON_NOTIFY; for TENON_FIRST_CLAIMER the first result other than
 * -ENOTSUP, or -ENOTSUP; for TENON_BROADCAST 0 or the first result that is
 * neither 0 nor -ENOTSUP. Callbacks run on the calling thread, in
 * subscription order. No lock, no allocation: the run walks an immutable
 * snapshot and skips callbacks unsubscribed meanwhile. Before init, or with
 * no subscribers, it calls nothing. Any thread, any time until exit returns;
 * callbacks may subscribe and unsubscribe (themselves included) while it runs.
 */
#define TENON_EVENT_RUN(...) TENON__CONCAT(TENON__EVENT_RUN_, TENON__ONE_OR_MORE(__VA_ARGS__))(__VA_ARGS__)

/**
 * Subscribes `callback` (a function of type `name_callback`, checked at
 * compile time) with `userdata` to the event `name`, whose provider must be at
 * a version in `range` ("" for any). Stores the subscription id in the
 * uint64_t at `id_out`. Evaluates to TENON_IMPORT_OK or an enum
 * tenon_import_status (no provider, no such event, signature or version
 * mismatch); nothing aborts. Call it from init or later, from any thread,
 * inside a callback too. TENON_SUBSCRIBE_EXPLAINED also writes the reason
 * into buffer[size].
 */
#define TENON_SUBSCRIBE(name, range, callback, userdata, id_out) \
    TENON_SUBSCRIBE_EXPLAINED(name, range, callback, userdata, id_out, NULL, 0)
#define TENON_SUBSCRIBE_EXPLAINED(name, range, callback, userdata, id_out, buffer, size) \
    TENON_EVENT_##name(TENON__SUBSCRIBE_X, name, range, callback, userdata, id_out, buffer, size)

/**
 * Ends the subscription `id` made by this plugin: once it returns the callback
 * is never started again (see tenon_services::event_unsubscribe for what it
 * waits for). Evaluates to TENON_IMPORT_OK or TENON_IMPORT_NOT_SUBSCRIBED.
 * A plugin's subscriptions also end by themselves when it unloads.
 */
#define TENON_UNSUBSCRIBE(id) tenon__unsubscribe(id)

/**
 * Registers `callback`, a `void (*)(void *userdata)`, to run with `userdata`
 * when this plugin is about to leave and every plugin is still live: at
 * Host::finish before any plugin's exit, at its own unload just before its
 * exit. A provider that runs its events from there reaches every consumer
 * (see tenon_services::at_exit for the order). Evaluates to 0, -EINVAL (NULL
 * callback), -ENOMEM, -ESHUTDOWN (its at-exit callbacks already ran), or
 * -ENOTSUP before init or in a host older than ABI 1.1. From init on, any
 * thread.
 */
#define TENON_AT_EXIT(callback, userdata) tenon__at_exit((callback), (userdata))

/* ------------------------------------------------------------------ */
/* Depending on other plugins                                          */
/* ------------------------------------------------------------------ */

/**
 * Declares that this plugin needs the plugin called `name` (a string
 * literal), at a version in `range`: space-separated comparators such as
 * ">=1.2 <2" (missing minor or patch numbers are 0), or "" for any version.
 * The loader initialises `name` first, exits it after this plugin, and
 * refuses this plugin if `name` is absent, refused, or out of range.
 * Use at most once per line (the record is named after the line).
 */
#define TENON_REQUIRES(name, range) TENON__REQUIRE_RECORD(name, range, 0, TENON__CONCAT(tenon__require_, __LINE__))

/**
 * Orders this plugin after the plugin called `name` when that plugin is in
 * the load or already loaded, without needing it: initialised after it and
 * exited before it when it is there, loaded anyway when it is not (or is
 * refused). When it is there, its version must be in `range` ("" for any),
 * or this plugin is refused as for TENON_REQUIRES. It does not keep `name`
 * from unloading. Use at most once per line.
 */
#define TENON_REQUIRES_IF_PRESENT(name, range) \
    TENON__REQUIRE_RECORD(name, range, TENON_REQUIRE_IF_PRESENT, TENON__CONCAT(tenon__require_, __LINE__))

/**
 * From init: loads and initialises the plugin called `name` (a string) at a
 * version in `range` ("" for any) if it is not initialised yet, finding it
 * by metadata in the directories of the current load (PANDA's
 * panda_require; see tenon_services::require). Evaluates to TENON_IMPORT_OK
 * or an enum tenon_import_status (TENON_IMPORT_UNSUPPORTED in a host older
 * than ABI 1.1). TENON_REQUIRE_PLUGIN_EXPLAINED also writes the reason into
 * buffer[size]. For a plugin needed whatever happens, TENON_REQUIRES is
 * better: it is checked before any code runs.
 */
#define TENON_REQUIRE_PLUGIN(name, range) TENON_REQUIRE_PLUGIN_EXPLAINED(name, range, NULL, 0)
#define TENON_REQUIRE_PLUGIN_EXPLAINED(name, range, buffer, size) tenon__require((name), (range), (buffer), (size))

/* ------------------------------------------------------------------ */
/* Arguments from the host                                             */
/* ------------------------------------------------------------------ */

/**
 * Declares that this plugin accepts the argument `name` (a string literal of
 * letters, digits and ._-) of `type` (TENON_ARG_STRING, TENON_ARG_BOOL or
 * TENON_ARG_INT), described by `description`. The host passes arguments per
 * plugin (PluginSources::arguments, e.g. from "plugin,key=value,..."); the
 * loader refuses the plugin, before dlopen, when the host gives one it does
 * not declare, a value that is not of the type, or omits a
 * TENON_REQUIRED_ARGUMENT. Read them from init on with
 * tenon_argument_string, tenon_argument_bool and tenon_argument_int. Once per
 * name, at file scope.
 */
#define TENON_ARGUMENT(name, type, description) TENON__ARGUMENT_RECORD(name, type, 0, description)
/** As TENON_ARGUMENT, for an argument the host must give. */
#define TENON_REQUIRED_ARGUMENT(name, type, description) \
    TENON__ARGUMENT_RECORD(name, type, TENON_ARG_REQUIRED, description)
/**
 * Accepts any argument, unchecked (the plugin reads them all with
 * services->argument_at, as QEMU plugins parse their argv). Declared
 * arguments are still checked.
 */
#define TENON_ANY_ARGUMENTS(description) TENON__ARGUMENT_RECORD("*", TENON_ARG_ANY, 0, description)

/** The string the host gave for argument `key`, or `fallback` when none (or before init). */
static inline const char *tenon_argument_string(const char *key, const char *fallback);
/** The bool the host gave for argument `key` (on/true/yes/1 or off/false/no/0), or `fallback`. */
static inline int tenon_argument_bool(const char *key, int fallback);
/** The integer the host gave for argument `key`, or `fallback`. */
static inline long long tenon_argument_int(const char *key, long long fallback);

/* ------------------------------------------------------------------ */
/* Logging through the host                                            */
/* ------------------------------------------------------------------ */

/** printf-style log line through the host's sink, prefixed with this plugin's name. Dropped before init. */
#define tenon_log(level, ...) \
    (tenon_plugin_services ? tenon_plugin_services->log(tenon_plugin_services, (level), __VA_ARGS__) : (void)0)
#define tenon_error(...) tenon_log(TENON_LOG_ERROR, __VA_ARGS__)
#define tenon_warn(...) tenon_log(TENON_LOG_WARN, __VA_ARGS__)
#define tenon_info(...) tenon_log(TENON_LOG_INFO, __VA_ARGS__)
#define tenon_debug(...) tenon_log(TENON_LOG_DEBUG, __VA_ARGS__)

/* ------------------------------------------------------------------ */
/* Implementation details below: not part of the API.                   */
/* ------------------------------------------------------------------ */

#define TENON__SECTION(name) __attribute__((section(name), used, aligned(8)))
/* On the record's struct type, so its size rounds up to a multiple of 8 too: records tile the section. */
#define TENON__RECORD_TYPE struct __attribute__((aligned(8)))

/*
 * The descriptor is one exported object, so a second TENON_PLUGIN in the same
 * library is a link error, and `nm -D` shows which files are Tenon plugins.
 * Its strings follow it inline; each offset is a sum of literal sizes.
 */
#define TENON__DESCRIPTOR_VALUE(name, version, interface_id, description, init_ptr, exit_ptr) \
    {                                                                                         \
        {TENON_DESCRIPTOR_MAGIC,                                                              \
         sizeof(tenon_descriptor),                                                            \
         TENON_ABI_MAJOR,                                                                     \
         TENON_ABI_MINOR,                                                                     \
         sizeof(name "\0" version "\0" interface_id "\0" description),                        \
         0,                                                                                   \
         sizeof(name),                                                                        \
         sizeof(name) + sizeof(version),                                                      \
         sizeof(name) + sizeof(version) + sizeof(interface_id),                               \
         init_ptr,                                                                            \
         exit_ptr,                                                                            \
         &tenon_plugin_services},                                                             \
            name "\0" version "\0" interface_id "\0" description                              \
    }
#define TENON__DESCRIPTOR_TYPE(name, version, interface_id, description)            \
    struct {                                                                        \
        tenon_descriptor descriptor;                                                \
        char strings[sizeof(name "\0" version "\0" interface_id "\0" description)]; \
    }

#ifndef TENON_STATIC_PLUGIN
#define TENON__DESCRIPTOR(name, version, interface_id, description, init_ptr, exit_ptr)                     \
    TENON__EXTERN_C_BEGIN                                                                                   \
    const tenon_services *tenon_plugin_services = 0;                                                        \
    TENON__SECTION(TENON_DESCRIPTOR_SECTION)                                                                \
    __attribute__((visibility("default"))) TENON__DESCRIPTOR_TYPE(name, version, interface_id, description) \
        tenon_plugin_descriptor =                                                                           \
            TENON__DESCRIPTOR_VALUE(name, version, interface_id, description, init_ptr, exit_ptr);          \
    TENON__EXTERN_C_END                                                                                     \
    typedef int tenon__descriptor_defined_here
#else
/*
 * Linked into the program: the descriptor is plain data (no Tenon section,
 * so the program is not mistaken for a plugin file), found through
 * tenon_static_plugin_ID, which also lists the bounds of the plugin's own
 * records section (the linker defines __start_ and __stop_ symbols for a
 * section named like an identifier; weak, they are NULL when it is absent)
 * and is listed in TENON_STATIC_PLUGINS_SECTION for tenon::linked_static_plugins().
 */
#define TENON__STATIC_REGISTRATION TENON__CONCAT(tenon_static_plugin_, TENON_STATIC_PLUGIN)
#define TENON__DESCRIPTOR(name, version, interface_id, description, init_ptr, exit_ptr)                         \
    TENON__EXTERN_C_BEGIN                                                                                       \
    const tenon_services *tenon_plugin_services = 0;                                                            \
    static __attribute__((aligned(8))) TENON__DESCRIPTOR_TYPE(name, version, interface_id, description)         \
        tenon__static_descriptor =                                                                              \
            TENON__DESCRIPTOR_VALUE(name, version, interface_id, description, init_ptr, exit_ptr);              \
    extern const char TENON__CONCAT(__start_tenon_records_, TENON_STATIC_PLUGIN)[]                              \
        __attribute__((weak, visibility("hidden")));                                                            \
    extern const char TENON__CONCAT(__stop_tenon_records_, TENON_STATIC_PLUGIN)[]                               \
        __attribute__((weak, visibility("hidden")));                                                            \
    extern const tenon_static_plugin TENON__STATIC_REGISTRATION;                                                \
    const tenon_static_plugin TENON__STATIC_REGISTRATION = {                                                    \
        TENON_STATIC_PLUGIN_MAGIC,                                                                              \
        sizeof(tenon_static_plugin),                                                                            \
        TENON__STRING(TENON_STATIC_PLUGIN),                                                                     \
        &tenon__static_descriptor,                                                                              \
        sizeof(tenon__static_descriptor),                                                                       \
        TENON__CONCAT(__start_tenon_records_, TENON_STATIC_PLUGIN),                                             \
        TENON__CONCAT(__stop_tenon_records_, TENON_STATIC_PLUGIN)};                                             \
    static TENON__SECTION(TENON_STATIC_PLUGINS_SECTION) const tenon_static_plugin *const tenon__static_listed = \
        &TENON__STATIC_REGISTRATION;                                                                            \
    TENON__EXTERN_C_END                                                                                         \
    typedef int tenon__descriptor_defined_here
#endif

/* One record per (hook, fn): the variable name makes a duplicate a compile error. */
#define TENON__HOOK_RECORD_X(hook, fn, priority, flags, mode, ret, args)                    \
    TENON__CHECK_HOOK_TYPE(hook, fn, #ret #args);                                           \
    TENON__GUARD_NAME(h, "hook", hook, fn)                                                  \
    static TENON__SECTION(TENON__RECORDS_SECTION_NAME) TENON__RECORD_TYPE {                 \
        tenon_hook_record record;                                                           \
        char strings[sizeof(#hook "\0" #ret #args)];                                        \
    }                                                                                       \
    tenon__hook_##hook##__##fn = {{{TENON_RECORD_HOOK, sizeof(tenon__hook_##hook##__##fn)}, \
                                   sizeof(tenon_hook_record),                               \
                                   0,                                                       \
                                   sizeof(#hook),                                           \
                                   (mode),                                                  \
                                   (priority),                                              \
                                   (flags),                                                 \
                                   0,                                                       \
                                   TENON__GUARDED_PTR(h, hook, fn)},                        \
                                  #hook "\0" #ret #args}

#define TENON__EXPORT_RECORD_X(name, fn, provider, ret, args)                                     \
    TENON__CHECK_EXPORT_TYPE(name, fn, #ret #args);                                               \
    TENON__GUARD_NAME(e, "export", name, fn)                                                      \
    static TENON__SECTION(TENON__RECORDS_SECTION_NAME) TENON__RECORD_TYPE {                       \
        tenon_export_record record;                                                               \
        char strings[sizeof(#name "\0" #ret #args "\0" provider)];                                \
    }                                                                                             \
    tenon__export_##name##__##fn = {{{TENON_RECORD_EXPORT, sizeof(tenon__export_##name##__##fn)}, \
                                     sizeof(tenon_export_record),                                 \
                                     0,                                                           \
                                     sizeof(#name),                                               \
                                     sizeof(#name) + sizeof(#ret #args),                          \
                                     TENON__GUARDED_PTR(e, name, fn)},                            \
                                    #name "\0" #ret #args "\0" provider}

#define TENON__IMPORT_X(name, range, slot, buffer, size, provider, ret, args) \
    tenon__import(provider, #name, #ret #args, range, TENON__IMPORT_SLOT(name, slot), buffer, size)

/* Goes through this plugin's own services table; NULL before init. */
static inline int tenon__import(const char *provider, const char *name, const char *signature, const char *range,
                                void *slot, char *buffer, size_t size) {
    const tenon_services *services = tenon_plugin_services;
    if (services == NULL || !TENON_SERVICES_HAS(services, import_function)) {
        static const char why[] = "imports need a host services table with import_function (call from init or later)";
        memset(slot, 0, sizeof(tenon_fn_ptr));
        if (buffer != NULL && size > 0) {
            strncpy(buffer, why, size - 1);
            buffer[size - 1] = '\0';
        }
        return TENON_IMPORT_UNSUPPORTED;
    }
    return services->import_function(services, provider, name, signature, range, slot, buffer, size);
}

/* The slot is where the loader stores the runtime's handle for the event before init. */
#define TENON__EVENT_RECORD_X(name, provider, mode, ret, args)                 \
    __attribute__((visibility("hidden"))) void *tenon__event_slot_##name = 0;  \
    static TENON__SECTION(TENON__RECORDS_SECTION_NAME) TENON__RECORD_TYPE {    \
        tenon_event_record record;                                             \
        char strings[sizeof(#name "\0" #ret #args "\0" provider)];             \
    }                                                                          \
    tenon__event_##name = {{{TENON_RECORD_EVENT, sizeof(tenon__event_##name)}, \
                            sizeof(tenon_event_record),                        \
                            0,                                                 \
                            sizeof(#name),                                     \
                            sizeof(#name) + sizeof(#ret #args),                \
                            (mode),                                            \
                            0,                                                 \
                            0,                                                 \
                            &tenon__event_slot_##name},                        \
                           #name "\0" #ret #args "\0" provider}

/* The list a run sees before init or without a host that supports events. */
static const tenon_event_entry tenon__no_callbacks[1] = {{0, 0, 0}};

static inline const tenon_event_entry *tenon__event_enter(void *event) {
    const tenon_services *services = tenon_plugin_services;
    if (services == NULL || event == NULL || !TENON_SERVICES_HAS(services, event_leave)) {
        return tenon__no_callbacks;
    }
    return services->event_enter(services, event);
}

static inline void tenon__event_leave(const tenon_event_entry *entries) {
    const tenon_services *services = tenon_plugin_services;
    if (entries != tenon__no_callbacks && services != NULL) {
        services->event_leave(services);
    }
}

#define TENON__EVENT_LIVE(entry) __atomic_load_n((entry)->alive, __ATOMIC_SEQ_CST)

/*
 * TENON_EVENT_RUN(name) and TENON_EVENT_RUN(name, args...) expand differently,
 * so that neither needs the GNU ", ##__VA_ARGS__" (refused by -pedantic). The
 * call's argument list, userdata first, is built here and pasted after the
 * callback inside the mode's loop, where `tenon__e` is the current entry.
 * Up to 31 callback arguments after the userdata.
 */
#define TENON__ONE_OR_MORE(...)                                                                                        \
    TENON__33RD(__VA_ARGS__, MORE, MORE, MORE, MORE, MORE, MORE, MORE, MORE, MORE, MORE, MORE, MORE, MORE, MORE, MORE, \
                MORE, MORE, MORE, MORE, MORE, MORE, MORE, MORE, MORE, MORE, MORE, MORE, MORE, MORE, MORE, MORE, ONE,   \
                unused)
#define TENON__33RD(_1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13, _14, _15, _16, _17, _18, _19, _20, _21, \
                    _22, _23, _24, _25, _26, _27, _28, _29, _30, _31, _32, _33, ...)                                \
    _33
#define TENON__EVENT_RUN_ONE(name) TENON__EVENT_RUN_WITH(name, (tenon__e->userdata))
#define TENON__EVENT_RUN_MORE(name, ...) TENON__EVENT_RUN_WITH(name, (tenon__e->userdata, __VA_ARGS__))
#define TENON__EVENT_RUN_WITH(name, call_args) \
    TENON__CONCAT(TENON__RUN_, TENON_EVENT_##name(TENON__EVENT_MODE_X, name))(name, call_args)
#define TENON__EVENT_CALL(name, call_args) ((name##_callback)tenon__e->callback) call_args

#define TENON__RUN_TENON_NOTIFY(name, call_args)                                                        \
    __extension__({                                                                                     \
        const tenon_event_entry *const tenon__entries = tenon__event_enter(tenon__event_slot_##name);   \
        for (const tenon_event_entry *tenon__e = tenon__entries; tenon__e->callback != 0; ++tenon__e) { \
            if (TENON__EVENT_LIVE(tenon__e)) {                                                          \
                TENON__EVENT_CALL(name, call_args);                                                     \
            }                                                                                           \
        }                                                                                               \
        tenon__event_leave(tenon__entries);                                                             \
        0;                                                                                              \
    })
#define TENON__RUN_TENON_FIRST_CLAIMER(name, call_args)                                                 \
    __extension__({                                                                                     \
        const tenon_event_entry *const tenon__entries = tenon__event_enter(tenon__event_slot_##name);   \
        int tenon__result = -ENOTSUP;                                                                   \
        for (const tenon_event_entry *tenon__e = tenon__entries; tenon__e->callback != 0; ++tenon__e) { \
            if (TENON__EVENT_LIVE(tenon__e)) {                                                          \
                tenon__result = TENON__EVENT_CALL(name, call_args);                                     \
                if (tenon__result != -ENOTSUP) {                                                        \
                    break;                                                                              \
                }                                                                                       \
            }                                                                                           \
        }                                                                                               \
        tenon__event_leave(tenon__entries);                                                             \
        tenon__result;                                                                                  \
    })
#define TENON__RUN_TENON_BROADCAST(name, call_args)                                                     \
    __extension__({                                                                                     \
        const tenon_event_entry *const tenon__entries = tenon__event_enter(tenon__event_slot_##name);   \
        int tenon__first_error = 0;                                                                     \
        for (const tenon_event_entry *tenon__e = tenon__entries; tenon__e->callback != 0; ++tenon__e) { \
            if (TENON__EVENT_LIVE(tenon__e)) {                                                          \
                const int tenon__result = TENON__EVENT_CALL(name, call_args);                           \
                if (tenon__result != 0 && tenon__result != -ENOTSUP && tenon__first_error == 0) {       \
                    tenon__first_error = tenon__result;                                                 \
                }                                                                                       \
            }                                                                                           \
        }                                                                                               \
        tenon__event_leave(tenon__entries);                                                             \
        tenon__first_error;                                                                             \
    })

#define TENON__SUBSCRIBE_X(name, range, callback, userdata, id_out, buffer, size, provider, mode, ret, args)    \
    tenon__subscribe(provider, #name, #ret #args, range, TENON__SUBSCRIBE_CALLBACK(name, callback), (userdata), \
                     (id_out), buffer, size)

static inline int tenon__subscribe(const char *provider, const char *name, const char *signature, const char *range,
                                   tenon_fn_ptr callback, void *userdata, uint64_t *id_out, char *buffer, size_t size) {
    const tenon_services *services = tenon_plugin_services;
    if (services == NULL || !TENON_SERVICES_HAS(services, event_leave)) {
        static const char why[] = "events need a host services table with event_subscribe (call from init or later)";
        if (id_out != NULL) {
            *id_out = 0;
        }
        if (buffer != NULL && size > 0) {
            strncpy(buffer, why, size - 1);
            buffer[size - 1] = '\0';
        }
        return TENON_IMPORT_UNSUPPORTED;
    }
    return services->event_subscribe(services, provider, name, signature, range, callback, userdata, id_out, buffer,
                                     size);
}

static inline int tenon__unsubscribe(uint64_t id) {
    const tenon_services *services = tenon_plugin_services;
    if (services == NULL || !TENON_SERVICES_HAS(services, event_leave)) {
        return TENON_IMPORT_UNSUPPORTED;
    }
    return services->event_unsubscribe(services, id);
}

static inline int tenon__at_exit(void (*callback)(void *), void *userdata) {
    const tenon_services *services = tenon_plugin_services;
    if (!TENON_SERVICES_HAS(services, at_exit)) {
        return -ENOTSUP;
    }
    return services->at_exit(services, callback, userdata);
}

/* An argument record is plain data too. Named after the line, as requirements are. */
#define TENON__ARGUMENT_RECORD(name, type, flags, description) \
    TENON__ARGUMENT_RECORD_(name, type, flags, description, TENON__CONCAT(tenon__argument_, __LINE__))
#define TENON__ARGUMENT_RECORD_(name, type, flags, description, variable)                                         \
    static TENON__SECTION(TENON__RECORDS_SECTION_NAME) TENON__RECORD_TYPE {                                       \
        tenon_argument_record record;                                                                             \
        char strings[sizeof(name "\0" description)];                                                              \
    }                                                                                                             \
    variable = {                                                                                                  \
        {{TENON_RECORD_ARGUMENT, sizeof(variable)}, sizeof(tenon_argument_record), 0, sizeof(name), type, flags}, \
        name "\0" description}

static inline int tenon__require(const char *name, const char *range, char *buffer, size_t size) {
    const tenon_services *services = tenon_plugin_services;
    if (!TENON_SERVICES_HAS(services, require)) {
        return TENON_IMPORT_UNSUPPORTED;
    }
    return services->require(services, name, range, buffer, size);
}

static inline const char *tenon__argument(const char *key) {
    const tenon_services *services = tenon_plugin_services;
    return TENON_SERVICES_HAS(services, argument) && key != NULL ? services->argument(services, key) : NULL;
}

static inline const char *tenon_argument_string(const char *key, const char *fallback) {
    const char *value = tenon__argument(key);
    return value != NULL ? value : fallback;
}

static inline int tenon_argument_bool(const char *key, int fallback) {
    const char *value = tenon__argument(key);
    if (value == NULL) {
        return fallback;
    }
    /* The loader accepted only these spellings for a TENON_ARG_BOOL. */
    return strcmp(value, "on") == 0 || strcmp(value, "true") == 0 || strcmp(value, "yes") == 0 ||
           strcmp(value, "1") == 0;
}

static inline long long tenon_argument_int(const char *key, long long fallback) {
    const char *value = tenon__argument(key);
    const char *digits = value;
    if (value == NULL) {
        return fallback;
    }
    if (*digits == '+' || *digits == '-') {
        ++digits;
    }
    /* Decimal, or hexadecimal after 0x, as the loader checked; never octal. */
    return strtoll(value, NULL, digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'X') ? 16 : 10);
}

/* A requirement is plain data: no pointer, so nothing for the dynamic linker to do. */
#define TENON__REQUIRE_RECORD(name, range, flags, variable)                                                       \
    static TENON__SECTION(TENON__RECORDS_SECTION_NAME) TENON__RECORD_TYPE {                                       \
        tenon_require_record record;                                                                              \
        char strings[sizeof(name "\0" range)];                                                                    \
    }                                                                                                             \
    variable = {{{TENON_RECORD_REQUIRE, sizeof(variable)}, sizeof(tenon_require_record), 0, sizeof(name), flags}, \
                name "\0" range}

#ifndef __cplusplus

#define TENON__CHECK_INIT(init)                                                      \
    _Static_assert(__builtin_types_compatible_p(__typeof__(&(init)), tenon_init_fn), \
                   "tenon: " #init " must be int " #init "(int stage, const tenon_services *services)")
#define TENON__CHECK_EXIT(exit)                                                      \
    _Static_assert(__builtin_types_compatible_p(__typeof__(&(exit)), tenon_exit_fn), \
                   "tenon: " #exit " must be void " #exit "(int stage, int result)")
#define TENON__CHECK_HOOK_TYPE(hook, fn, signature)                            \
    _Static_assert(__builtin_types_compatible_p(__typeof__(&(fn)), hook##_fn), \
                   "tenon: " #fn " does not match the type of hook " #hook " declared by the host: " signature)
#define TENON__CHECK_EXPORT_TYPE(name, fn, signature)                          \
    _Static_assert(__builtin_types_compatible_p(__typeof__(&(fn)), name##_fn), \
                   "tenon: " #fn " does not match the type of export " #name " declared by its provider: " signature)
/* A struct in sizeof is the C11 way to put a static assertion inside an expression. */
#define TENON__IMPORT_SLOT(name, slot)                                                                        \
    ((void)sizeof(struct {                                                                                    \
         _Static_assert(__builtin_types_compatible_p(__typeof__(slot), name##_fn *),                          \
                        "tenon: the import slot for " #name " must be a pointer to a " #name "_fn variable"); \
         char tenon__unused;                                                                                  \
     }),                                                                                                      \
     (void *)(slot))
#define TENON__SUBSCRIBE_CALLBACK(name, callback)                                                         \
    ((void)sizeof(struct {                                                                                \
         _Static_assert(__builtin_types_compatible_p(__typeof__(&*(callback)), name##_callback),          \
                        "tenon: the callback for event " #name " must have the type " #name "_callback"); \
         char tenon__unused;                                                                              \
     }),                                                                                                  \
     (tenon_fn_ptr)(callback))
#define TENON__INIT_PTR(init) (init)
#define TENON__EXIT_PTR(exit) (exit)
#define TENON__GUARD_NAME(tag, label, name, fn)
#define TENON__GUARDED_PTR(tag, name, fn) (tenon_fn_ptr)(fn)

#else /* __cplusplus */

#include <tenon/plugin_guard.hpp>

#define TENON__CHECK_INIT(init)                                                                 \
    static_assert(::tenon::plugin_detail::same_function_type<tenon_init_fn, decltype(&(init))>, \
                  "tenon: " #init " must be int " #init "(int stage, const tenon_services *services)")
#define TENON__CHECK_EXIT(exit)                                                                 \
    static_assert(::tenon::plugin_detail::same_function_type<tenon_exit_fn, decltype(&(exit))>, \
                  "tenon: " #exit " must be void " #exit "(int stage, int result)")
#define TENON__CHECK_HOOK_TYPE(hook, fn, signature)                                       \
    static_assert(::tenon::plugin_detail::same_function_type<hook##_fn, decltype(&(fn))>, \
                  "tenon: " #fn " does not match the type of hook " #hook " declared by the host: " signature)
#define TENON__CHECK_EXPORT_TYPE(name, fn, signature)                                     \
    static_assert(::tenon::plugin_detail::same_function_type<name##_fn, decltype(&(fn))>, \
                  "tenon: " #fn " does not match the type of export " #name " declared by its provider: " signature)
/* A lambda, so the static_assert can sit inside an expression and name the export. */
#define TENON__IMPORT_SLOT(name, slot)                                                                      \
    ([](auto *tenon__slot) {                                                                                \
        static_assert(std::is_same_v<std::remove_pointer_t<decltype(tenon__slot)>, name##_fn>,              \
                      "tenon: the import slot for " #name " must be a pointer to a " #name "_fn variable"); \
        return static_cast<void *>(tenon__slot);                                                            \
    }(slot))
#define TENON__SUBSCRIBE_CALLBACK(name, callback)                                                             \
    ([](auto tenon__callback) {                                                                               \
        static_assert(::tenon::plugin_detail::same_function_type<name##_callback, decltype(tenon__callback)>, \
                      "tenon: the callback for event " #name " must have the type " #name "_callback");       \
        return reinterpret_cast<tenon_fn_ptr>(tenon__callback);                                               \
    }(&*(callback)))
#define TENON__INIT_PTR(init) (&::tenon::plugin_detail::guarded_init<&(init)>)
#define TENON__EXIT_PTR(exit) (&::tenon::plugin_detail::guarded_exit<&(exit)>)
/* The trampoline's log line names what threw: "hook 'x' (function f)" or
 * "export 'x' (function f)". `tag` only keeps the two kinds' variables apart. */
#define TENON__GUARD_NAME(tag, label, name, fn) \
    static constexpr char tenon__guard_name_##tag##_##name##__##fn[] = label " '" #name "' (function " #fn ")";
#define TENON__GUARDED_PTR(tag, name, fn) \
    reinterpret_cast<tenon_fn_ptr>(       \
        &::tenon::plugin_detail::guarded_call<name##_fn, &(fn), tenon__guard_name_##tag##_##name##__##fn>::call)

#endif /* __cplusplus */

#endif /* TENON_PLUGIN_H */
