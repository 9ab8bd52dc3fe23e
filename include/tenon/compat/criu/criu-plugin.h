/*
 * criu-plugin.h (Tenon): CRIU's public plugin API, for plugins built as
 * Tenon plugins.
 *
 * A plugin written for CRIU compiles unchanged against this header (put
 * include/tenon/compat/criu on the include path) and loads into a host that
 * uses the CRIU profile (<tenon/compat/criu/profile.hpp>). What it gains:
 *   - the descriptor and every hook are plain data in ELF sections, so the
 *     loader validates the plugin from the file before any of its code runs,
 *     and `tenon inspect` lists its hooks; no constructor is needed;
 *   - a hook whose function has the wrong type is a compile error, and its
 *     signature is checked again at load (CRIU casts it to void *);
 *   - it needs no symbol from the host executable: logging, the image
 *     directory and the inventory go through Tenon's services table.
 *
 * The API is CRIU's plugin API 0.2.0 with the hooks CRIU added since: hooks 0 to 15, the stages, the
 * descriptor type and the registration macros. Differences a plugin may see:
 *   - CR_PLUGIN_DESC exists (its name, init, exit, version and max_hooks are
 *     set) but its hooks[] stay NULL: the hook records are the registration;
 *   - the plugin's Tenon version is TENON_CRIU_PLUGIN_VERSION ("0.2.0" unless
 *     defined before CR_PLUGIN_REGISTER), its description
 *     TENON_CRIU_PLUGIN_DESCRIPTION;
 *   - add_inventory_plugin() and check_and_remove_inventory_plugin() match
 *     names exactly (see docs/criu-compat.md).
 *
 * C11 and C++17. Plugins written for CRIU use GNU C freely; this header needs
 * no extension beyond what the Tenon SDK uses.
 */
#ifndef TENON_COMPAT_CRIU_PLUGIN_H
#define TENON_COMPAT_CRIU_PLUGIN_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <tenon/compat/criu/hooks.h>
#include <tenon/compat/criu/legacy.h>
#include <tenon/plugin.h>

#define CRIU_PLUGIN_GEN_VERSION(a, b, c) (((a) << 16) + ((b) << 8) + (c))
#define CRIU_PLUGIN_VERSION_MAJOR 0
#define CRIU_PLUGIN_VERSION_MINOR 2
#define CRIU_PLUGIN_VERSION_SUBLEVEL 0

#define CRIU_PLUGIN_VERSION_OLD CRIU_PLUGIN_GEN_VERSION(0, 1, 0)

#define CRIU_PLUGIN_VERSION \
    CRIU_PLUGIN_GEN_VERSION(CRIU_PLUGIN_VERSION_MAJOR, CRIU_PLUGIN_VERSION_MINOR, CRIU_PLUGIN_VERSION_SUBLEVEL)

/* Hook points, numbered as CRIU numbers them (the binary format indexes hooks[] with these). */
enum {
    CR_PLUGIN_HOOK__DUMP_UNIX_SK = 0,
    CR_PLUGIN_HOOK__RESTORE_UNIX_SK = 1,
    CR_PLUGIN_HOOK__DUMP_EXT_FILE = 2,
    CR_PLUGIN_HOOK__RESTORE_EXT_FILE = 3,
    CR_PLUGIN_HOOK__DUMP_EXT_MOUNT = 4,
    CR_PLUGIN_HOOK__RESTORE_EXT_MOUNT = 5,
    CR_PLUGIN_HOOK__DUMP_EXT_LINK = 6,
    CR_PLUGIN_HOOK__HANDLE_DEVICE_VMA = 7,
    CR_PLUGIN_HOOK__UPDATE_VMA_MAP = 8,
    CR_PLUGIN_HOOK__RESUME_DEVICES_LATE = 9,
    CR_PLUGIN_HOOK__PAUSE_DEVICES = 10,
    CR_PLUGIN_HOOK__CHECKPOINT_DEVICES = 11,
    CR_PLUGIN_HOOK__POST_FORKING = 12,
    CR_PLUGIN_HOOK__RESTORE_INIT = 13,
    CR_PLUGIN_HOOK__DUMP_DEVICES_LATE = 14,
    CR_PLUGIN_HOOK__UPDATE_INETSK = 15,

