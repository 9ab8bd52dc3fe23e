// A plugin in C++: greets in French, counts two visits, and shows that an
// exception is contained by the SDK instead of reaching the host.
#include "hello_hooks.h"

#include <tenon/plugin.h>

#include <cstdio>
#include <stdexcept>
#include <string_view>

namespace {

int greet(const char *language, const char *name, char *out, size_t len) {
    if (std::string_view(language) != "fr") {
        return -ENOTSUP;
    }
    if (std::string_view(name).empty()) {
        throw std::invalid_argument("cannot greet someone without a name");
    }
    std::snprintf(out, len, "Bonjour, %s !", name);
    return 0;
}

int count_visit(int *visits) {
    *visits += 2;
    return 0;
}

int french_init(int stage, const tenon_services *) {
    tenon_info("init at stage %d", stage);
    return 0;
}

void french_exit(int stage, int result) {
    tenon_info("exit at stage %d with result %d", stage, result);
}

}  // namespace

TENON_PLUGIN("french", "1.2.0", "hello/1", "Greets in French (written in C++)", french_init, french_exit);
TENON_HOOK(hello_greet, greet);
TENON_HOOK(hello_count_visit, count_visit);
