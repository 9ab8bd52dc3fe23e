/*
 * tenon/compat/criu/hooks.h: CRIU's plugin hooks as Tenon hook declarations.
 *
 * One spec per hook, named exactly as CRIU's enum constant, so that
 * CR_PLUGIN_REGISTER_HOOK(CR_PLUGIN_HOOK__X, fn) can paste the constant onto
 * TENON_HOOK and get the hook's name, type and dispatch mode. Each argument
 * list is CRIU's (API 0.2.0, with the hooks CRIU added since), without
 * parameter names.
 *
 * Dispatch modes follow what each hook means to CRIU's core:
 *   - per-object hooks (a socket, a file, a mount, a VMA, a process) are
 *     first-claimer, as CRIU's run_plugins: -ENOTSUP passes the object on;
 *   - RESTORE_INIT, DUMP_DEVICES_LATE and POST_FORKING are broadcast, so
 *     one plugin's 0 cannot starve another (CRIU's run_plugins stops at the
 *     first result other than -ENOTSUP, for these hooks too); PluginEngine::run
 *     still returns what run_plugins would. A host may run POST_FORKING in
 *     parallel instead (see <tenon/compat/criu/profile.hpp>); plugins need no
 *     change for that.
 *
 * Included by <tenon/compat/criu/criu-plugin.h> for plugins, and by the CRIU
 * profile for hosts. C11, and valid C++17.
 */
#ifndef TENON_COMPAT_CRIU_HOOKS_H
#define TENON_COMPAT_CRIU_HOOKS_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/stat.h>
#include <tenon/hook.h>

/** The host interface a CRIU-profile host offers and its plugins target. */
#define TENON_CRIU_INTERFACE "criu/1"

/* clang-format off */
#define TENON_HOOK_CR_PLUGIN_HOOK__DUMP_UNIX_SK(X, ...)        X(__VA_ARGS__, TENON_FIRST_CLAIMER, int, (int, int))
#define TENON_HOOK_CR_PLUGIN_HOOK__RESTORE_UNIX_SK(X, ...)     X(__VA_ARGS__, TENON_FIRST_CLAIMER, int, (int))
#define TENON_HOOK_CR_PLUGIN_HOOK__DUMP_EXT_FILE(X, ...)       X(__VA_ARGS__, TENON_FIRST_CLAIMER, int, (int, int))
#define TENON_HOOK_CR_PLUGIN_HOOK__RESTORE_EXT_FILE(X, ...)    X(__VA_ARGS__, TENON_FIRST_CLAIMER, int, (int, bool *))
#define TENON_HOOK_CR_PLUGIN_HOOK__DUMP_EXT_MOUNT(X, ...)      X(__VA_ARGS__, TENON_FIRST_CLAIMER, int, (char *, int))
#define TENON_HOOK_CR_PLUGIN_HOOK__RESTORE_EXT_MOUNT(X, ...)   X(__VA_ARGS__, TENON_FIRST_CLAIMER, int, (int, char *, char *, int *))
#define TENON_HOOK_CR_PLUGIN_HOOK__DUMP_EXT_LINK(X, ...)       X(__VA_ARGS__, TENON_FIRST_CLAIMER, int, (int, int, char *))
#define TENON_HOOK_CR_PLUGIN_HOOK__HANDLE_DEVICE_VMA(X, ...)   X(__VA_ARGS__, TENON_FIRST_CLAIMER, int, (int, const struct stat *))
#define TENON_HOOK_CR_PLUGIN_HOOK__UPDATE_VMA_MAP(X, ...)      X(__VA_ARGS__, TENON_FIRST_CLAIMER, int, (const char *, const uint64_t, const uint64_t, uint64_t *, int *))
#define TENON_HOOK_CR_PLUGIN_HOOK__RESUME_DEVICES_LATE(X, ...) X(__VA_ARGS__, TENON_FIRST_CLAIMER, int, (int))
#define TENON_HOOK_CR_PLUGIN_HOOK__PAUSE_DEVICES(X, ...)       X(__VA_ARGS__, TENON_FIRST_CLAIMER, int, (int))
#define TENON_HOOK_CR_PLUGIN_HOOK__CHECKPOINT_DEVICES(X, ...)  X(__VA_ARGS__, TENON_FIRST_CLAIMER, int, (int))
#define TENON_HOOK_CR_PLUGIN_HOOK__POST_FORKING(X, ...)        X(__VA_ARGS__, TENON_BROADCAST, int, (void))
#define TENON_HOOK_CR_PLUGIN_HOOK__RESTORE_INIT(X, ...)        X(__VA_ARGS__, TENON_BROADCAST, int, (void))
#define TENON_HOOK_CR_PLUGIN_HOOK__DUMP_DEVICES_LATE(X, ...)   X(__VA_ARGS__, TENON_BROADCAST, int, (int))
#define TENON_HOOK_CR_PLUGIN_HOOK__UPDATE_INETSK(X, ...)       X(__VA_ARGS__, TENON_FIRST_CLAIMER, int, (uint32_t, uint32_t, uint32_t *, uint32_t *))
/* clang-format on */

