// Plugins without Tenon metadata, in a format the host configured (see
// <tenon/foreign.hpp>): recognised from the file before dlopen, described by
// the format after it.
#pragma once

#include "host/host_state.hpp"
#include "loader/file_claims.hpp"
#include "loader/library.hpp"
#include "metadata/elf_image.hpp"

#include <filesystem>
#include <set>
#include <string>

namespace tenon::detail {

/// A file the host will treat as a foreign plugin.
struct RecognisedForeign {
    const ForeignFormat *format = nullptr;
    ForeignFile file;  ///< what the format's check_file accepted, handed to its adopt
};

/// Called when the file has no Tenon metadata (`no_metadata` says so): which
/// configured format it is in, judged by its dynamic symbols (read from the
/// same descriptor), and the format's own checks of the file (still before
/// dlopen). Otherwise an Error: the format's, or `no_metadata` extended with
/// the symbols looked for.
Result<RecognisedForeign> recognise_foreign(const HostState &state, const ElfImage &image, const Error &no_metadata);

/// Lets the format describe the mapped file, checks the description (name,
/// version, hooks against the host's, no clash with `taken` names) and that
/// every function it gives (hooks, init and exit) is this object's code. On
/// failure the library is closed again and nothing of it remains.
Result<std::unique_ptr<LoadedPlugin>> adopt_foreign(HostState &state, const ForeignFile &file,
                                                    const ForeignFormat &format, FileClaim claim, MappedLibrary mapped,
                                                    const std::vector<GElf_Phdr> &segments,
                                                    const std::set<std::string, std::less<>> &taken);

}  // namespace tenon::detail
