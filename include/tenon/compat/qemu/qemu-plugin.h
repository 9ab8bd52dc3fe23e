/*
 * qemu-plugin.h, as Tenon provides it: the part of QEMU's TCG plugin API that
 * plugins written for QEMU's plugin-to-plugin work (QPP, RFC v1 of September
 * 2022 and v2 of December 2022) use, implemented on Tenon's services (C11,
 * and valid C++17 or later). With this folder on the include path (CMake:
 * tenon_add_qemu_plugin, or tenon::qemu_plugin), a plugin's
 *
 *     #include <qemu-plugin.h>
 *     #include <plugin-qpp.h>
 *
 * compile unchanged. It adds one line to each plugin, in one of its source files:
 *
 *     TENON_QEMU_PLUGIN(CURRENT_PLUGIN, "1.0.0", "qemu/2", "What it does");
 *
 * which is its Tenon descriptor and the adapter between Tenon's init(stage,
 * services) and QEMU's qemu_plugin_install(id, info, argc, argv).
 *
 * What each name does here:
 *   - QEMU_PLUGIN_EXPORT is empty. Tenon finds what a plugin offers through
 *     its records, not its dynamic symbols, and a default-visibility
 *     attribute on a function that QPP_FUN_PROTOTYPE declared hidden would
 *     be a warning (an error with -Werror).
 *   - qemu_plugin_outs(text) writes `text` to the host's log at info level,
 *     under the plugin's name (one line per call; a trailing newline is
 *     dropped, the sink adds its own).
 *   - qemu_plugin_register_atexit_cb(id, cb, userdata) maps onto
 *     TENON_AT_EXIT: `cb(id, userdata)` runs when the host finishes, before
 *     any plugin's exit, while every plugin and registration is live, as in
 *     QEMU. As in QEMU, a second call replaces the first.
 *   - qemu_plugin_create_callback, _run_callback, _reg_callback and
 *     _unreg_callback (QPP v2) are Tenon events created by name at run time
 *     (services->callback_create), with the signature
 *     "void(void *, void *)". They return bool as in QEMU, log QEMU's error
 *     texts as warnings, never abort, have no limit (QEMU's v2 stopped at 9
 *     per callback), and are thread-safe. A run looks the callback up
 *     without a lock.
 *   - qemu_plugin_install gets the host's arguments for the plugin as argv
 *     ("key=value" each), as QEMU's -plugin file,key=value,... gives them.
 *   - qemu_plugin_id_t identifies the plugin to itself; the functions that
 *     take one check it is the caller's own.
 *
 * Plugin names and order: a plugin's name is its TENON_QEMU_PLUGIN name.
 * QEMU v2's `qemu_plugin_name` and `qemu_plugin_uses` variables may stay;
 * the adapter checks at init that qemu_plugin_name equals that name and that
 * each entry of qemu_plugin_uses is a TENON_REQUIRES of the plugin (which is
 * what orders it after its provider before any code runs), and fails the
 * init with a message saying which line to add otherwise.
 *
 * Functions that QPP_FUN_PROTOTYPE declares for another plugin are imported
 * by the adapter's init before qemu_plugin_install runs (the RFC did it in
 * constructors). One that cannot be imported fails the init with an error
 * naming the provider, the function and why, as the RFC printed before it
 * aborted; the host carries on.
 */
#ifndef TENON_COMPAT_QEMU_PLUGIN_H
#define TENON_COMPAT_QEMU_PLUGIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tenon/compat/qpp.h>
#include <tenon/plugin.h>