TENON_DECLARE_HOOK(CR_PLUGIN_HOOK__DUMP_UNIX_SK);
TENON_DECLARE_HOOK(CR_PLUGIN_HOOK__RESTORE_UNIX_SK);
TENON_DECLARE_HOOK(CR_PLUGIN_HOOK__DUMP_EXT_FILE);
TENON_DECLARE_HOOK(CR_PLUGIN_HOOK__RESTORE_EXT_FILE);
TENON_DECLARE_HOOK(CR_PLUGIN_HOOK__DUMP_EXT_MOUNT);
TENON_DECLARE_HOOK(CR_PLUGIN_HOOK__RESTORE_EXT_MOUNT);
TENON_DECLARE_HOOK(CR_PLUGIN_HOOK__DUMP_EXT_LINK);
TENON_DECLARE_HOOK(CR_PLUGIN_HOOK__HANDLE_DEVICE_VMA);
TENON_DECLARE_HOOK(CR_PLUGIN_HOOK__UPDATE_VMA_MAP);
TENON_DECLARE_HOOK(CR_PLUGIN_HOOK__RESUME_DEVICES_LATE);
TENON_DECLARE_HOOK(CR_PLUGIN_HOOK__PAUSE_DEVICES);
TENON_DECLARE_HOOK(CR_PLUGIN_HOOK__CHECKPOINT_DEVICES);
TENON_DECLARE_HOOK(CR_PLUGIN_HOOK__POST_FORKING);
TENON_DECLARE_HOOK(CR_PLUGIN_HOOK__RESTORE_INIT);
TENON_DECLARE_HOOK(CR_PLUGIN_HOOK__DUMP_DEVICES_LATE);
TENON_DECLARE_HOOK(CR_PLUGIN_HOOK__UPDATE_INETSK);

/**
 * Number of hooks this profile knows: CRIU's CR_PLUGIN_HOOK__MAX once
 * UPDATE_INETSK (15) was added. CRIU adds hooks without changing its plugin
 * API version; a newer hook gets added here, in criu-plugin.h's enum and
 * typedefs, in the profile's hook list and, if CRIU has a legacy symbol for
 * it, in the binary format's table (docs/criu-compat.md, "Hooks newer than
 * this host").
 */
#define TENON_CRIU_HOOK_COUNT 16

/** The host service criu_get_image_dir() reads: a pointer to the image directory's fd (an int, read atomically). */
#define TENON_CRIU_IMAGE_DIR_SERVICE "criu.image_dir_fd"

/** The host service criu_plugin_get_options() reads: a pointer to a tenon_criu_plugin_options. */
#define TENON_CRIU_PLUGIN_OPTIONS_SERVICE "criu.plugin_options"

/**
 * CRIU's plugin option vector, as criu_plugin_get_options() hands it out:
 * argv[0] is "criu-plugin", then each --plugin-option value with "--" in
 * front, then NULL. Owned by the engine, unchanged while it lives.
 */
typedef struct tenon_criu_plugin_options {
    int argc;
    char **argv;
} tenon_criu_plugin_options;

#endif /* TENON_COMPAT_CRIU_HOOKS_H */
