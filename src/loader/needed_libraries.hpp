// Where each DT_NEEDED library of a plugin would come from when dlopen maps
// it. A plugin's DT_NEEDED, DT_RPATH and DT_RUNPATH are part of the plugin:
// a library it pulls in from a plugin directory would run its constructors
// inside dlopen, so it must be a plugin this load accepted (or one already
// loaded), and a library it pulls in from a place its own run paths name
// must pass the trust policy. Libraries found in the system's directories,
// or through LD_LIBRARY_PATH, are the host's environment, as for the host's
// own libraries.
#pragma once

#include "metadata/dynamic_info.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace tenon::detail {

/// Where the dynamic loader would find one DT_NEEDED library.
struct NeededLibrary {
    enum class Found {
        system,       ///< in none of the directories below: ld.so.cache and the system's directories
        environment,  ///< in a directory of LD_LIBRARY_PATH
        run_path,     ///< in a directory the plugin's DT_RPATH or DT_RUNPATH names, or at a path DT_NEEDED gives
    };
    std::string name;  ///< the DT_NEEDED entry
    Found found = Found::system;
    std::filesystem::path file;   ///< where, unless Found::system
    bool through_origin = false;  ///< that directory was named through $ORIGIN
    std::string via;              ///< "DT_RUNPATH '$ORIGIN'" (escaped), "LD_LIBRARY_PATH", "DT_NEEDED" ...
};

/// Follows the dynamic loader's search for each of `info.needed`, for the
/// plugin whose resolved directory is `origin` ($ORIGIN as its author meant
/// it, not the /proc/self/fd the mapping is named by): a name with '/' is a
/// path; otherwise DT_RPATH (unless DT_RUNPATH exists), LD_LIBRARY_PATH (not
/// in secure mode), DT_RUNPATH, in that order; the first regular file of the
/// host's ELF class and machine wins. Run paths using $LIB or $PLATFORM are
/// not followed (Tenon cannot expand them as this ld.so would).
std::vector<NeededLibrary> find_needed_libraries(const DynamicInfo &info, const std::filesystem::path &origin);

}  // namespace tenon::detail
