// Plugins without Tenon metadata, in a format the host configured (see
// <tenon/foreign.hpp>): recognised from the file before dlopen, described by
// the format after it.
#pragma once

#include "host/host_state.hpp"
#include "loader/file_claims.hpp"

#include <filesystem>
#include <set>
#include <string>

namespace tenon::detail {

/// A file the host will treat as a foreign plugin.
struct RecognisedForeign {
    const ForeignFormat *format = nullptr;
    ForeignFile file;  ///< what the format's check_file accepted, handed to its adopt
    std::uint64_t device = 0;
    std::uint64_t inode = 0;
};

/// Called when `file` has no Tenon metadata (`no_metadata` says so): which
/// configured format it is in, judged by its dynamic symbols, and the
/// format's own checks of the file (still before dlopen). Otherwise an Error:
/// the format's, or `no_metadata` extended with the symbols looked for.
Result<RecognisedForeign> recognise_foreign(const HostState &state, const std::filesystem::path &file,
                                            const Error &no_metadata);

/// dlopens `file`, lets its format describe it, and checks the description
/// (name, version, hooks against the host's, no clash with `taken` names).
/// On failure the library is closed again and nothing of it remains.
Result<std::unique_ptr<LoadedPlugin>> adopt_foreign(HostState &state, const ForeignFile &file,
                                                    const ForeignFormat &format, FileClaim claim,
                                                    const std::set<std::string, std::less<>> &taken);

}  // namespace tenon::detail