    CR_PLUGIN_HOOK__MAX
};

#ifdef __cplusplus
static_assert(CR_PLUGIN_HOOK__MAX == TENON_CRIU_HOOK_COUNT, "tenon: the CRIU hook enum and hooks.h disagree");
#else
_Static_assert(CR_PLUGIN_HOOK__MAX == TENON_CRIU_HOOK_COUNT, "tenon: the CRIU hook enum and hooks.h disagree");
#endif

/* Each hook's function type, as CRIU names it: CR_PLUGIN_HOOK__X_t. */
#define DECLARE_PLUGIN_HOOK_ARGS(__hook, ...) typedef int(__hook##_t)(__VA_ARGS__)

DECLARE_PLUGIN_HOOK_ARGS(CR_PLUGIN_HOOK__DUMP_UNIX_SK, int fd, int id);
DECLARE_PLUGIN_HOOK_ARGS(CR_PLUGIN_HOOK__RESTORE_UNIX_SK, int id);
DECLARE_PLUGIN_HOOK_ARGS(CR_PLUGIN_HOOK__DUMP_EXT_FILE, int fd, int id);
DECLARE_PLUGIN_HOOK_ARGS(CR_PLUGIN_HOOK__RESTORE_EXT_FILE, int id, bool *retry_needed);
DECLARE_PLUGIN_HOOK_ARGS(CR_PLUGIN_HOOK__DUMP_EXT_MOUNT, char *mountpoint, int id);
DECLARE_PLUGIN_HOOK_ARGS(CR_PLUGIN_HOOK__RESTORE_EXT_MOUNT, int id, char *mountpoint, char *old_root, int *is_file);
DECLARE_PLUGIN_HOOK_ARGS(CR_PLUGIN_HOOK__DUMP_EXT_LINK, int index, int type, char *kind);
DECLARE_PLUGIN_HOOK_ARGS(CR_PLUGIN_HOOK__HANDLE_DEVICE_VMA, int fd, const struct stat *st);
DECLARE_PLUGIN_HOOK_ARGS(CR_PLUGIN_HOOK__UPDATE_VMA_MAP, const char *path, const uint64_t addr,
                         const uint64_t old_pgoff, uint64_t *new_pgoff, int *plugin_fd);
DECLARE_PLUGIN_HOOK_ARGS(CR_PLUGIN_HOOK__RESUME_DEVICES_LATE, int pid);
DECLARE_PLUGIN_HOOK_ARGS(CR_PLUGIN_HOOK__PAUSE_DEVICES, int pid);
DECLARE_PLUGIN_HOOK_ARGS(CR_PLUGIN_HOOK__CHECKPOINT_DEVICES, int pid);
DECLARE_PLUGIN_HOOK_ARGS(CR_PLUGIN_HOOK__POST_FORKING, void);
DECLARE_PLUGIN_HOOK_ARGS(CR_PLUGIN_HOOK__RESTORE_INIT, void);
DECLARE_PLUGIN_HOOK_ARGS(CR_PLUGIN_HOOK__DUMP_DEVICES_LATE, int id);
DECLARE_PLUGIN_HOOK_ARGS(CR_PLUGIN_HOOK__UPDATE_INETSK, uint32_t family, uint32_t state, uint32_t *src_ip,
                         uint32_t *dst_ip);

/* The stage init and exit receive. */
enum {
    CR_PLUGIN_STAGE__DUMP,
    CR_PLUGIN_STAGE__PRE_DUMP,
    CR_PLUGIN_STAGE__RESTORE,

    CR_PLUGIN_STAGE_MAX
};

/* CRIU's descriptor type, same layout. See the top of this file for what Tenon fills in. */
typedef struct {
    const char *name;
    int (*init)(int stage);
    void (*exit)(int stage, int ret);
    unsigned int version;
    unsigned int max_hooks;
    void *hooks[CR_PLUGIN_HOOK__MAX];
} cr_plugin_desc_t;

