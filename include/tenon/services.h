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
    TENON_IMPORT_UNSUPPORTED = -6         /**< the host's services table predates imports (reported by the SDK) */
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
} tenon_services;

/** True when the host's table is new enough to contain `member`. */
#define TENON_SERVICES_HAS(svc, member) \
    ((svc) != NULL && (svc)->size >= offsetof(tenon_services, member) + sizeof((svc)->member))

#ifdef __cplusplus
}
#endif

#endif /* TENON_SERVICES_H */
