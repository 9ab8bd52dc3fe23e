/* A binary plugin reading CRIU's plugin options in init, as the cuda plugin does, and logging each. */
#include <errno.h>

#include "criu_abi.h"

static int options_init(int stage) {
    int argc = 0;
    char **argv = NULL;
    int i;
    (void)stage;
    if (criu_plugin_get_options(&argc, &argv) != 0) {
        return -EINVAL;
    }
    for (i = 0; i < argc; ++i) {
        print_on_level(CRIU_LOG_INFO, "option %d: %s\n", i, argv[i]);
    }
    print_on_level(CRIU_LOG_INFO, "argv[%d] is %s\n", argc, argv[argc] == NULL ? "NULL" : "set");
    return criu_plugin_get_options(NULL, &argv) == -EINVAL ? 0 : -EIO;
}

CRIU_ABI_REGISTER(PLUGIN_NAME, options_init, NULL);
