// Replacing a file atomically: write a temporary file beside it, sync it,
// rename it over the original. Readers (a host loading plugins from the same
// directory) see the old file or the new one, never half of either.
#pragma once

#include "trust/regular_file.hpp"

#include <tenon/error.hpp>

#include <cstdint>
#include <filesystem>
#include <span>
#include <sys/types.h>

namespace tenon::detail {

/// A temporary file that becomes `target` on commit(), or disappears when
/// destroyed uncommitted. Move-only; one thread at a time.
class ReplacementFile {
public:
    /// Creates the temporary file in `target`'s directory with mode bits
    /// `mode` (umask does not apply). Messages name `shown_as` (the name the
    /// caller was given, which may be a link to `target`).
    static Result<ReplacementFile> create(const std::filesystem::path &target, mode_t mode,
                                          const std::filesystem::path &shown_as);

    ReplacementFile(ReplacementFile &&other) noexcept;
    ReplacementFile &operator=(ReplacementFile &&) = delete;
    ReplacementFile(const ReplacementFile &) = delete;
    ReplacementFile &operator=(const ReplacementFile &) = delete;
    ~ReplacementFile();

    /// Appends `bytes`. Errc::io_error.
    Error write(std::span<const std::uint8_t> bytes);

    /// fsync, rename over the target, fsync its directory. Errc::io_error;
    /// after a failure the target is unchanged (or, if only the directory
    /// sync failed, already replaced).
    Error commit();

private:
    ReplacementFile(FileDescriptor fd, std::filesystem::path temporary, std::filesystem::path target,
                    std::filesystem::path shown_as);

    FileDescriptor fd_;
    std::filesystem::path temporary_;  ///< empty once renamed or moved from
    std::filesystem::path target_;
    std::filesystem::path shown_as_;
};

}  // namespace tenon::detail
