// The phases of Host::load, shared by load.cpp (the order of things),
// validate.cpp (phase 1: every check that needs only the file) and
// map.cpp (phase 2: dlopen and the checks of what it mapped).
#pragma once

#include "host/host_state.hpp"
#include "loader/compatibility.hpp"
#include "loader/open_file.hpp"
#include "loader/pointer_checks.hpp"
#include "metadata/dynamic_info.hpp"
#include "metadata/elf_sections.hpp"
#include "metadata/parse.hpp"
#include "trust/path_policy.hpp"

#include <tenon/escape.hpp>

#include <filesystem>
#include <gelf.h>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace tenon::detail {

/// A file that passed every check that needs no plugin code. Owns the one
/// descriptor the file was opened with, until phase 2 has mapped it.
struct Candidate {
    std::filesystem::path file;      ///< as found (what messages name)
    std::filesystem::path resolved;  ///< through symbolic links: its directory is $ORIGIN
    OpenFile opened;
    std::vector<GElf_Phdr> segments;  ///< as validated; the mapping must show the same
    PluginSections sections;
    DynamicInfo dynamic;
    ParsedPlugin parsed;  ///< for a foreign plugin, a stand-in named after the file until dlopen tells more
    HookBindings bindings;
    const ForeignFormat *foreign = nullptr;       ///< set for a plugin without Tenon metadata
    const tenon_static_plugin *linked = nullptr;  ///< set for a static plugin: nothing to open or map
    std::uintptr_t linked_bias = 0;               ///< a static plugin's object's load bias
    std::uint64_t linked_key = 0;                 ///< what its FileClaim holds (its registration's address)
    LivePointers linked_pointers;                 ///< a static plugin's pointers, checked in phase 1 where they are
    ForeignFile foreign_file;                     ///< what the foreign format read from the file
    std::string signed_by;                        ///< the key id of a verified signature
    std::vector<PluginArgument> arguments;        ///< the host's arguments for it, checked against its records
};

/// Checks the arguments `given` for `candidate` against its TENON_ARGUMENT
/// records, and stores them in it; the refusal (bad_plugin_argument) otherwise.
Error check_plugin_arguments(Candidate &candidate, const std::vector<PluginArgument> &given);

/// A file by device and inode, as the dynamic loader tells files apart.
using FileKey = std::pair<std::uint64_t, std::uint64_t>;

/// What phase 1 decided: the accepted candidates, in load order, and why
/// each refused file was refused (to explain a plugin that needs one).
struct Validated {
    std::vector<Candidate> candidates;
    std::map<FileKey, std::string> refusals;  ///< the refusal message of every file refused after its open
};

/// Everything one load shares between its phases: how files are opened and
/// where private copies go, and the trust verdicts of directories.
struct LoadContext {
    HostState &state;
    MapMethod method;
    PrivateDirectory private_directory;
    PathTrust trust;
    std::vector<std::filesystem::path> plugin_directories;  ///< resolved: where this load found plugin files

    LoadContext(HostState &host, MapMethod map_method, std::filesystem::path private_parent);
};

/// What services->require needs of the load whose inits are running.
struct ActiveLoad {
    LoadContext &context;
    int stage;
    std::vector<Error> &errors;                ///< the load's report: init failures of its own plugins go here
    std::vector<LoadedPlugin *> initialising;  ///< whose init is on the stack, innermost last
    std::vector<std::string> resolving;        ///< names being found in the search path, innermost last
    bool failed = false;                       ///< one of the load's own plugins failed its init early
};

/// Runs `plugin`'s init (services pointer set first, cleared on failure) with
/// it on `active.initialising`; marks it initialised on success. 0 or the result.
int run_init_of(HostState &state, ActiveLoad &active, LoadedPlugin &plugin);

/// The position of `plugin` in state.plugins.
std::size_t index_of(const HostState &state, const LoadedPlugin &plugin);

/// Phase 1 for every static plugin, then every file: (for files) open once,
/// trust policy, ELF structure; Tenon metadata (or a foreign format), the
/// host's view of it, its pointers, duplicate names across both and
/// dynamic-linking requests. Refusals go to `errors`. No plugin code runs.
Validated validate_candidates(LoadContext &context, const std::vector<const tenon_static_plugin *> &static_plugins,
                              const std::vector<std::filesystem::path> &files, std::vector<Error> &errors);

/// Phase 1, last step: every candidate's DT_NEEDED libraries. A library
/// resolving into a plugin directory must be another accepted candidate with
/// a matching DT_SONAME (the plugin then requires it) or a loaded plugin;
/// one found through the plugin's own run paths must pass the trust policy.
/// Refused candidates are removed, with their errors in `errors`.
void check_needed_libraries(LoadContext &context, Validated &validated, std::vector<Error> &errors);

/// Phase 2 for one candidate: claim the file, map it from its descriptor,
/// prove the mapping is the validated file, check its pointers, and build
/// the runtime's record.
Result<std::unique_ptr<LoadedPlugin>> map_candidate(LoadContext &context, Candidate &candidate,
                                                    const std::vector<Candidate> &candidates);

/// A debug line "FILE: STEP" for `file`, when debug lines are on (tests use
/// them to act at each step). `step` is only called, to build the text, then.
template <typename Step>
void log_step(HostState &state, const std::filesystem::path &file, Step &&step) {
    if (state.logger.enabled(LogLevel::debug)) {
        state.log(LogLevel::debug, escape_untrusted_path(file) + ": " + std::string(step()));
    }
}

}  // namespace tenon::detail
