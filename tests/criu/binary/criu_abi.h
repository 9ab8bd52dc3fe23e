/*
 * A test-local stand-in for CRIU's own criu-plugin.h and criu-log.h, as a
 * plugin compiled against CRIU (not against Tenon) sees them: the descriptor
 * CR_PLUGIN_DESC with its layout, hooks stored into it by constructors at
 * dlopen, and the functions CRIU's executable exports to its plugins. Only
 * what the binary-compatibility fixtures use; written for these tests.
 *
 * FIXTURE_VERSION and FIXTURE_MAX_HOOKS let one fixture source build the
 * descriptors of other API versions: a newer one (0x201), ones with as many
 * hooks as the host knows (16) or more (17), and an older, shorter one (8).
 */
#ifndef TENON_TEST_CRIU_ABI_H
#define TENON_TEST_CRIU_ABI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CRIU_ABI_GEN_VERSION(a, b, c) (((a) << 16) + ((b) << 8) + (c))

#ifndef FIXTURE_VERSION
#define FIXTURE_VERSION CRIU_ABI_GEN_VERSION(0, 2, 0)
#endif
#ifndef FIXTURE_MAX_HOOKS
#define FIXTURE_MAX_HOOKS 15
#endif

/* CRIU's hook numbers (the ones these fixtures implement). */
enum {
    CRIU_HOOK_RESTORE_UNIX_SK = 1,
    CRIU_HOOK_DUMP_EXT_FILE = 2,
    CRIU_HOOK_RESTORE_EXT_FILE = 3,
    CRIU_HOOK_POST_FORKING = 12,
    CRIU_HOOK_DUMP_DEVICES_LATE = 14,
    CRIU_HOOK_UPDATE_INETSK = 15
};

enum { CRIU_STAGE_DUMP, CRIU_STAGE_PRE_DUMP, CRIU_STAGE_RESTORE };

/* CRIU's log levels. */
enum { CRIU_LOG_MSG, CRIU_LOG_ERROR, CRIU_LOG_WARN, CRIU_LOG_INFO, CRIU_LOG_DEBUG };

typedef struct {
    const char *name;
    int (*init)(int stage);
    void (*exit)(int stage, int ret);
    unsigned int version;
    unsigned int max_hooks;
    void *hooks[FIXTURE_MAX_HOOKS];
} cr_plugin_desc_t;

extern cr_plugin_desc_t CR_PLUGIN_DESC;

#define CRIU_ABI_REGISTER(name_, init_, exit_)                                 \
    __attribute__((visibility("default"))) cr_plugin_desc_t CR_PLUGIN_DESC = { \
        .name = name_, .init = init_, .exit = exit_, .version = FIXTURE_VERSION, .max_hooks = FIXTURE_MAX_HOOKS}

/* As CRIU: the hook pointer is stored by a constructor, so it only exists after dlopen. */
#define CRIU_ABI_REGISTER_HOOK(hook, fn)                           \
    static void __attribute__((constructor)) register_##fn(void) { \
        CR_PLUGIN_DESC.hooks[hook] = (void *)fn;                   \
    }                                                              \
    typedef int criu_abi_hook_registered_##fn

/* What CRIU's executable exports to plugins; a Tenon host gets them from libtenon-criu.so. */
extern void print_on_level(unsigned int loglevel, const char *format, ...) __attribute__((format(printf, 2, 3)));
extern int criu_get_image_dir(void);
extern int add_inventory_plugin(const char *name);
extern bool check_and_remove_inventory_plugin(const char *name, size_t n);
extern int criu_plugin_get_options(int *argc, char ***argv);

#endif /* TENON_TEST_CRIU_ABI_H */
