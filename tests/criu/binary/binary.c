/*
 * A plugin compiled against CRIU's descriptor layout (criu_abi.h), not
 * against Tenon: its hooks reach CR_PLUGIN_DESC through constructors, and it
 * logs, reads the image directory and reports itself to the inventory
 * through the functions CRIU's host exports. Its constructor logs too, so a
 * test can tell whether the file was ever dlopened.
 */
#include <errno.h>
#include <string.h>

#include "criu_abi.h"

#ifndef PLUGIN_NAME
#define PLUGIN_NAME "binary"
#endif

static void __attribute__((constructor)) announce(void) {
    print_on_level(CRIU_LOG_INFO, "constructor of %s ran\n", PLUGIN_NAME);
}

static int binary_init(int stage) {
    print_on_level(CRIU_LOG_INFO, "init stage %d\n", stage);
    return 0;
}

static void binary_exit(int stage, int ret) {
    print_on_level(CRIU_LOG_INFO, "exit stage %d ret %d\n", stage, ret);
}

static int restore_unix_sk(int id) {
    (void)id;
    return criu_get_image_dir();
}

static int dump_file(int fd, int id) {
    if (id != 2) {
        return -ENOTSUP;
    }
    print_on_level(CRIU_LOG_INFO, "dump_ext_file: fd %d id %d\n", fd, id);
    return 0;
}

CRIU_ABI_REGISTER(PLUGIN_NAME, binary_init, binary_exit);
CRIU_ABI_REGISTER_HOOK(CRIU_HOOK_RESTORE_UNIX_SK, restore_unix_sk);
CRIU_ABI_REGISTER_HOOK(CRIU_HOOK_DUMP_EXT_FILE, dump_file);

/* Hooks numbered beyond a shorter descriptor's max_hooks cannot be registered in it. */
#if FIXTURE_MAX_HOOKS > 14 /* CRIU_HOOK_DUMP_DEVICES_LATE: #if cannot see enumerators */
static int restore_file(int id, bool *retry_needed) {
    if (id != 9) {
        return -ENOTSUP;
    }
    *retry_needed = true;
    return 0;
}

static int post_forking(void) {
    print_on_level(CRIU_LOG_INFO, "post_forking\n");
    return 0;
}

static int dump_devices_late(int id) {
    (void)id;
    return add_inventory_plugin(CR_PLUGIN_DESC.name);
}

CRIU_ABI_REGISTER_HOOK(CRIU_HOOK_RESTORE_EXT_FILE, restore_file);
CRIU_ABI_REGISTER_HOOK(CRIU_HOOK_POST_FORKING, post_forking);
CRIU_ABI_REGISTER_HOOK(CRIU_HOOK_DUMP_DEVICES_LATE, dump_devices_late);
#endif

/* UPDATE_INETSK (hook 15): CRIU added it later, without a new API version. */
#if FIXTURE_MAX_HOOKS > 15
static int update_inetsk(uint32_t family, uint32_t state, uint32_t *src_ip, uint32_t *dst_ip) {
    (void)state;
    (void)dst_ip;
    if (family != 2 /* AF_INET */) {
        return -ENOTSUP;
    }
    src_ip[0] = 0x0a000001u; /* 10.0.0.1: the address the restored socket gets */
    return 0;
}
CRIU_ABI_REGISTER_HOOK(CRIU_HOOK_UPDATE_INETSK, update_inetsk);
#endif

/* FIXTURE_SET_HOOK: a hook number this host does not know, set anyway (a plugin from a newer CRIU using it). */
#ifdef FIXTURE_SET_HOOK
static int newer_hook(void) {
    return 0;
}
CRIU_ABI_REGISTER_HOOK(FIXTURE_SET_HOOK, newer_hook);
#endif
