/*
 * tenon/services.h: the table of host services a plugin receives in init.
 *
 * Plugins never link against symbols of the host executable. Everything the
 * runtime or the host offers reaches them through this table, as with
 * sqlite3_api_routines or RedisModule_GetApi. The table carries its own size,
 * and members are only ever appended, so a plugin checks
 * TENON_SERVICES_HAS(svc, member) before using a member newer than the oldest
 * host it supports.
 */
#ifndef TENON_SERVICES_H
#define TENON_SERVICES_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <tenon/abi.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Log levels, most severe first. */
enum tenon_log_level { TENON_LOG_ERROR = 0, TENON_LOG_WARN = 1, TENON_LOG_INFO = 2, TENON_LOG_DEBUG = 3 };

/** Outcomes of tenon_services::import_function (and TENON_IMPORT). */
enum tenon_import_status {
    TENON_IMPORT_OK = 0,
    TENON_IMPORT_NO_PROVIDER = -1,        /**< no plugin of that name is loaded and initialised */
    TENON_IMPORT_NO_EXPORT = -2,          /**< the provider exports nothing by that name */
    TENON_IMPORT_SIGNATURE_MISMATCH = -3, /**< the export's signature differs from the consumer's declaration */
    TENON_IMPORT_VERSION_MISMATCH = -4,   /**< the provider's version is outside the requested range */
    TENON_IMPORT_BAD_ARGUMENT = -5,       /**< a NULL table, provider, name, signature or slot; or a malformed range */
    TENON_IMPORT_UNSUPPORTED = -6,        /**< the host's services table predates imports (reported by the SDK) */
    TENON_IMPORT_NO_EVENT = -7,           /**< the provider declares no event by that name */
    TENON_IMPORT_NOT_SUBSCRIBED = -8,     /**< unsubscribe: no live subscription of this plugin has that id */
    TENON_IMPORT_REFUSED = -9 /**< require: the plugin was found but refused (invalid, a cycle, its init failed) */
};

/**
 * Host services, one table per loaded plugin.
 *
 * Ownership and lifetime: the runtime owns the table. The pointer handed to
 * init stays valid until that plugin's exit has returned, and the same pointer
 * is stored in the plugin's `tenon_plugin_services` variable for the same
 * span. Strings it returns live as long as the table.
 *
 * Thread safety: every function member may be called from any thread, at any
 * time between init and the return of exit.
 */
