// The public, load-free view of a plugin file (used by `tenon inspect`).
#include "metadata/elf_sections.hpp"
#include "metadata/parse.hpp"

#include <tenon/metadata.hpp>

namespace tenon {

Result<PluginMetadata> read_plugin_metadata(const std::filesystem::path &file) {
    auto sections = detail::read_plugin_sections(file);
    if (!sections) {
        return sections.error();
    }
    auto parsed = detail::parse_plugin(file, sections->descriptor.bytes, sections->records.bytes);
    if (!parsed) {
        return parsed.error();
    }
    return std::move(parsed->metadata);
}

}  // namespace tenon
