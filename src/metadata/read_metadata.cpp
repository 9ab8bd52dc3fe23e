// The public, load-free view of a plugin file (used by `tenon inspect`).
#include "loader/open_file.hpp"
#include "metadata/elf_image.hpp"
#include "metadata/elf_sections.hpp"
#include "metadata/parse.hpp"

#include <tenon/metadata.hpp>

namespace tenon {

Result<PluginMetadata> read_plugin_metadata(const std::filesystem::path &file, const LoadLimits &limits) {
    auto opened = detail::OpenFile::open(file, limits.max_file_size);
    if (!opened) {
        return opened.error();
    }
    auto image = detail::ElfImage::read(opened->fd(), opened->identity().size, file);
    if (!image) {
        return image.error();
    }
    auto sections = detail::read_plugin_sections(*image, limits);
    if (!sections) {
        return sections.error();
    }
    auto parsed = detail::parse_plugin(file, sections->descriptor.bytes, sections->records.bytes, limits);
    if (!parsed) {
        return parsed.error();
    }
    return std::move(parsed->metadata);
}

}  // namespace tenon
