#include "loader/library.hpp"

#include "common/diagnostic.hpp"

#include <dlfcn.h>
#include <link.h>

namespace tenon::detail {

LibraryHandle &LibraryHandle::operator=(LibraryHandle &&other) noexcept {
    if (this != &other) {
        reset();
        handle_ = other.release();
    }
    return *this;
}

void *LibraryHandle::release() noexcept {
    void *handle = handle_;
    handle_ = nullptr;
    return handle;
}

void LibraryHandle::reset() noexcept {
    if (handle_ != nullptr) {
        dlclose(handle_);
        handle_ = nullptr;
    }
}

namespace {

std::span<const std::byte> mapped(const link_map *map, const SectionCopy &section) {
    if (!section.present) {
        return {};
    }
    const auto *start = reinterpret_cast<const std::byte *>(map->l_addr + section.address);
    return {start, section.bytes.size()};
}

}  // namespace

const char *loader_name(void *handle) noexcept {
    link_map *map = nullptr;
    if (handle == nullptr || dlinfo(handle, RTLD_DI_LINKMAP, &map) != 0 || map == nullptr) {
        return nullptr;
    }
    return map->l_name;
}

Result<LibraryHandle> open_library(const std::filesystem::path &file) {
    // dlopen searches LD_LIBRARY_PATH for a name without '/': always give it a path.
    const std::filesystem::path path = file.has_parent_path() ? file : std::filesystem::path(".") / file;
    dlerror();
    LibraryHandle library(dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL));
    if (library.get() == nullptr) {
        const char *reason = dlerror();
        std::string text = reason != nullptr ? reason : "unknown reason";
        // glibc starts the text with the path; ours already leads the message.
        if (const std::string prefix = path.string() + ": "; text.starts_with(prefix)) {
            text.erase(0, prefix.size());
        }
        return file_error(Errc::dlopen_failed, file, "dlopen failed: " + text);
    }
    return Result<LibraryHandle>(std::move(library));
}

Result<OpenedPlugin> open_plugin(const std::filesystem::path &file, const PluginSections &sections,
                                 const PluginMetadata &validated) {
    auto opened = open_library(file);
    if (!opened) {
        return opened.error();
    }
    LibraryHandle library = std::move(opened.value());
    link_map *map = nullptr;
    if (dlinfo(library.get(), RTLD_DI_LINKMAP, &map) != 0 || map == nullptr) {
        const char *reason = dlerror();
        return file_error(Errc::dlopen_failed, file,
                          std::string("dlinfo failed: ") + (reason != nullptr ? reason : "unknown reason"));
    }
    auto parsed = parse_plugin(file, mapped(map, sections.descriptor), mapped(map, sections.records));
    if (!parsed || !same_metadata(parsed->metadata, validated)) {
        return file_error(Errc::changed_on_disk, file,
                          "the metadata mapped by dlopen differs from the metadata validated before it "
                          "(was the file replaced while loading?)");
    }
    return OpenedPlugin{std::move(library), std::move(parsed.value())};
}

}  // namespace tenon::detail
