#include "loader/sources.hpp"

#include "common/diagnostic.hpp"

#include "common/errno_text.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <dirent.h>
#include <system_error>

namespace tenon {

Result<std::vector<std::filesystem::path>> PluginSources::list_directory(const std::filesystem::path &directory) {
    return detail::list_plugin_directory(directory);
}

std::vector<std::filesystem::path> PluginSources::split_search_path(std::string_view value) {
    std::vector<std::filesystem::path> directories;
    while (!value.empty()) {
        const auto colon = value.find(':');
        const std::string_view entry = value.substr(0, colon);
        if (!entry.empty()) {
            directories.emplace_back(entry);
        }
        value = colon == std::string_view::npos ? std::string_view{} : value.substr(colon + 1);
    }
    return directories;
}

namespace detail {
namespace {

bool has_plugin_suffix(const std::string &name) {
    return name.size() > 3 && name.compare(name.size() - 3, 3, ".so") == 0;
}

void add_directories(const std::vector<std::filesystem::path> &directories, const std::string &named_by,
                     ResolvedSources &out) {
    for (const auto &directory : directories) {
        auto listed = list_plugin_directory(directory);
        if (!listed) {
            Error error = listed.error();
            error.message += " (named by " + named_by + ")";
            out.errors.push_back(std::move(error));
            continue;
        }
        out.files.insert(out.files.end(), listed->begin(), listed->end());
        out.directories.push_back(directory);
    }
}

}  // namespace

Result<std::vector<std::filesystem::path>> list_plugin_directory(const std::filesystem::path &directory) {
    // readdir rather than std::filesystem::directory_iterator: a load lists
    // every entry, and the iterator builds a path (and splits it) for each.
    DIR *listing = opendir(directory.c_str());
    if (listing == nullptr) {
        const Errc code = errno == ENOENT ? Errc::directory_not_found : Errc::directory_unreadable;
        return file_error(code, directory, "cannot open plugin directory: " + errno_text(errno));
    }
    std::vector<std::string> names;
    errno = 0;
    while (const dirent *entry = readdir(listing)) {
        std::string name = entry->d_name;
        if (has_plugin_suffix(name)) {
            names.push_back(std::move(name));
        }
        errno = 0;
    }
    const int listing_errno = errno;
    closedir(listing);
    if (listing_errno != 0) {
        return file_error(Errc::directory_unreadable, directory,
                          "cannot list plugin directory: " + errno_text(listing_errno));
    }
    // Byte order of the name, never readdir order: the chain order must not depend on the filesystem.
    std::sort(names.begin(), names.end());
    std::vector<std::filesystem::path> files;
    files.reserve(names.size());
    std::string prefix = directory.native();
    if (prefix.empty() || prefix.back() != '/') {
        prefix += '/';
    }
    for (const auto &name : names) {
        files.emplace_back(prefix + name);
    }
    return files;
}

ResolvedSources resolve_sources(const PluginSources &sources) {
    ResolvedSources out;
    out.static_plugins = sources.static_plugins;  // part of the program: no precedence applies
    out.arguments = sources.arguments;
    if (!sources.files.empty() || !sources.directories.empty()) {
        out.origin = "explicit sources";
        out.files = sources.files;
        for (const auto &file : sources.files) {
            out.directories.push_back(file.has_parent_path() ? file.parent_path() : std::filesystem::path("."));
        }
        add_directories(sources.directories, "the host's explicit search path", out);
        return out;
    }
    if (!sources.environment_variable.empty()) {
        // secure_getenv: a setuid or setgid host must not take its plugin path from its caller.
        const char *value = secure_getenv(sources.environment_variable.c_str());
        if (value != nullptr && *value != '\0') {
            out.origin = "environment variable " + sources.environment_variable;
            add_directories(PluginSources::split_search_path(value), out.origin, out);
            return out;
        }
    }
    out.origin = "default directory";
    if (sources.default_directory.empty()) {
        return out;
    }
    auto listed = list_plugin_directory(sources.default_directory);
    if (listed) {
        out.files = std::move(listed.value());
        out.directories.push_back(sources.default_directory);
    } else if (listed.error().code != Errc::directory_not_found) {
        out.errors.push_back(listed.error());  // it exists but cannot be read: that is not "no plugins"
    }
    return out;
}

}  // namespace detail
}  // namespace tenon
