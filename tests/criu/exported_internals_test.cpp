// A host that, like the criu executable, exports its internals (-rdynamic)
// for plugins that call them: stand-ins for fdstore_add, shmalloc and opts
// defined here, and a fixture that imports them. The same fixture in a host
// that exports nothing is refused by the dynamic loader, naming the symbol.
#include "criu_support.hpp"

#include <cstddef>

extern "C" {
// What this test program exports (its target has ENABLE_EXPORTS, i.e. -rdynamic).
struct criu_opts_standin {
    int tcp_established;
    int stream;
};
__attribute__((visibility("default"))) criu_opts_standin opts = {1, 0};

__attribute__((visibility("default"))) int fdstore_add(int fd) {
    return fd + 100;  // the id CRIU's fdstore would give
}

__attribute__((visibility("default"))) void *shmalloc(std::size_t bytes) {
    alignas(16) static unsigned char pool[256];
    return bytes <= sizeof pool ? pool : nullptr;
}
}

namespace {

using namespace criu_test;

class ExportedInternals : public CriuTest {};

TEST_F(ExportedInternals, APluginCallingCriuInternalsRunsInAHostThatExportsThem) {
    PluginDirectory directory({{"c_criu_internals.so", "1.so"}});
    const auto report = start(directory);
    ASSERT_TRUE(report.ok()) << testing::PrintToString(tenon_test::messages(report));
    EXPECT_EQ(
        lines_from(recorder_, "criu_internals"),
        Strings{"[criu_internals] info: fdstore_add(5) = 105, shmalloc(64) gave memory, opts.tcp_established = 1"});
}

}  // namespace
