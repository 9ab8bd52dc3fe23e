// The public, load-free view of a plugin file (used by `tenon inspect`).
#include "metadata/read_image.hpp"
#include "metadata/elf_sections.hpp"
#include "metadata/parse.hpp"
#include "metadata/uncreated_events.hpp"

#include <tenon/metadata.hpp>

namespace tenon {

namespace detail {

Result<std::unique_ptr<ReadImage>> read_image(const std::filesystem::path &file, const LoadLimits &limits) {
    auto opened = OpenFile::open(file, limits.max_file_size);
    if (!opened) {
        return opened.error();
    }
    auto image = ElfImage::read(opened->fd(), opened->identity().size, file);
    if (!image) {
        return image.error();
    }
    return std::make_unique<ReadImage>(ReadImage{std::move(opened.value()), std::move(image.value())});
}

}  // namespace detail

Result<PluginMetadata> read_plugin_metadata(const std::filesystem::path &file, const LoadLimits &limits) {
    auto read = detail::read_image(file, limits);
    if (!read) {
        return read.error();
    }
    const detail::ElfImage *image = &(*read)->image;
    auto sections = detail::read_plugin_sections(*image, limits);
    if (!sections) {
        return sections.error();
    }
    auto parsed = detail::parse_plugin(file, sections->descriptor.bytes, sections->records.bytes, limits);
    if (!parsed) {
        return parsed.error();
    }
    if (detail::has_conditional_events(*parsed)) {
        auto dynamic = detail::read_dynamic_info(*image, limits);
        if (!dynamic) {
            return dynamic.error();
        }
        if (Error error = detail::drop_uncreated_events(*image, *dynamic, *sections, *parsed, limits);
            error.code != Errc::ok) {
            return error;
        }
    }
    return std::move(parsed->metadata);
}

}  // namespace tenon
