/*
 * A plugin built for CRIU whose descriptor names its hooks in a static
 * initialiser, as some of CRIU's own plugins do, so the file itself says
 * which hooks it sets (tenon inspect reads them): DUMP_EXT_FILE, UPDATE_INETSK
 * and hook 16, which no CRIU this host knows has.
 */
#include <errno.h>

#include "criu_abi.h"

static int dump_file(int fd, int id) {
    (void)fd;
    return id == 2 ? 0 : -ENOTSUP;
}

static int update_inetsk(uint32_t family, uint32_t state, uint32_t *src_ip, uint32_t *dst_ip) {
    (void)family, (void)state, (void)src_ip, (void)dst_ip;
    return -ENOTSUP;
}

static int newer(void) {
    return 0;
}

__attribute__((visibility("default"))) cr_plugin_desc_t CR_PLUGIN_DESC = {
    .name = "static_hooks",
    .version = FIXTURE_VERSION,
    .max_hooks = FIXTURE_MAX_HOOKS,
    .hooks = {[CRIU_HOOK_DUMP_EXT_FILE] = (void *)dump_file,
              [CRIU_HOOK_UPDATE_INETSK] = (void *)update_inetsk,
              [16] = (void *)newer},
};
