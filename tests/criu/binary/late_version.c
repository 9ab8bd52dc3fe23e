/*
 * CR_PLUGIN_DESC left in .bss and filled in by a constructor, with a version
 * newer than the host accepts: nothing can be read from the file, so the
 * refusal can only come after dlopen (and after the constructor ran).
 */
#include "criu_abi.h"

__attribute__((visibility("default"))) cr_plugin_desc_t CR_PLUGIN_DESC;

static void __attribute__((constructor)) fill_descriptor(void) {
    print_on_level(CRIU_LOG_INFO, "constructor of late_version ran\n");
    CR_PLUGIN_DESC.name = "late_version";
    CR_PLUGIN_DESC.version = CRIU_ABI_GEN_VERSION(0, 2, 1);
    CR_PLUGIN_DESC.max_hooks = FIXTURE_MAX_HOOKS;
}
