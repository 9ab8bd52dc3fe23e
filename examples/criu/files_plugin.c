/*
 * An external-file plugin, the job CRIU's plugin API was first made for: it
 * dumps the files CRIU cannot (here, ids below 100) and restores them, the
 * second one only after a retry.
 */
#include <errno.h>
#include <stdbool.h>

#include "criu-log.h"
#include "criu-plugin.h"

static int dump_ext_file(int fd, int id) {
    if (id >= 100) {
        return -ENOTSUP;
    }
    pr_info("dumped external file fd %d as id %d\n", fd, id);
    return 0;
}

static int restore_ext_file(int id, bool *retry_needed) {
    static int attempts;
    if (id >= 100) {
        return -ENOTSUP;
    }
    *retry_needed = id == 2 && attempts++ == 0;
    pr_info("restore external file id %d%s\n", id, *retry_needed ? ": not yet, retry later" : "");
    return 0;
}

CR_PLUGIN_REGISTER_DUMMY("files_plugin")
CR_PLUGIN_REGISTER_HOOK(CR_PLUGIN_HOOK__DUMP_EXT_FILE, dump_ext_file)
CR_PLUGIN_REGISTER_HOOK(CR_PLUGIN_HOOK__RESTORE_EXT_FILE, restore_ext_file)