/* Hidden: the plugin's own code may read it; the loader goes by the Tenon descriptor. */
#ifdef TENON_STATIC_PLUGIN
/* Linked into the program (see TENON_STATIC_PLUGIN in <tenon/plugin.h>): each plugin's own. */
#define CR_PLUGIN_DESC TENON__CONCAT(CR_PLUGIN_DESC__, TENON_STATIC_PLUGIN)
#endif
TENON__EXTERN_C_BEGIN
extern __attribute__((visibility("hidden"))) cr_plugin_desc_t CR_PLUGIN_DESC;
TENON__EXTERN_C_END

#ifndef TENON_CRIU_PLUGIN_VERSION
/** The plugin's semantic version as Tenon (and its inventory) sees it; define it before CR_PLUGIN_REGISTER to set one.
 */
#define TENON_CRIU_PLUGIN_VERSION "0.2.0"
#endif
#ifndef TENON_CRIU_PLUGIN_DESCRIPTION
/** The plugin's one-line description, as `tenon inspect` shows it. */
#define TENON_CRIU_PLUGIN_DESCRIPTION "CRIU plugin"
#endif

/*
 * Declares the plugin: its name (a string literal), and its init and exit
 * (int init(int stage), void exit(int stage, int ret); either may be NULL).
 * exit runs at every stage, PRE_DUMP included, in reverse load order.
 */
#define CR_PLUGIN_REGISTER(___name, ___init, ___exit) TENON__CRIU_REGISTER(___name, ___init, ___exit)

static inline int cr_plugin_dummy_init(int stage) {
    (void)stage;
    return 0;
}
static inline void cr_plugin_dummy_exit(int stage, int ret) {
    (void)stage;
    (void)ret;
}

/* Declares a plugin that needs no init and no exit. */
#define CR_PLUGIN_REGISTER_DUMMY(___name) TENON__CRIU_REGISTER(___name, cr_plugin_dummy_init, cr_plugin_dummy_exit)

/*
 * Registers __func for the hook __hook (a CR_PLUGIN_HOOK__ constant, written
 * as its name). Its type must be the hook's (CR_PLUGIN_HOOK__X_t): a
 * mismatch is a compile error naming the hook and the expected signature.
 */
#define CR_PLUGIN_REGISTER_HOOK(__hook, __func) TENON_HOOK(__hook, __func);

/* Public API */

/*
 * The image directory's file descriptor, which the host set with
 * tenon::criu::PluginEngine::set_image_dir; -1 when it set none (or outside
 * init ... exit). Any thread.
 */
static inline int criu_get_image_dir(void) {
    const tenon_services *services = tenon__criu_services();
    const int *fd;
    if (services == NULL) {
        return -1;
    }
    fd = (const int *)services->find_service(services, TENON_CRIU_IMAGE_DIR_SERVICE);
    return fd != NULL ? __atomic_load_n(fd, __ATOMIC_ACQUIRE) : -1;
}

/*
 * The plugin options of this run (CRIU's --plugin-option NAME=VALUE, each
 * as "--NAME=VALUE"), after a synthetic argv[0] and ending in NULL, ready
 * for getopt_long: every plugin sees every option and picks its own.
 * Returns 0, or -EINVAL for a NULL argument. Outside init ... exit, or on a
 * host that gives no options, the vector holds argv[0] only.
 */
static inline int criu_plugin_get_options(int *argc, char ***argv) {
    static char program[] = "criu-plugin";
    static char *none[] = {program, NULL};
    const tenon_services *services = tenon__criu_services();
    const tenon_criu_plugin_options *options = NULL;
    if (argc == NULL || argv == NULL) {
        return -EINVAL;
    }
    if (services != NULL) {
        options =
            (const tenon_criu_plugin_options *)services->find_service(services, TENON_CRIU_PLUGIN_OPTIONS_SERVICE);
    }
    *argc = options != NULL ? options->argc : 1;
    *argv = options != NULL ? options->argv : none;
    return 0;
}

/*
 * Records that this dump needs this plugin, so that a restore from it
 * refuses to run without it. `name` must be this plugin's own name
 * (CR_PLUGIN_DESC.name). Returns 0, -EINVAL for another name, or -ENOTSUP
 * outside init ... exit.
 */
