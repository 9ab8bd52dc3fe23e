/* Every macro and function of the CRIU compat headers, in one plugin: must compile with -pedantic -Werror. */
#define LOG_PREFIX "every: "

#include <errno.h>

#include "criu-log.h"
#include "criu-plugin.h"

static int every_init(int stage) {
    pr_info("init %d\n", stage);
    return stage == CR_PLUGIN_STAGE__RESTORE && !check_and_remove_inventory_plugin("every", 5) ? 0 : 0;
}

static void every_exit(int stage, int ret) {
    pr_debug("exit %d %d\n", stage, ret);
}

static int dump_unix_sk(int fd, int id) {
    pr_msg("%d %d\n", fd, id);
    pr_warn("warn\n");
    pr_err("err\n");
    pr_perror("perror");
    pr_err_once("once\n");
    pr_warn_once("once\n");
    print_on_level(LOG_DEBUG, "direct\n");
    return add_inventory_plugin(CR_PLUGIN_DESC.name);
}
static int restore_unix_sk(int id) {
    return id + criu_get_image_dir();
}
static int dump_ext_file(int fd, int id) {
    return fd + id;
}
static int restore_ext_file(int id, bool *retry_needed) {
    *retry_needed = false;
    return id;
}
static int dump_ext_mount(char *mountpoint, int id) {
    return mountpoint != NULL ? id : -ENOTSUP;
}
static int restore_ext_mount(int id, char *mountpoint, char *old_root, int *is_file) {
    *is_file = 0;
    return mountpoint != NULL && old_root != NULL ? id : -ENOTSUP;
}
static int dump_ext_link(int index, int type, char *kind) {
    return kind != NULL ? index + type : -ENOTSUP;
}
static int handle_device_vma(int fd, const struct stat *st) {
    return st != NULL ? fd : -ENOTSUP;
}
static int update_vma_map(const char *path, const uint64_t addr, const uint64_t old_pgoff, uint64_t *new_pgoff,
                          int *plugin_fd) {
    *new_pgoff = old_pgoff + addr;
    *plugin_fd = -1;
    return path != NULL ? 0 : -ENOTSUP;
}
static int per_pid(int pid) {
    return pid > 0 ? 0 : -ENOTSUP;
}
static int no_arguments(void) {
    return 0;
}
static int dump_devices_late(int id) {
    return id;
}

CR_PLUGIN_REGISTER("every", every_init, every_exit)
CR_PLUGIN_REGISTER_HOOK(CR_PLUGIN_HOOK__DUMP_UNIX_SK, dump_unix_sk)
CR_PLUGIN_REGISTER_HOOK(CR_PLUGIN_HOOK__RESTORE_UNIX_SK, restore_unix_sk)
CR_PLUGIN_REGISTER_HOOK(CR_PLUGIN_HOOK__DUMP_EXT_FILE, dump_ext_file)
CR_PLUGIN_REGISTER_HOOK(CR_PLUGIN_HOOK__RESTORE_EXT_FILE, restore_ext_file)
CR_PLUGIN_REGISTER_HOOK(CR_PLUGIN_HOOK__DUMP_EXT_MOUNT, dump_ext_mount)
CR_PLUGIN_REGISTER_HOOK(CR_PLUGIN_HOOK__RESTORE_EXT_MOUNT, restore_ext_mount)
CR_PLUGIN_REGISTER_HOOK(CR_PLUGIN_HOOK__DUMP_EXT_LINK, dump_ext_link)
CR_PLUGIN_REGISTER_HOOK(CR_PLUGIN_HOOK__HANDLE_DEVICE_VMA, handle_device_vma)
CR_PLUGIN_REGISTER_HOOK(CR_PLUGIN_HOOK__UPDATE_VMA_MAP, update_vma_map)
CR_PLUGIN_REGISTER_HOOK(CR_PLUGIN_HOOK__RESUME_DEVICES_LATE, per_pid)
CR_PLUGIN_REGISTER_HOOK(CR_PLUGIN_HOOK__PAUSE_DEVICES, per_pid)
CR_PLUGIN_REGISTER_HOOK(CR_PLUGIN_HOOK__CHECKPOINT_DEVICES, per_pid)
CR_PLUGIN_REGISTER_HOOK(CR_PLUGIN_HOOK__POST_FORKING, no_arguments)
CR_PLUGIN_REGISTER_HOOK(CR_PLUGIN_HOOK__RESTORE_INIT, no_arguments)
CR_PLUGIN_REGISTER_HOOK(CR_PLUGIN_HOOK__DUMP_DEVICES_LATE, dump_devices_late)
