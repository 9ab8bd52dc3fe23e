// tenon::criu::describe_binary_plugin: what a plugin built for CRIU itself
// declares, from the file alone, for `tenon inspect`.
#include "compat/criu/descriptor.hpp"

#include <tenon/compat/criu/profile.hpp>

#include <cstddef>
#include <cstring>

namespace tenon::criu {

Result<BinaryDescription> describe_binary_plugin(const std::filesystem::path &file) {
    const ForeignFormat format = binary_format();
    auto read = read_foreign_file(file, format);
    if (!read) {
        return read.error();
    }
    BinaryDescription description;
    const ForeignSymbol *descriptor = read->marker(layout::descriptor_symbol);
    if (descriptor == nullptr) {
        description.legacy = true;
        for (const ForeignSymbol &symbol : read->markers) {
            description.legacy_symbols.push_back(symbol.name);
        }
        description.name = layout::legacy_plugin_name(file);
        return description;
    }
    const std::vector<std::byte> &bytes = descriptor->initial_bytes;
    if (!descriptor->pointers.empty() && descriptor->pointers[0].text) {
        description.name = *descriptor->pointers[0].text;
    }
    using layout::DescriptorHead;
    if (bytes.size() >= sizeof(DescriptorHead)) {
        unsigned version = 0;
        unsigned max_hooks = 0;
        std::memcpy(&version, bytes.data() + offsetof(DescriptorHead, version), sizeof version);
        std::memcpy(&max_hooks, bytes.data() + offsetof(DescriptorHead, max_hooks), sizeof max_hooks);
        description.version = version;
        description.max_hooks = max_hooks;
        // hooks[i] is the pointer slot just past the head, plus i, when the file initialises it.
        const std::size_t first = sizeof(DescriptorHead) / sizeof(void *);
        for (unsigned i = 0; i < max_hooks && first + i < descriptor->pointers.size(); ++i) {
            const ForeignPointer &slot = descriptor->pointers[first + i];
            const bool set = (slot.kind == ForeignPointer::Kind::address && slot.address != 0) ||
                             slot.kind == ForeignPointer::Kind::symbol;
            if (set) {
                description.hooks.push_back(i < hook_count ? hook_names()[i] : "hook " + std::to_string(i));
            }
        }
    }
    return description;
}

}  // namespace tenon::criu
