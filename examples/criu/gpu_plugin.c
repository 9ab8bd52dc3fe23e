/*
 * A device plugin in the style of CRIU's amdgpu and cuda plugins, written
 * against CRIU's plugin API and compiled against Tenon's criu-plugin.h.
 * It checkpoints the devices of the pids it owns, records itself in the
 * dump's inventory, checks at restore (RESTORE_INIT, which the engine's
 * init runs) that the device is there, and does its device work in
 * POST_FORKING, which the host runs in parallel with its own restore.
 */
#define LOG_PREFIX "gpu: "

#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "criu-log.h"
#include "criu-plugin.h"

static bool disabled;
static int devices_checkpointed;

static int gpu_init(int stage) {
    if (stage == CR_PLUGIN_STAGE__RESTORE &&
        !check_and_remove_inventory_plugin(CR_PLUGIN_DESC.name, strlen(CR_PLUGIN_DESC.name))) {
        pr_info("this image needs no GPU: disabled\n");
        disabled = true;
    }
    return 0;
}

static void gpu_exit(int stage, int ret) {
    pr_info("exit(stage %d, ret %d)\n", stage, ret);
}

/* Only even pids use the GPU in this example; the others pass on. */
static int checkpoint_devices(int pid) {
    if (disabled || pid % 2 != 0) {
        return -ENOTSUP;
    }
    ++devices_checkpointed;
    pr_info("checkpointed the GPU state of pid %d\n", pid);
    return 0;
}

static int dump_devices_late(int id) {
    (void)id;
    return devices_checkpointed > 0 ? add_inventory_plugin(CR_PLUGIN_DESC.name) : 0;
}

/* At restore, once the inventory check passed and before any process is restored (cr_plugin_init). */
static int restore_init(void) {
    if (disabled) {
        return -ENOTSUP;
    }
    pr_info("restore_init: the GPU this image needs is here\n");
    return 0;
}

/* Runs on one of the runtime's worker threads while the host restores memory. */
static int post_forking(void) {
    if (disabled) {
        return 0;
    }
    if (criu_get_image_dir() < 0) {
        pr_err("no image directory to restore GPU memory from\n");
        return -EBADF;
    }
    pr_info("restoring GPU memory from the image directory\n");
    return 0;
}

CR_PLUGIN_REGISTER("gpu_plugin", gpu_init, gpu_exit)
CR_PLUGIN_REGISTER_HOOK(CR_PLUGIN_HOOK__CHECKPOINT_DEVICES, checkpoint_devices)
CR_PLUGIN_REGISTER_HOOK(CR_PLUGIN_HOOK__DUMP_DEVICES_LATE, dump_devices_late)
CR_PLUGIN_REGISTER_HOOK(CR_PLUGIN_HOOK__RESTORE_INIT, restore_init)
CR_PLUGIN_REGISTER_HOOK(CR_PLUGIN_HOOK__POST_FORKING, post_forking)
