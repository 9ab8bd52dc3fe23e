// Opening a file that is supposed to be a plugin or a key: once, read-only,
// and only if it is a regular file, so nothing later reads from a FIFO or a
// device by mistake.
#pragma once

#include <tenon/error.hpp>

#include <filesystem>
#include <sys/stat.h>

namespace tenon::detail {

/// Owns one file descriptor and closes it when destroyed. Move-only.
class FileDescriptor {
public:
    FileDescriptor() = default;
    explicit FileDescriptor(int fd) noexcept : fd_(fd) {}
    FileDescriptor(FileDescriptor &&other) noexcept : fd_(other.release()) {}
    FileDescriptor &operator=(FileDescriptor &&other) noexcept;
    FileDescriptor(const FileDescriptor &) = delete;
    FileDescriptor &operator=(const FileDescriptor &) = delete;
    ~FileDescriptor();

    int get() const noexcept { return fd_; }
    /// Gives up ownership: the caller closes the descriptor.
    int release() noexcept;

private:
    int fd_ = -1;
};

/// An open regular file and what fstat said about it.
struct RegularFile {
    FileDescriptor fd;
    struct stat status {};
};

/// Opens `file` with O_RDONLY | O_CLOEXEC | O_NONBLOCK (a FIFO must not
/// block the open) and fstats it. Errc::io_error ("FILE: cannot open:
/// STRERROR", "cannot stat"), Errc::not_regular_file ("FILE: file type:
/// expected a regular file, found a directory"), as the metadata reader says.
Result<RegularFile> open_regular_file(const std::filesystem::path &file);

}  // namespace tenon::detail