#ifdef __cplusplus
extern "C" {
#endif

#ifndef QEMU_PLUGIN_EXPORT
#define QEMU_PLUGIN_EXPORT /* exported through Tenon records; see the comment above */
#endif
#ifndef QEMU_PLUGIN_LOCAL
#define QEMU_PLUGIN_LOCAL __attribute__((visibility("hidden")))
#endif

/** The QEMU plugin API version these names follow: 2, the first with plugin names (QPP v2). */
#define QEMU_PLUGIN_VERSION 2

/** A plugin's handle for itself. */
typedef uint64_t qemu_plugin_id_t;

/** glib's untyped pointer, which QPP v2's callbacks take (the same typedef as glib's). */
typedef void *gpointer;

/** A QPP v2 callback: `evdata` and `udata` are what the run passes. */
typedef void (*cb_func_t)(gpointer evdata, gpointer udata);

/** What qemu_plugin_register_atexit_cb takes. */
typedef void (*qemu_plugin_udata_cb_t)(qemu_plugin_id_t id, void *userdata);

/**
 * What QEMU tells qemu_plugin_install. Tenon's adapter fills target_name
 * with the host's interface name, version with QEMU_PLUGIN_VERSION, and the
 * rest with zero.
 */
typedef struct qemu_info_t {
    const char *target_name;
    struct {
        int min;
        int cur;
    } version;
    bool system_emulation;
    union {
        struct {
            int smp_vcpus;
            int max_vcpus;
        } system;
    };
} qemu_info_t;

/** The plugin's entry point, which the plugin defines; TENON_QEMU_PLUGIN's init calls it. */
int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info, int argc, char **argv);

/* ------------------------------------------------------------------ */
/* The adapter                                                          */
/* ------------------------------------------------------------------ */

/**
 * TENON_QEMU_PLUGIN(name, version, interface, description): this plugin's
 * Tenon descriptor (TENON_PLUGIN with these strings), with an init that
 *   1. checks qemu_plugin_name and qemu_plugin_uses, when the plugin
 *      defines them, against `name` and the plugin's TENON_REQUIRES;
 *   2. imports every function QPP_FUN_PROTOTYPE declared for another plugin
 *      (each that fails is logged; then the init fails);
 *   3. calls qemu_plugin_install(id, &info, argc, argv) and returns its
 *      result (QEMU's convention too: 0 for success). argv holds the
 *      arguments the host gave the plugin (PluginSources::arguments), as
 *      "key=value" strings in the host's order, as QEMU passes them; they
 *      stay valid until the plugin is unloaded. The plugin accepts any
 *      argument (TENON_ANY_ARGUMENTS) and parses them itself, as under QEMU.
 * A failure of 1 or 2 is logged as an error and fails the init (-ENOENT),
 * before qemu_plugin_install runs. The exit does nothing: QEMU plugins say
 * their last words through qemu_plugin_register_atexit_cb. `name` is a
 * string literal; CURRENT_PLUGIN, as the RFC's Makefile defined it, will do.
 * Use once per plugin, at file scope.
 */
#define TENON_QEMU_PLUGIN(name, version, interface, description)                             \
    static int tenon__qemu_init(int stage, const tenon_services *services) {                 \
        (void)stage;                                                                         \
        return tenon__qemu_start(services, name, interface);                                 \
    }                                                                                        \
    static void tenon__qemu_exit(int stage, int result) {                                    \
        (void)stage;                                                                         \
        (void)result;                                                                        \
    }                                                                                        \
    TENON_PLUGIN(name, version, interface, description, tenon__qemu_init, tenon__qemu_exit); \
    TENON_ANY_ARGUMENTS("passed to qemu_plugin_install as argv, \"key=value\" each")

/* ------------------------------------------------------------------ */
/* The API                                                              */
/* ------------------------------------------------------------------ */

/** Writes `text` to the host's log (info level, under this plugin's name). Before init: dropped. */
static inline void qemu_plugin_outs(const char *text) {
    if (text != NULL) {
        tenon_info("%s", text);
    }
}

static inline qemu_plugin_id_t tenon__qemu_id(void) {
    return (qemu_plugin_id_t)(uintptr_t)tenon_plugin_services;
}

/* The one atexit callback QEMU allows a plugin, and the trampoline TENON_AT_EXIT runs. */
typedef struct tenon__qemu_atexit_t {
    qemu_plugin_udata_cb_t callback;
    void *userdata;
    int registered;
} tenon__qemu_atexit_t;
__attribute__((weak, visibility("hidden"))) tenon__qemu_atexit_t tenon__qemu_atexit = {0, 0, 0};