typedef struct tenon_services {
    uint32_t size;      /**< sizeof(tenon_services) as the host was built; see TENON_SERVICES_HAS */
    uint16_t abi_major; /**< the host runtime's TENON_ABI_MAJOR */
    uint16_t abi_minor; /**< the host runtime's TENON_ABI_MINOR */

    const char *plugin_name;    /**< this plugin's name, as in its descriptor */
    const char *plugin_version; /**< this plugin's version, as in its descriptor */

    /** printf-style log line at `level`, prefixed with the plugin's name and routed to the host's sink. */
    void (*log)(const struct tenon_services *self, int level, const char *format, ...)
#if defined(__GNUC__)
        __attribute__((format(printf, 3, 4)))
#endif
        ;
    /** va_list form of `log`. */
    void (*vlog)(const struct tenon_services *self, int level, const char *format, va_list args);
    /** Non-zero when a line at `level` would be written; lets a plugin skip costly formatting. */
    int (*log_enabled)(const struct tenon_services *self, int level);

    /**
     * A service the host registered under `name` (for example CRIU's
     * "criu_get_image_dir"), or NULL when there is none. The host owns what
     * it returns and keeps it alive while plugins are loaded. Cast the result
     * to the type the host documents for that name.
     */
    void *(*find_service)(const struct tenon_services *self, const char *name);

    void *runtime; /**< opaque; the runtime's per-plugin state. Do not touch. */

    /**
     * Looks up the function `name` exported by the plugin `provider`, checks
     * that it has `signature` and that the provider's version is in `range`
     * ("" or NULL for any), and copies the function pointer into the function-pointer
     * variable at `out_function`. Returns TENON_IMPORT_OK or an enum
     * tenon_import_status; on failure the variable is set to NULL and, when
     * `message` is not NULL, a NUL-terminated explanation (which export, the
     * expected and the found value) is written to message[message_size].
     *
     * The provider must be initialised: declare TENON_REQUIRES on it to be
     * initialised after it. The function stays valid while the provider stays
     * loaded, which is at least until this plugin's exit has returned when
     * this plugin requires it. Thread-safe. Plugins use TENON_IMPORT instead.
     */
    int (*import_function)(const struct tenon_services *self, const char *provider, const char *name,
                           const char *signature, const char *range, void *out_function, char *message,
                           size_t message_size);

    /**
     * Subscribes `callback` (with `userdata`) to the event `event` declared by
     * `provider` ("" for the host's own events), checking the callback
     * `signature` and, for a plugin provider, that its version is in `range`
     * ("" or NULL for any). On success stores a non-zero id in *out_id and
     * returns TENON_IMPORT_OK; otherwise an enum tenon_import_status, *out_id
     * = 0 and, when `message` is not NULL, the reason in message[message_size].
     *
     * The callback runs from the next run of the event on, on whichever thread
     * runs it, possibly on several threads at once. There is no limit on the
     * number of subscriptions. Thread-safe; allowed inside a callback of the
     * same event. The subscription belongs to this plugin: it ends at
     * unsubscribe, or when this plugin or the provider unloads. Subscribing to
     * another plugin's event pins that plugin: it cannot be unloaded first.
     * Plugins use TENON_SUBSCRIBE instead.
     */
    int (*event_subscribe)(const struct tenon_services *self, const char *provider, const char *event,
                           const char *signature, const char *range, tenon_fn_ptr callback, void *userdata,
                           uint64_t *out_id, char *message, size_t message_size);

    /**
     * Ends this plugin's subscription `id`. Once it returns, the callback is
     * never started again, on any thread. Called outside any callback, it also
     * waits until no thread is still running the callback, so `userdata` may be
     * freed right after. Called from inside a callback it cannot wait for other
     * threads' running calls (they may be waiting for this one); it returns once
     * no thread can start the callback. Returns TENON_IMPORT_OK or
     * TENON_IMPORT_NOT_SUBSCRIBED. Thread-safe. Plugins use TENON_UNSUBSCRIBE.
     */
    int (*event_unsubscribe)(const struct tenon_services *self, uint64_t id);

    /**
     * Starts a run of this plugin's own event `event` (the handle the loader
     * stored through the event record's slot): enters a read section on the
     * calling thread and returns the event's current callbacks, ended by an
     * entry with a NULL callback (an empty list for a NULL handle). Never
     * locks; never allocates after the thread's first run. Must be paired with
     * event_leave on the same thread. Plugins use TENON_EVENT_RUN.
     */
    const tenon_event_entry *(*event_enter)(const struct tenon_services *self, void *event);
    /** Ends the run begun by the matching event_enter on this thread. */
    void (*event_leave)(const struct tenon_services *self);

    /**
     * Records that this run needs this plugin: the host puts it in the
     * inventory it saves, so that a later restore refuses to run without it.
     * (Claiming a first-claimer call records it too.) Returns 0. Thread-safe.
     * CRIU's add_inventory_plugin.
     */
    int (*inventory_add)(const struct tenon_services *self);
    /**
     * Non-zero when the current restore needs the plugin whose name is the
     * `length` bytes at `name` (NULL: this plugin): the host gave no
     * inventory to restore from, or one without a plugin list (it predates
     * inventories), or one naming that plugin exactly. A plugin that is not
     * needed may disable itself (its hooks then return -ENOTSUP).
     * Thread-safe. CRIU's check_and_remove_inventory_plugin.
     */
    int (*inventory_needed)(const struct tenon_services *self, const char *name, size_t length);

    /* Appended in ABI 1.1. Check TENON_SERVICES_HAS before using them. */

    /**
     * Registers `callback(userdata)` to run when this plugin is about to
     * leave, before any exit: at Host::finish, every at-exit callback of
     * every plugin runs first, while every plugin is still initialised and
     * every registration, export and subscription is live; only then do the
     * exits run, in reverse load order. So a provider may run its events from
     * an at-exit callback and reach every consumer, as QEMU's atexit
     * callbacks do. At Host::unload of this plugin its own at-exit
     * callbacks run just before its exit; when a strict load rolls plugins
     * back, the at-exit callbacks of all of them run before their exits.
     * Callbacks run in reverse order of registration across the host (the
     * most recent first, as QEMU runs them), on the thread that finishes or
     * unloads, once each. One registered while at-exit callbacks run runs in
     * the same pass. Returns 0; -EINVAL for a NULL callback; -ENOMEM;
     * -ESHUTDOWN once this plugin's at-exit callbacks have run (from its
     * exit, say), when nothing is registered. There is no limit and no way
     * to remove one. Thread-safe, from init until exit. Plugins use
     * TENON_AT_EXIT.
     */
    int (*at_exit)(const struct tenon_services *self, void (*callback)(void *userdata), void *userdata);

    /**
     * Creates the run-time callback list `name` of this plugin: an event
     * with no record in the file, created by name while the plugin runs (QPP
     * v2's qemu_plugin_create_callback). Its callbacks have the signature
     * "void(void *, void *)": they receive the event data and user data the
     * run passes. Others subscribe to it with event_subscribe (provider:
     * this plugin's name) like any event, and may do so from the moment this
     * returns; it lasts until this plugin unloads. On success stores the
     * handle for event_enter in *out_event (may be NULL) and returns
     * TENON_IMPORT_OK; TENON_IMPORT_BAD_ARGUMENT for a NULL or empty name or
     * a name this plugin already uses for an event (the message says which);
     * -ENOMEM. No limit on the number. Thread-safe.
     */
    int (*callback_create)(const struct tenon_services *self, const char *name, void **out_event, char *message,
                           size_t message_size);
    /**
     * The handle of this plugin's event `name` (declared by a record or
     * created by callback_create), for event_enter; NULL when there is none.
     * Lock-free and allocation-free, so a run by name costs a lookup, not a
     * lock. Thread-safe.
     */
    void *(*callback_find)(const struct tenon_services *self, const char *name);

    /**
     * The value the host gave this plugin's argument `key`
     * (PluginSources::arguments), or NULL when it gave none. The loader
     * checked it against the plugin's TENON_ARGUMENT record before dlopen,
     * so a TENON_ARG_INT or TENON_ARG_BOOL value parses. The string lives as
     * long as the table. Thread-safe. Plugins use tenon_argument_string,
     * tenon_argument_bool and tenon_argument_int.
     */
    const char *(*argument)(const struct tenon_services *self, const char *key);
    /**
     * The `index`th argument the host gave this plugin, in the host's order:
     * stores its key and value and returns 1, or returns 0 past the last.
     * For plugins that take any argument (TENON_ARG_ANY) and read them all.
     */
    int (*argument_at)(const struct tenon_services *self, size_t index, const char **key, const char **value);

    /**
     * From this plugin's init only: makes sure the plugin called `name`, at a
     * version in `range` ("" or NULL for any), is initialised before this
     * call returns (PANDA's panda_require). A plugin of that name already
     * initialised is checked and used; one in the same load and not yet
     * initialised is initialised now, after its own requirements; otherwise
     * the directories this load took plugins from are searched, by metadata,
     * for a file of that name and range, which is validated like any other
     * (trust policy, signatures, metadata, host compatibility, libraries),
     * mapped and initialised, its own TENON_REQUIRES found the same way. The
     * plugin so loaded comes before this one in load order: exited after it.
     * Returns TENON_IMPORT_OK; TENON_IMPORT_NO_PROVIDER (no such plugin),
     * TENON_IMPORT_VERSION_MISMATCH (none in range), TENON_IMPORT_REFUSED
     * (refused, a cycle, or its init failed), TENON_IMPORT_BAD_ARGUMENT, or
     * TENON_IMPORT_UNSUPPORTED outside this plugin's init; the reason in
     * message[message_size]. A failure is also logged; what to do with it is
     * this plugin's choice (fail its init, or carry on without). Plugins use
     * TENON_REQUIRE_PLUGIN.
     */
    int (*require)(const struct tenon_services *self, const char *name, const char *range, char *message,
                   size_t message_size);
} tenon_services;

/** True when the host's table is new enough to contain `member`. */
#define TENON_SERVICES_HAS(svc, member) \
    ((svc) != NULL && (svc)->size >= offsetof(tenon_services, member) + sizeof((svc)->member))

#ifdef __cplusplus
}
#endif

#endif /* TENON_SERVICES_H */
