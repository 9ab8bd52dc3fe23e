// The file that declares the plugin: its descriptor, init, exit and one hook record.
#include "multi.hpp"

namespace {

int multi_init(int stage, const tenon_services *services) {
    multi::set_stage(stage);
    test_trace("init sees services in hooks file: %d", multi::hooks_file_sees(services) ? 1 : 0);
    return 0;
}

void multi_exit(int stage, int) {
    test_trace("exit %d", stage);
}

}  // namespace

TENON_PLUGIN(PLUGIN_NAME, "1.0.0", "test/2", "A plugin of three source files", multi_init, multi_exit);
using multi::claim;  // TENON_HOOK takes a plain name
TENON_HOOK(test_claim, claim);
