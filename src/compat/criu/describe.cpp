// tenon::criu::describe_binary_plugin: what a plugin built for CRIU itself
// declares, from the file alone, for `tenon inspect`.
#include <tenon/compat/criu/profile.hpp>

#include <algorithm>
#include <cstring>

namespace tenon::criu {
namespace {

// cr_plugin_desc_t's head: name, init, exit (pointers), then version and max_hooks; hooks[] follows.
constexpr std::size_t pointer = sizeof(void *);
constexpr std::size_t version_offset = 3 * pointer;
constexpr std::size_t max_hooks_offset = version_offset + sizeof(unsigned);
constexpr std::size_t hooks_offset = 3 * pointer + 2 * sizeof(unsigned);

}  // namespace

Result<BinaryDescription> describe_binary_plugin(const std::filesystem::path &file) {
    const ForeignFormat format = binary_format();
    auto read = read_foreign_file(file, format);
    if (!read) {
        return read.error();
    }
    BinaryDescription description;
    const ForeignSymbol *descriptor = read->marker("CR_PLUGIN_DESC");
    if (descriptor == nullptr) {
        description.legacy = true;
        for (const ForeignSymbol &symbol : read->markers) {
            description.legacy_symbols.push_back(symbol.name);
        }
        std::string name = file.filename().string();
        if (name.size() > 3 && name.compare(name.size() - 3, 3, ".so") == 0) {
            name.resize(name.size() - 3);
        }
        description.name = name;
        return description;
    }
    const std::vector<std::byte> &bytes = descriptor->initial_bytes;
    if (!descriptor->pointers.empty() && descriptor->pointers[0].text) {
        description.name = *descriptor->pointers[0].text;
    }
    if (bytes.size() >= hooks_offset) {
        unsigned version = 0;
        unsigned max_hooks = 0;
        std::memcpy(&version, bytes.data() + version_offset, sizeof version);
        std::memcpy(&max_hooks, bytes.data() + max_hooks_offset, sizeof max_hooks);
        description.version = version;
        description.max_hooks = max_hooks;
        // hooks[i] is pointer slot hooks_offset / pointer + i, when the file initialises it.
        const std::size_t first = hooks_offset / pointer;
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