static inline void tenon__qemu_run_atexit(void *unused) {
    (void)unused;
    if (tenon__qemu_atexit.callback != NULL) {
        tenon__qemu_atexit.callback(tenon__qemu_id(), tenon__qemu_atexit.userdata);
    }
}

/**
 * Runs `callback(id, userdata)` when the host finishes (or unloads this
 * plugin), before any exit, while every plugin is live. A later call
 * replaces the callback, as in QEMU. Failures (before init, a host older
 * than ABI 1.1) are logged as warnings.
 */
static inline void qemu_plugin_register_atexit_cb(qemu_plugin_id_t id, qemu_plugin_udata_cb_t callback,
                                                  void *userdata) {
    int status;
    (void)id;
    tenon__qemu_atexit.callback = callback;
    tenon__qemu_atexit.userdata = userdata;
    if (tenon__qemu_atexit.registered) {
        return;
    }
    status = TENON_AT_EXIT(tenon__qemu_run_atexit, NULL);
    if (status != 0) {
        tenon_warn("qemu_plugin_register_atexit_cb: TENON_AT_EXIT: expected 0, found %d", status);
        return;
    }
    tenon__qemu_atexit.registered = 1;
}

/* The QPP v2 callbacks. QEMU's error texts, as warnings. */

static inline bool tenon__qemu_own_id(qemu_plugin_id_t id, const char *what) {
    if (tenon_plugin_services == NULL || !TENON_SERVICES_HAS(tenon_plugin_services, callback_find)) {
        return false; /* before init, or an older host: there is no log to write to either */
    }
    if (id != tenon__qemu_id()) {
        tenon_warn("Cannot %s callback with invalid plugin ID", what);
        return false;
    }
    return true;
}

/** Creates this plugin's callback `name`. False (and a warning) when it exists already or on failure. */
static inline bool qemu_plugin_create_callback(qemu_plugin_id_t id, const char *name) {
    char why[256] = "";
    int status;
    if (!tenon__qemu_own_id(id, "create")) {
        return false;
    }
    if (name != NULL && tenon_plugin_services->callback_find(tenon_plugin_services, name) != NULL) {
        tenon_warn("Plugin %s already created callback %s", tenon_plugin_services->plugin_name, name);
        return false;
    }
    status = tenon_plugin_services->callback_create(tenon_plugin_services, name, NULL, why, sizeof why);
    if (status != TENON_IMPORT_OK) {
        tenon_warn("qemu_plugin_create_callback: %s", why);
        return false;
    }
    return true;
}

/**
 * Runs every function registered on this plugin's callback `name` with
 * (evdata, udata), in registration order, on this thread; no lock. True when
 * it called at least one (QEMU: when one was registered).
 */
static inline bool qemu_plugin_run_callback(qemu_plugin_id_t id, const char *name, gpointer evdata, gpointer udata) {
    void *event;
    const tenon_event_entry *entries;
    const tenon_event_entry *entry;
    int called = 0;
    if (!tenon__qemu_own_id(id, "run")) {
        return false;
    }
    event = name != NULL ? tenon_plugin_services->callback_find(tenon_plugin_services, name) : NULL;
    if (event == NULL) {
        tenon_warn("Can not run previously-unregistered callback %s in plugin %s", name ? name : "(null)",
                   tenon_plugin_services->plugin_name);
        return false;
    }
    entries = tenon__event_enter(event);
    for (entry = entries; entry->callback != 0; ++entry) {
        if (__atomic_load_n(entry->alive, __ATOMIC_SEQ_CST)) {
            ((cb_func_t)entry->callback)(evdata, udata);
            ++called;
        }
    }
    tenon__event_leave(entries);
    return called > 0;
}

