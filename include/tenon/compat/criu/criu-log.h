/*
 * criu-log.h (Tenon): CRIU's logging macros for plugins built as Tenon
 * plugins (see criu-plugin.h beside this file).
 *
 * pr_msg, pr_info, pr_warn, pr_err, pr_debug and pr_perror (and the _once
 * forms of warn and err) format as CRIU does, LOG_PREFIX and the
 * "Error (file:line): " heads included, and send the line through Tenon's
 * services table: it reaches the host's log sink with the plugin's name as
 * its source, one line per call (a trailing newline is dropped). Nothing is
 * printed before init or after exit. Levels map as:
 *     LOG_ERROR -> error, LOG_WARN -> warn, LOG_MSG and LOG_INFO -> info,
 *     LOG_DEBUG -> debug.
 * The host's level filter applies to LOG_MSG too (CRIU always prints it).
 * Thread-safe. C11 and C++17; no GNU ", ##__VA_ARGS__" is needed.
 */
#ifndef TENON_COMPAT_CRIU_LOG_H
#define TENON_COMPAT_CRIU_LOG_H

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tenon/compat/criu/legacy.h>
#include <tenon/plugin.h>

#define LOG_UNSET (-1)
#define LOG_MSG (0)   /* Print message regardless of log level */
#define LOG_ERROR (1) /* Errors only, when we're in trouble */
#define LOG_WARN (2)  /* Warnings */
#define LOG_INFO (3)  /* Informative, everything is fine */
#define LOG_DEBUG (4) /* Debug only */

#define DEFAULT_LOGLEVEL LOG_WARN

#ifndef LOG_PREFIX
#define LOG_PREFIX
#endif

/* ---- Implementation details first: the macros below expand to these. ---- */

static inline int tenon__criu_level(unsigned int level) {
    switch (level) {
        case LOG_ERROR:
            return TENON_LOG_ERROR;
        case LOG_WARN:
            return TENON_LOG_WARN;
        case LOG_DEBUG:
            return TENON_LOG_DEBUG;
        default:
            return TENON_LOG_INFO;
    }
}

/*
 * Formats one line: an optional "KIND (FILE:LINE): " head, the prefix, the
 * message, and ": strerror(saved_errno)" when saved_errno >= 0.
 */
static inline void tenon__criu_vlog(unsigned int level, const char *kind, const char *file, int line,
                                    const char *prefix, int saved_errno, const char *format, va_list args) {
    const tenon_services *services = tenon__criu_services();
    const int tenon_level = tenon__criu_level(level);
    char stack[512];
    char *message = stack;
    va_list again;
    int length;
    if (services == NULL || format == NULL || !services->log_enabled(services, tenon_level)) {
        return;
    }
    va_copy(again, args);
    length = vsnprintf(stack, sizeof stack, format, args);
    if (length < 0) {
        va_end(again);
        services->log(services, tenon_level, "%s", format); /* unformattable: show the raw format */
        return;
    }
    if ((size_t)length >= sizeof stack) {
        char *heap = (char *)malloc((size_t)length + 1);
        if (heap != NULL) { /* without memory the line is shown truncated */
            vsnprintf(heap, (size_t)length + 1, format, again);
            message = heap;
        }
    }
    va_end(again);
    if (saved_errno >= 0) {
        /* CRIU's pr_perror appends ": %s\n" after the message's own newline is gone, so drop it first. */
        size_t end = strlen(message);
        while (end > 0 && message[end - 1] == '\n') {
            message[--end] = '\0';
        }
    }
    if (kind != NULL) {
        services->log(services, tenon_level, "%s (%s:%d): %s%s%s%s", kind, file, line, prefix, message,
                      saved_errno >= 0 ? ": " : "", saved_errno >= 0 ? strerror(saved_errno) : "");
    } else {
        services->log(services, tenon_level, "%s%s", prefix, message);
    }
    if (message != stack) {
        free(message);
    }
}

static inline void tenon__criu_log(unsigned int level, const char *kind, const char *file, int line, const char *prefix,
                                   int saved_errno, const char *format, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 7, 8)))
#endif
    ;
static inline void tenon__criu_log(unsigned int level, const char *kind, const char *file, int line, const char *prefix,
                                   int saved_errno, const char *format, ...) {
    va_list args;
    va_start(args, format);
    tenon__criu_vlog(level, kind, file, line, prefix, saved_errno, format, args);
    va_end(args);
}

/* ---- The API. ---- */

/* CRIU's logging entry point, for code that calls it directly. */
static inline void print_on_level(unsigned int loglevel, const char *format, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
static inline void print_on_level(unsigned int loglevel, const char *format, ...) {
    va_list args;
    va_start(args, format);
    tenon__criu_vlog(loglevel, NULL, NULL, 0, "", -1, format, args);
    va_end(args);
}

#define pr_msg(...) tenon__criu_log(LOG_MSG, NULL, NULL, 0, "", -1, __VA_ARGS__)
#define pr_info(...) tenon__criu_log(LOG_INFO, NULL, NULL, 0, "" LOG_PREFIX, -1, __VA_ARGS__)
#define pr_debug(...) tenon__criu_log(LOG_DEBUG, NULL, NULL, 0, "" LOG_PREFIX, -1, __VA_ARGS__)
#define pr_warn(...) tenon__criu_log(LOG_WARN, "Warn ", __FILE__, __LINE__, "" LOG_PREFIX, -1, __VA_ARGS__)
#define pr_err(...) tenon__criu_log(LOG_ERROR, "Error", __FILE__, __LINE__, "" LOG_PREFIX, -1, __VA_ARGS__)
/* Appends ": strerror(errno)", like CRIU's. */
#define pr_perror(...) tenon__criu_log(LOG_ERROR, "Error", __FILE__, __LINE__, "" LOG_PREFIX, errno, __VA_ARGS__)

#define pr_err_once(...) TENON__CRIU_ONCE(pr_err(__VA_ARGS__))
#define pr_warn_once(...) TENON__CRIU_ONCE(pr_warn(__VA_ARGS__))
#define TENON__CRIU_ONCE(statement)                                       \
    do {                                                                  \
        static int tenon__printed;                                        \
        if (!__atomic_exchange_n(&tenon__printed, 1, __ATOMIC_RELAXED)) { \
            statement;                                                    \
        }                                                                 \
    } while (0)

#endif /* TENON_COMPAT_CRIU_LOG_H */
