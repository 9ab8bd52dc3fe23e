// A candidate file, opened once. Everything the loader reads of a plugin,
// and what the dynamic loader maps, comes from this one descriptor, so a
// file swapped in at the path after the open is never looked at, let alone
// run (the kernel's finit_module takes a descriptor for the same reason).
#pragma once

#include <tenon/error.hpp>
#include <tenon/policy.hpp>

#include <cstdint>
#include <ctime>
#include <filesystem>
#include <string>
#include <sys/types.h>

namespace tenon::detail {

/// What fstat said of an open file: enough to prove later that the file is
/// the same one with the same bytes. A write or truncation moves the size or
/// the modification time; a new file has another inode. The change time is
/// not compared: renaming the file, renaming another over its path, or
/// linking it moves it without touching a byte (and renames are exactly what
/// the descriptor makes harmless). Setting the modification time back after
/// a rewrite takes write access to the file, which the trust policy keeps
/// for root and the host's user; where it is relaxed, MapMethod::automatic
/// maps a sealed copy instead.
struct FileIdentity {
    std::uint64_t device = 0;
    std::uint64_t inode = 0;
    std::uint64_t size = 0;
    timespec modified{};
    mode_t mode = 0;
    uid_t owner = 0;
    bool through_link = false;  ///< the path's last component was a symbolic link (set by OpenFile::open)

    /// The first field in which `now` differs ("size", "modification time", ...), or nullptr when none does.
    const char *difference(const FileIdentity &now) const noexcept;
};

/// fstat of `fd` as a FileIdentity; false with errno set on failure.
bool identify(int fd, FileIdentity &out) noexcept;

/// Where private_file copies go: one fresh mode-0700 directory per load,
/// created on first use and removed with everything in it on destruction
/// (by then the dynamic loader has mapped what it needed). Not thread-safe.
class PrivateDirectory {
public:
    explicit PrivateDirectory(std::filesystem::path parent) : parent_(std::move(parent)) {}
    PrivateDirectory(const PrivateDirectory &) = delete;
    PrivateDirectory &operator=(const PrivateDirectory &) = delete;
    ~PrivateDirectory();
    /// A new path inside the directory for a copy of `original`.
    Result<std::filesystem::path> next_path(const std::filesystem::path &original);

private:
    std::filesystem::path parent_;
    std::filesystem::path path_;  ///< empty until first use
    std::size_t files_ = 0;
};

/// True when /proc/self/fd/N names the open file N (so dlopen can map a
/// descriptor). False where /proc is not mounted.
bool descriptor_paths_work();

/// An open, regular, read-only file, and the descriptor every later read and
/// the mapping use: the file itself (MapMethod::descriptor), or a copy of its
/// bytes made right after the open (sealed_copy, private_file). Owns its
/// descriptors (closed on destruction); movable, not copyable. Not
/// thread-safe; one loading thread uses it.
class OpenFile {
public:
    /// open(O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY), then fstat. Refuses,
    /// before reading a byte: anything but a regular file (not_regular_file,
    /// so a FIFO can never block a load), a file larger than `max_size`
    /// (limit_exceeded), and open or stat failures (io_error). For a copy,
    /// copies the bytes from that descriptor (a memfd sealed against every
    /// change for sealed_copy; a file in `private_directory` for private_file).
    static Result<OpenFile> open(const std::filesystem::path &path, std::uint64_t max_size,
                                 MapMethod method = MapMethod::descriptor,
                                 PrivateDirectory *private_directory = nullptr);

    OpenFile() = default;
    OpenFile(OpenFile &&other) noexcept;
    OpenFile &operator=(OpenFile &&other) noexcept;
    OpenFile(const OpenFile &) = delete;
    OpenFile &operator=(const OpenFile &) = delete;
    ~OpenFile();

    /// What every read and the mapping use (the copy, for a copy).
    int fd() const noexcept { return fd_; }
    /// The path it was opened by (what messages name).
    const std::filesystem::path &path() const noexcept { return path_; }
    /// fstat of the original file at open time: what the trust policy judges.
    const FileIdentity &identity() const noexcept { return identity_; }
    /// fstat of fd() at open time (the original's, unless a copy was made).
    const FileIdentity &mapped_identity() const noexcept { return mapped_identity_; }
    MapMethod method() const noexcept { return method_; }
    /// The name the dynamic loader is given: /proc/self/fd/N, or the private copy's path.
    std::string map_path() const;
    /// fstat of fd() again: changed_on_disk naming what changed since the open, or ok.
    Error check_unchanged(std::string_view when) const;
    /// Closes the descriptor now (after mapping: the mapping keeps the file).
    void close() noexcept;

private:
    int fd_ = -1;
    std::filesystem::path path_;
    FileIdentity identity_;
    FileIdentity mapped_identity_;
    MapMethod method_ = MapMethod::descriptor;
    std::filesystem::path copy_path_;  ///< private_file only
};

/// "/proc/self/fd/N": a name for the open file itself, whatever its path now names.
std::string descriptor_path(int fd);

}  // namespace tenon::detail
