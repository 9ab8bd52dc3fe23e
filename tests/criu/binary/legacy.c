/*
 * A plugin of CRIU's old API (0.1): no descriptor, just cr_plugin_* functions
 * found by name. Its init and fini take no arguments.
 */
#include <errno.h>

#include "criu_abi.h"

__attribute__((visibility("default"))) int cr_plugin_init(void) {
    print_on_level(CRIU_LOG_INFO, "legacy init\n");
    return 0;
}

__attribute__((visibility("default"))) void cr_plugin_fini(void) {
    print_on_level(CRIU_LOG_INFO, "legacy fini\n");
}

__attribute__((visibility("default"))) int cr_plugin_dump_file(int fd, int id) {
    if (id != 3) {
        return -ENOTSUP;
    }
    print_on_level(CRIU_LOG_INFO, "legacy dump_file: fd %d id %d\n", fd, id);
    return 0;
}
