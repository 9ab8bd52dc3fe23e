// CRIU's binary plugin layout, shared by the format that loads such plugins
// (binary_format.cpp) and the description `tenon inspect` prints (describe.cpp).
#pragma once

#include <filesystem>
#include <string>

namespace tenon::criu::layout {

/// The symbol a plugin built against CRIU's headers defines.
inline constexpr const char *descriptor_symbol = "CR_PLUGIN_DESC";

/// The fixed head of CRIU's cr_plugin_desc_t; `void *hooks[max_hooks]` follows
/// it directly (it ends on a pointer boundary on every ABI CRIU supports).
struct DescriptorHead {
    const char *name;
    int (*init)(int stage);
    void (*exit)(int stage, int ret);
    unsigned int version;
    unsigned int max_hooks;
};
static_assert(sizeof(DescriptorHead) % alignof(void *) == 0, "hooks[] must follow the head directly");

/// A legacy plugin's name, as this profile gives it: its file name without ".so".
inline std::string legacy_plugin_name(const std::filesystem::path &file) {
    std::string name = file.filename().string();
    if (name.size() > 3 && name.compare(name.size() - 3, 3, ".so") == 0) {
        name.resize(name.size() - 3);
    }
    return name;
}

}  // namespace tenon::criu::layout
