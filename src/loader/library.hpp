// Maps a validated plugin with dlopen and binds to its in-memory metadata.
#pragma once

#include "metadata/elf_sections.hpp"
#include "metadata/parse.hpp"

#include <filesystem>

namespace tenon::detail {

/// A dlopen handle that dlcloses when dropped unless released.
class LibraryHandle {
public:
    LibraryHandle() = default;
    explicit LibraryHandle(void *handle) : handle_(handle) {}
    LibraryHandle(LibraryHandle &&other) noexcept : handle_(other.release()) {}
    LibraryHandle &operator=(LibraryHandle &&other) noexcept;
    LibraryHandle(const LibraryHandle &) = delete;
    LibraryHandle &operator=(const LibraryHandle &) = delete;
    ~LibraryHandle() { reset(); }

    void *get() const noexcept { return handle_; }
    void *release() noexcept;
    void reset() noexcept;

private:
    void *handle_ = nullptr;
};

/// The dynamic loader's name for the mapping behind `handle` (link_map::l_name,
/// which dladdr reports as dli_fname), or nullptr. Valid until dlclose.
const char *loader_name(void *handle) noexcept;

/// dlopen(RTLD_NOW | RTLD_LOCAL) of `file`; dlopen_failed carrying dlerror on failure.
Result<LibraryHandle> open_library(const std::filesystem::path &file);

/// A mapped plugin: its handle, and its metadata decoded from memory, where
/// the function pointers are real.
struct OpenedPlugin {
    LibraryHandle library;
    ParsedPlugin in_memory;
};

/// dlopen(RTLD_NOW | RTLD_LOCAL) of `file`, then decodes the descriptor and
/// records from the mapped image and checks they equal `validated` (the
/// parse of the file). Fails with dlopen_failed (carrying dlerror) or
/// changed_on_disk; the library is closed again on failure.
Result<OpenedPlugin> open_plugin(const std::filesystem::path &file, const PluginSections &sections,
                                 const PluginMetadata &validated);

}  // namespace tenon::detail
