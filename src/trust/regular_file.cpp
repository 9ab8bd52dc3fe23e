#include "trust/regular_file.hpp"

#include "common/diagnostic.hpp"
#include "common/errno_text.hpp"

#include <cerrno>
#include <fcntl.h>
#include <unistd.h>

namespace tenon::detail {
namespace {

const char *file_kind(mode_t mode) {
    if (S_ISDIR(mode)) {
        return "a directory";
    }
    if (S_ISFIFO(mode)) {
        return "a FIFO";
    }
    return S_ISCHR(mode) || S_ISBLK(mode) ? "a device" : "a special file";
}

}  // namespace

FileDescriptor &FileDescriptor::operator=(FileDescriptor &&other) noexcept {
    if (this != &other) {
        FileDescriptor old(release());
        fd_ = other.release();
    }
    return *this;
}

FileDescriptor::~FileDescriptor() {
    if (fd_ >= 0) {
        close(fd_);
    }
}

int FileDescriptor::release() noexcept {
    const int fd = fd_;
    fd_ = -1;
    return fd;
}

Result<RegularFile> open_regular_file(const std::filesystem::path &file) {
    RegularFile opened;
    opened.fd = FileDescriptor(open(file.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK));
    if (opened.fd.get() < 0) {
        return file_error(Errc::io_error, file, "cannot open: " + errno_text(errno));
    }
    if (fstat(opened.fd.get(), &opened.status) != 0) {
        return file_error(Errc::io_error, file, "cannot stat: " + errno_text(errno));
    }
    if (!S_ISREG(opened.status.st_mode)) {
        return mismatch(Errc::not_regular_file, file, "file type", "a regular file", file_kind(opened.status.st_mode));
    }
    return opened;
}

}  // namespace tenon::detail