static inline bool tenon__qemu_reg_status(int status, const char *what, const char *target, const char *name,
                                          const char *why) {
    if (status == TENON_IMPORT_OK) {
        return true;
    }
    if (status == TENON_IMPORT_NO_PROVIDER) {
        tenon_warn("Cannot %s unknown plugin %s (%s)", what, target, why);
    } else if (status == TENON_IMPORT_NO_EVENT) {
        tenon_warn("Cannot %s callback %s in plugin %s as that callback does not exist", what, name, target);
    } else {
        tenon_warn("Cannot %s callback %s in plugin %s: %s", what, name, target, why);
    }
    return false;
}

/** Registers `fn` on the callback `name` of the plugin `target` (this one included). False and a warning on failure. */
static inline bool qemu_plugin_reg_callback(const char *target, const char *name, cb_func_t fn) {
    const tenon_services *services = tenon_plugin_services;
    char why[256] = "";
    uint64_t subscription = 0;
    int status;
    if (services == NULL || !TENON_SERVICES_HAS(services, callback_find) || target == NULL || name == NULL ||
        fn == NULL) {
        if (services != NULL) {
            tenon_warn("qemu_plugin_reg_callback: expected a plugin name, a callback name and a function, found %s",
                       target == NULL ? "no plugin name"
                       : name == NULL ? "no callback name"
                                      : "no function");
        }
        return false;
    }
    status = services->event_subscribe(services, target, name, "void(void *, void *)", "", (tenon_fn_ptr)fn, NULL,
                                       &subscription, why, sizeof why);
    if (!tenon__qemu_reg_status(status, "register a function to run on", target, name, why)) {
        return false;
    }
    if (!tenon__registration_remember(target, name, (tenon_fn_ptr)fn, 0, subscription)) {
        services->event_unsubscribe(services, subscription);
        tenon_warn("qemu_plugin_reg_callback(%s, %s): out of memory recording the registration; not registered", target,
                   name);
        return false;
    }
    return true;
}

/** Removes one registration of `fn` made by this plugin. False and a warning when there is none. */
static inline bool qemu_plugin_unreg_callback(const char *target, const char *name, cb_func_t fn) {
    const tenon_services *services = tenon_plugin_services;
    uint64_t subscription;
    if (services == NULL || !TENON_SERVICES_HAS(services, callback_find) || target == NULL || name == NULL) {
        return false;
    }
    subscription = tenon__registration_forget(target, name, (tenon_fn_ptr)fn, 0);
    if (subscription == 0) {
        tenon_warn("Function to remove not found in registered functions for callback %s in plugin %s", name, target);
        return false;
    }
    return services->event_unsubscribe(services, subscription) == TENON_IMPORT_OK;
}

/* ------------------------------------------------------------------ */
/* The adapter's init                                                   */
/* ------------------------------------------------------------------ */

/* What the plugin may define, as QEMU's v2 plugins do; weak, so either way links. */
extern __attribute__((weak, visibility("hidden"))) const char *qemu_plugin_name;
/* NULL-ended, as QEMU reads it. */
extern __attribute__((weak, visibility("hidden"))) const char *qemu_plugin_uses[];

/* The import entries of every QPP_FUN_PROTOTYPE this plugin expanded (see <tenon/compat/qpp.h>). */
extern __attribute__((weak, visibility("hidden"))) const qpp__import_entry __start_tenon_qpp_imports[];
extern __attribute__((weak, visibility("hidden"))) const qpp__import_entry __stop_tenon_qpp_imports[];

/* argv for qemu_plugin_install: "key=value" strings, kept until the plugin is unmapped. */
typedef struct tenon__qemu_argv_t {
    char **argv;
    int argc;
} tenon__qemu_argv_t;
__attribute__((weak, visibility("hidden"))) tenon__qemu_argv_t tenon__qemu_argv = {0, 0};

__attribute__((destructor, used)) static void tenon__qemu_argv_release(void) {
    int i;
    for (i = 0; i < tenon__qemu_argv.argc; ++i) {
        free(tenon__qemu_argv.argv[i]);
    }
    free(tenon__qemu_argv.argv);
    tenon__qemu_argv.argv = NULL;
    tenon__qemu_argv.argc = 0;
}

