/*
 * A plugin written before RESTORE_EXT_FILE gained its `bool *retry_needed`
 * argument (2025). CRIU casts the function to void * and calls it with the
 * new arguments; Tenon's header refuses to compile it.
 */
#include "criu-plugin.h"

static int restore_file(int id) {
    return id;
}

CR_PLUGIN_REGISTER_DUMMY("old_restore_file")
CR_PLUGIN_REGISTER_HOOK(CR_PLUGIN_HOOK__RESTORE_EXT_FILE, restore_file)
