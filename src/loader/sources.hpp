// Turns PluginSources into the ordered list of files to load.
#pragma once

#include <tenon/host.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace tenon::detail {

/// The files to load, in load order, plus problems with named directories.
struct ResolvedSources {
    std::vector<const tenon_static_plugin *> static_plugins;  ///< always those of the sources
    std::vector<std::filesystem::path> files;
    /// Every directory plugin files came from: those scanned, and those of
    /// explicit files. A library a plugin needs from one of them must itself
    /// be a plugin this load accepts.
    std::vector<std::filesystem::path> directories;
    std::vector<Error> errors;
    std::vector<PluginArguments> arguments;  ///< those of the sources
    std::string
        origin;  ///< which source won, for log lines: "explicit sources", "environment variable X", "default directory"
};

/// Applies the precedence: explicit files and directories, else the
/// environment variable (read with secure_getenv: ignored by a setuid or
/// setgid host), else the default directory (missing means none).
ResolvedSources resolve_sources(const PluginSources &sources);

/// The "*.so" entries of `directory`, in byte order of name. Entries that are
/// not regular files are listed too, so the loader can report them.
Result<std::vector<std::filesystem::path>> list_plugin_directory(const std::filesystem::path &directory);

}  // namespace tenon::detail