static inline int add_inventory_plugin(const char *name) {
    const tenon_services *services = tenon__criu_services();
    if (services == NULL || !TENON_SERVICES_HAS(services, inventory_add)) {
        return -ENOTSUP;
    }
    if (name == NULL || strcmp(name, services->plugin_name) != 0) {
        services->log(services, TENON_LOG_ERROR,
                      "add_inventory_plugin: argument 'name': expected this plugin's name '%s', found '%s'",
                      services->plugin_name, name != NULL ? name : "(null)");
        return -EINVAL;
    }
    return services->inventory_add(services);
}

/*
 * True when the restore needs the plugin whose name is the first `n`
 * characters of `name`: the image's inventory names it exactly, or the image
 * predates inventories, or there is no image inventory at all. Unlike CRIU,
 * "cuda" does not match an inventory entry "cuda_plugin". A plugin that is
 * not needed usually disables itself (its hooks return -ENOTSUP).
 */
static inline bool check_and_remove_inventory_plugin(const char *name, size_t n) {
    const tenon_services *services = tenon__criu_services();
    size_t length = 0;
    if (services == NULL || !TENON_SERVICES_HAS(services, inventory_needed) || name == NULL) {
        return true;
    }
    while (length < n && name[length] != '\0') {
        ++length;
    }
    return services->inventory_needed(services, name, length) != 0;
}

/* Deprecated types of the old (0.1) API, kept for source that still names them. */
typedef int(cr_plugin_init_t)(void);
typedef void(cr_plugin_fini_t)(void);
typedef int(cr_plugin_dump_unix_sk_t)(int fd, int id);
typedef int(cr_plugin_restore_unix_sk_t)(int id);
typedef int(cr_plugin_dump_file_t)(int fd, int id);
typedef int(cr_plugin_restore_file_t)(int id);
typedef int(cr_plugin_dump_ext_mount_t)(char *mountpoint, int id);
typedef int(cr_plugin_restore_ext_mount_t)(int id, char *mountpoint, char *old_root, int *is_file);
typedef int(cr_plugin_dump_ext_link_t)(int index, int type, char *kind);
typedef int(cr_plugin_handle_device_vma_t)(int fd, const struct stat *st);
typedef int(cr_plugin_update_vma_map_t)(const char *path, const uint64_t addr, const uint64_t old_pgoff,
                                        uint64_t *new_pgoff, int *plugin_fd);
typedef int(cr_plugin_resume_devices_late_t)(int pid);
typedef int(cr_plugin_post_forking_t)(void);

/* ---- Implementation details below: not part of the API. ---- */

/*
 * A Tenon descriptor whose init and exit forward to the CRIU ones, plus the
 * CR_PLUGIN_DESC the plugin's own code may read. Going through
 * CR_PLUGIN_DESC at run time lets init or exit be NULL.
 */
#define TENON__CRIU_REGISTER(name_, init_, exit_)                                                           \
    TENON__EXTERN_C_BEGIN                                                                                   \
    cr_plugin_desc_t CR_PLUGIN_DESC = {name_, init_, exit_, CRIU_PLUGIN_VERSION, CR_PLUGIN_HOOK__MAX, {0}}; \
    TENON__EXTERN_C_END                                                                                     \
    static int tenon__criu_init(int stage, const tenon_services *services) {                                \
        (void)services;                                                                                     \
        return CR_PLUGIN_DESC.init != NULL ? CR_PLUGIN_DESC.init(stage) : 0;                                \
    }                                                                                                       \
    static void tenon__criu_exit(int stage, int ret) {                                                      \
        if (CR_PLUGIN_DESC.exit != NULL) {                                                                  \
            CR_PLUGIN_DESC.exit(stage, ret);                                                                \
        }                                                                                                   \
    }                                                                                                       \
    TENON_PLUGIN(name_, TENON_CRIU_PLUGIN_VERSION, TENON_CRIU_INTERFACE, TENON_CRIU_PLUGIN_DESCRIPTION,     \
                 tenon__criu_init, tenon__criu_exit);

#endif /* TENON_COMPAT_CRIU_PLUGIN_H */
