// Maps a validated plugin with dlopen, from the descriptor it was validated
// from, and proves the mapping is that file before any init.
#pragma once

#include "loader/open_file.hpp"

#include <tenon/error.hpp>

#include <cstdint>
#include <filesystem>
#include <gelf.h>
#include <string>
#include <vector>

namespace tenon::detail {

/// A dlopen handle that dlcloses when dropped unless released. A handle
/// from map_file also holds the /proc/self/fd/N name it was opened by, so no
/// later mapping reuses that name while the dynamic loader still knows it
/// (it would hand back the old object). Movable, not copyable.
class LibraryHandle {
public:
    LibraryHandle() = default;
    explicit LibraryHandle(void *handle, int reserved_number = -1)
        : handle_(handle), reserved_number_(reserved_number) {}
    LibraryHandle(LibraryHandle &&other) noexcept;
    LibraryHandle &operator=(LibraryHandle &&other) noexcept;
    LibraryHandle(const LibraryHandle &) = delete;
    LibraryHandle &operator=(const LibraryHandle &) = delete;
    ~LibraryHandle() { reset(); }

    void *get() const noexcept { return handle_; }
    void reset() noexcept;

private:
    void *handle_ = nullptr;
    int reserved_number_ = -1;  ///< the N of /proc/self/fd/N, or -1
};

/// The dynamic loader's name for the mapping behind `handle` (link_map::l_name,
/// which dladdr reports as dli_fname), or nullptr. Valid until dlclose.
const char *loader_name(void *handle) noexcept;

/// A file the dynamic loader has mapped, not yet initialised.
struct MappedLibrary {
    LibraryHandle handle;
    std::uintptr_t bias = 0;            ///< link_map::l_addr: memory address = bias + link-time address
    const char *loader_name = nullptr;  ///< link_map::l_name, valid until dlclose
};

/// dlopen(RTLD_NOW | RTLD_LOCAL) of file.map_path(): the validated descriptor
/// itself, or its private copy, never the path it was found by. The file is
/// checked unchanged (identity, size, times) just before and just after, and
/// the mapped program headers must equal `segments`, the validated ones.
/// Fails with dlopen_failed (carrying dlerror, escaped) or changed_on_disk;
/// the library is closed again on failure. Thread-safe.
Result<MappedLibrary> map_file(const OpenFile &file, const std::vector<GElf_Phdr> &segments);

}  // namespace tenon::detail
