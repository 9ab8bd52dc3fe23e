// A C++ plugin: C++ strings and exceptions inside, the C ABI at the boundary.
#include "consumer_hooks.h"

#include <tenon/plugin.h>

#include <cstdio>
#include <string>

namespace {

int describe(const char *thing, char *out, size_t len) {
    if (std::string(thing) != "cxx") {
        return -ENOTSUP;
    }
    const std::string text = std::string("C++, built with ") + (__cplusplus >= 201703L ? "C++17 or later" : "old C++");
    std::snprintf(out, len, "%s", text.c_str());
    return 0;
}

int count(int *total) {
    *total += 10;
    return 0;
}

void cxx_exit(int, int) {}

}  // namespace

TENON_PLUGIN_EXIT_ONLY("cxx", "2.0.0", "consumer/1", "A C++ plugin", cxx_exit);
TENON_HOOK(consumer_describe, describe);
TENON_HOOK(consumer_count, count);
