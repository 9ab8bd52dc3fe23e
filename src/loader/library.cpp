#include "loader/library.hpp"

#include "common/diagnostic.hpp"

#include <algorithm>
#include <cerrno>
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <dlfcn.h>
#include <fcntl.h>
#include <link.h>
#include <mutex>
#include <unistd.h>
#include <set>

namespace tenon::detail {
namespace {

// The N of every /proc/self/fd/N name a mapping of Tenon's may still hold,
// process-wide: the dynamic loader matches a new dlopen against the names of
// objects it has loaded before it opens anything, so reusing a name would
// return the old object instead of mapping the new file. Ordered, so the
// highest is at hand (see reserve_number).
std::mutex names_mutex;
std::set<int> &reserved_numbers() {
    static std::set<int> numbers;
    return numbers;
}

// Whether the dynamic loader still has an object called `name` mapped at
// `address` (dlclose of a NODELETE object, or of one another object needs,
// leaves it mapped). _dl_find_object looks the address up without a lock,
// a scan or opening any file, so it can neither block nor grow with the
// number of objects loaded.
bool still_loaded(const std::string &name, std::uintptr_t address) {
    dl_find_object found{};
    if (address == 0 || _dl_find_object(reinterpret_cast<void *>(address), &found) != 0 ||
        found.dlfo_link_map == nullptr || found.dlfo_link_map->l_name == nullptr) {
        return false;
    }
    return name == found.dlfo_link_map->l_name;
}

// A free N for /proc/self/fd/N naming `fd`'s file: `fd` itself, or a dup of
// it that no reserved name uses. `extra` collects dups to close after dlopen.
//
// A mapped plugin's descriptor is closed once it is mapped, so the kernel
// hands its number out again while the name stays reserved. Walking up from
// `fd` one dup at a time would cost one system call per reserved number in
// the way (quadratic over a load of many plugins); a dup above the highest
// reserved number is free of them all in one call. Only when that is refused
// (the descriptor limit) does the walk run, through the gaps below.
Result<int> reserve_number(int fd, const std::filesystem::path &file, std::vector<int> &extra) {
    std::lock_guard lock(names_mutex);
    std::set<int> &reserved = reserved_numbers();
    int number = fd;
    if (reserved.contains(number)) {
        if (const int dup = fcntl(fd, F_DUPFD_CLOEXEC, *reserved.rbegin() + 1); dup >= 0) {
            extra.push_back(dup);
            number = dup;
        }
    }
    while (reserved.contains(number)) {
        const int dup = fcntl(fd, F_DUPFD_CLOEXEC, number + 1);
        if (dup < 0) {
            return file_error(Errc::io_error, file, std::string("cannot duplicate its descriptor: ") + strerror(errno));
        }
        extra.push_back(dup);
        number = dup;
    }
    reserved.insert(number);
    return number;
}

void release_number(int number, std::uintptr_t address) {
    const std::string name = descriptor_path(number);
    std::lock_guard lock(names_mutex);
    if (!still_loaded(name, address)) {
        reserved_numbers().erase(number);
    }
}

std::string dlopen_error(const std::string &map_path) {
    const char *reason = dlerror();
    std::string text = reason != nullptr ? reason : "unknown reason";
    // glibc starts the text with the name it was given; ours leads the message with the real path.
    if (const std::string prefix = map_path + ": "; text.starts_with(prefix)) {
        text.erase(0, prefix.size());
    }
    return escape_untrusted(text);
}

bool same_segment(const ElfW(Phdr) & mapped, const GElf_Phdr &validated) {
    return mapped.p_type == validated.p_type && mapped.p_flags == validated.p_flags &&
           mapped.p_offset == validated.p_offset && mapped.p_vaddr == validated.p_vaddr &&
           mapped.p_filesz == validated.p_filesz && mapped.p_memsz == validated.p_memsz;
}

}  // namespace

LibraryHandle::LibraryHandle(LibraryHandle &&other) noexcept
    : handle_(std::exchange(other.handle_, nullptr)), reserved_number_(std::exchange(other.reserved_number_, -1)) {}

LibraryHandle &LibraryHandle::operator=(LibraryHandle &&other) noexcept {
    if (this != &other) {
        reset();
        handle_ = std::exchange(other.handle_, nullptr);
        reserved_number_ = std::exchange(other.reserved_number_, -1);
    }
    return *this;
}

void LibraryHandle::reset() noexcept {
    std::uintptr_t address = 0;
    if (handle_ != nullptr) {
        // An address inside the object, to ask afterwards whether dlclose unmapped it.
        link_map *map = nullptr;
        if (dlinfo(handle_, RTLD_DI_LINKMAP, &map) == 0 && map != nullptr) {
            address = reinterpret_cast<std::uintptr_t>(map->l_ld);
        }
        dlclose(handle_);
        handle_ = nullptr;
    }
    if (reserved_number_ >= 0) {
        release_number(reserved_number_, address);
        reserved_number_ = -1;
    }
}

const char *loader_name(void *handle) noexcept {
    link_map *map = nullptr;
    if (handle == nullptr || dlinfo(handle, RTLD_DI_LINKMAP, &map) != 0 || map == nullptr) {
        return nullptr;
    }
    return map->l_name;
}

Result<MappedLibrary> map_file(const OpenFile &file, const std::vector<GElf_Phdr> &segments) {
    const auto &shown_file = file.path();
    if (Error error = file.check_unchanged("before dlopen"); error.code != Errc::ok) {
        return error;
    }
    std::vector<int> extra;
    int reserved = -1;
    std::string map_path = file.map_path();
    if (file.method() != MapMethod::private_file) {
        auto number = reserve_number(file.fd(), shown_file, extra);
        if (!number) {
            for (int fd : extra) {
                close(fd);
            }
            return number.error();
        }
        reserved = *number;
        map_path = descriptor_path(reserved);
    }
    dlerror();
    void *opened = dlopen(map_path.c_str(), RTLD_NOW | RTLD_LOCAL);
    const std::string reason = opened == nullptr ? dlopen_error(map_path) : std::string();
    for (int fd : extra) {
        close(fd);
    }
    MappedLibrary mapped;
    mapped.handle = LibraryHandle(opened, reserved);
    if (opened == nullptr) {
        return file_error(Errc::dlopen_failed, shown_file, "dlopen failed: " + reason);
    }
    if (Error error = file.check_unchanged("after dlopen"); error.code != Errc::ok) {
        return error;
    }
    link_map *map = nullptr;
    if (dlinfo(opened, RTLD_DI_LINKMAP, &map) != 0 || map == nullptr) {
        return file_error(Errc::dlopen_failed, shown_file, "dlinfo failed: " + dlopen_error(map_path));
    }
    const ElfW(Phdr) *headers = nullptr;
    const int count = dlinfo(opened, RTLD_DI_PHDR, &headers);
    const bool same = count >= 0 && static_cast<std::size_t>(count) == segments.size() &&
                      std::equal(headers, headers + count, segments.begin(), same_segment);
    if (!same) {
        return mismatch(Errc::changed_on_disk, shown_file, "mapped program headers",
                        "the " + std::to_string(segments.size()) + " validated before dlopen",
                        std::to_string(count) + " others (the dynamic loader mapped another object)");
    }
    mapped.bias = map->l_addr;
    mapped.loader_name = map->l_name;
    return mapped;
}

}  // namespace tenon::detail