/* Builds tenon__qemu_argv from the host's arguments; 0, or -ENOMEM. */
static inline int tenon__qemu_build_argv(const tenon_services *services) {
    const char *key;
    const char *value;
    size_t count = 0;
    size_t i;
    if (!TENON_SERVICES_HAS(services, argument_at)) {
        count = 0;
    } else {
        while (services->argument_at(services, count, &key, &value)) {
            ++count;
        }
    }
    tenon__qemu_argv_release();
    tenon__qemu_argv.argv = (char **)calloc(count + 1, sizeof(char *));
    if (tenon__qemu_argv.argv == NULL) {
        return -ENOMEM;
    }
    for (i = 0; i < count; ++i) {
        size_t length;
        services->argument_at(services, i, &key, &value);
        length = strlen(key) + 1 + strlen(value) + 1;
        tenon__qemu_argv.argv[i] = (char *)malloc(length);
        if (tenon__qemu_argv.argv[i] == NULL) {
            return -ENOMEM;
        }
        snprintf(tenon__qemu_argv.argv[i], length, "%s=%s", key, value);
        tenon__qemu_argv.argc = (int)i + 1;
    }
    return 0;
}

static inline int tenon__qemu_start(const tenon_services *services, const char *name, const char *interface) {
    const qpp__import_entry *entry;
    qemu_info_t info;
    int failed = 0;
    const char *const *declared_name = &qemu_plugin_name; /* weak: NULL when the plugin does not declare one */
    if (declared_name != NULL && *declared_name != NULL && strcmp(*declared_name, name) != 0) {
        tenon_error("qemu_plugin_name: expected \"%s\" (the TENON_QEMU_PLUGIN name), found \"%s\"", name,
                    *declared_name);
        return -ENOENT;
    }
    /* Weak: NULL when the plugin defines no such list (a comparison of the array itself would warn). */
    const char *const *uses = (const char *const *)(uintptr_t)qemu_plugin_uses;
    if (uses != NULL) {
        const char *const *used;
        for (used = uses; *used != NULL; ++used) {
            /* Asking for an export nobody has tells a provider that is initialised from one that is not. */
            tenon_fn_ptr none = 0;
            if (tenon__import(*used, "qemu_plugin_uses", "void(void)", "", (void *)&none, NULL, 0) ==
                TENON_IMPORT_NO_PROVIDER) {
                tenon_error(
                    "qemu_plugin_uses names \"%s\": expected a plugin initialised before this one, found "
                    "none; add TENON_REQUIRES(\"%s\", \"\") so the loader loads it first or refuses this "
                    "plugin",
                    *used, *used);
                return -ENOENT;
            }
        }
    }
    for (entry = __start_tenon_qpp_imports; entry != NULL && entry < __stop_tenon_qpp_imports; ++entry) {
        char why[256] = "";
        int status;
        if (strcmp(entry->provider, name) == 0) {
            continue; /* its own function: nothing to import */
        }
        status = tenon__import(entry->provider, entry->name, entry->signature, "", entry->slot, why, sizeof why);
        if (status != TENON_IMPORT_OK) {
            tenon_error("Error plugin %s cannot import %s from %s: %s", name, entry->name, entry->provider, why);
            failed = 1; /* the others are still tried, so that every missing function is named */
            continue;
        }
        memcpy(entry->slot_v2, entry->slot, sizeof(tenon_fn_ptr));
    }
    if (failed) {
        return -ENOENT;
    }
    if (tenon__qemu_build_argv(services) != 0) {
        tenon_error("qemu_plugin_install: out of memory building argv");
        return -ENOMEM;
    }
    memset(&info, 0, sizeof info);
    info.target_name = interface;
    info.version.min = QEMU_PLUGIN_VERSION;
    info.version.cur = QEMU_PLUGIN_VERSION;
    return qemu_plugin_install(tenon__qemu_id(), &info, tenon__qemu_argv.argc, tenon__qemu_argv.argv);
}

#ifdef __cplusplus
}
#endif

#endif /* TENON_COMPAT_QEMU_PLUGIN_H */
