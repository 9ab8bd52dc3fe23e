#include "loader/needed_libraries.hpp"

#include <tenon/escape.hpp>

#include <cstdlib>
#include <cstring>
#include <elf.h>
#include <fcntl.h>
#include <link.h>
#include <sys/stat.h>
#include <unistd.h>

namespace tenon::detail {
namespace {

struct SearchDirectory {
    std::filesystem::path directory;
    bool through_origin = false;
    std::string via;
};

// $ORIGIN and ${ORIGIN} replaced by `origin`; nullopt for $LIB, $PLATFORM or another token.
std::optional<std::string> expand(std::string_view text, const std::filesystem::path &origin, bool &used_origin) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '$') {
            out += text[i];
            continue;
        }
        const std::string_view rest = text.substr(i + 1);
        const std::size_t token = rest.starts_with("{ORIGIN}") ? 8 : rest.starts_with("ORIGIN") ? 6 : 0;
        if (token == 0) {
            return std::nullopt;  // $LIB, $PLATFORM or something ld.so would read otherwise
        }
        out += origin.string();
        used_origin = true;
        i += token;
    }
    return out;
}

void add_path_list(std::vector<SearchDirectory> &out, std::string_view list, const std::filesystem::path &origin,
                   const std::string &via) {
    while (true) {
        const std::size_t colon = list.find(':');
        const std::string_view entry = list.substr(0, colon);
        bool used_origin = false;
        // An empty entry means the current directory to ld.so.
        if (auto directory = expand(entry.empty() ? std::string_view(".") : entry, origin, used_origin)) {
            out.push_back({*directory, used_origin, via});
        }
        if (colon == std::string_view::npos) {
            break;
        }
        list = list.substr(colon + 1);
    }
}

// Would ld.so take this file? A regular file with the host's ELF class and machine.
bool loadable(const std::filesystem::path &file) {
    const int fd = open(file.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
    if (fd < 0) {
        return false;
    }
    struct stat status {};
    ElfW(Ehdr) header{};
    const bool ok = fstat(fd, &status) == 0 && S_ISREG(status.st_mode) &&
                    pread(fd, &header, sizeof header, 0) == static_cast<ssize_t>(sizeof header) &&
                    std::memcmp(header.e_ident, ELFMAG, SELFMAG) == 0 &&
                    header.e_ident[EI_CLASS] == (sizeof(void *) == 8 ? ELFCLASS64 : ELFCLASS32);
    close(fd);
    return ok;
}

}  // namespace

std::vector<NeededLibrary> find_needed_libraries(const DynamicInfo &info, const std::filesystem::path &origin) {
    std::vector<SearchDirectory> search;
    if (info.rpath && !info.runpath) {
        add_path_list(search, *info.rpath, origin, "DT_RPATH '" + escape_untrusted(*info.rpath) + "'");
    }
    if (const char *environment = secure_getenv("LD_LIBRARY_PATH"); environment != nullptr && *environment != '\0') {
        add_path_list(search, environment, origin, "LD_LIBRARY_PATH");
    }
    if (info.runpath) {
        add_path_list(search, *info.runpath, origin, "DT_RUNPATH '" + escape_untrusted(*info.runpath) + "'");
    }
    std::vector<NeededLibrary> libraries;
    for (const std::string &name : info.needed) {
        NeededLibrary library;
        library.name = name;
        if (name.find('/') != std::string::npos) {
            bool used_origin = false;
            if (auto path = expand(name, origin, used_origin)) {
                library.found = NeededLibrary::Found::run_path;
                library.file = *path;
                library.through_origin = used_origin;
                library.via = "DT_NEEDED";
            }
            libraries.push_back(std::move(library));
            continue;
        }
        for (const SearchDirectory &directory : search) {
            const std::filesystem::path candidate = directory.directory / name;
            if (loadable(candidate)) {
                library.found = directory.via == "LD_LIBRARY_PATH" ? NeededLibrary::Found::environment
                                                                   : NeededLibrary::Found::run_path;
                library.file = candidate;
                library.through_origin = directory.through_origin;
                library.via = directory.via;
                break;
            }
        }
        libraries.push_back(std::move(library));
    }
    return libraries;
}

}  // namespace tenon::detail
