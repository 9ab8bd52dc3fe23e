#include "loader/open_file.hpp"

#include "common/diagnostic.hpp"
#include "common/errno_text.hpp"

#include <cerrno>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utility>
#include <vector>

namespace tenon::detail {
namespace {

bool same_time(const timespec &a, const timespec &b) {
    return a.tv_sec == b.tv_sec && a.tv_nsec == b.tv_nsec;
}

const char *kind_of(mode_t mode) {
    return S_ISDIR(mode)                    ? "a directory"
           : S_ISFIFO(mode)                 ? "a FIFO"
           : S_ISCHR(mode) || S_ISBLK(mode) ? "a device"
           : S_ISSOCK(mode)                 ? "a socket"
                                            : "a special file";
}

// Copies every byte of `from` (of `size` bytes) into `to`, with pread so the
// source offset never matters. False with errno set on failure; a file that
// shrank under us fails too (it would not be the file we measured).
bool copy_bytes(int from, int to, std::uint64_t size) {
    std::vector<char> buffer(64 * 1024);
    std::uint64_t done = 0;
    while (done < size) {
        const std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(buffer.size(), size - done));
        const ssize_t got = pread(from, buffer.data(), want, static_cast<off_t>(done));
        if (got <= 0) {
            if (got == 0) {
                errno = EIO;
            }
            return false;
        }
        for (ssize_t written = 0; written < got;) {
            const ssize_t now = write(to, buffer.data() + written, static_cast<std::size_t>(got - written));
            if (now < 0) {
                return false;
            }
            written += now;
        }
        done += static_cast<std::uint64_t>(got);
    }
    return true;
}

}  // namespace

const char *FileIdentity::difference(const FileIdentity &now) const noexcept {
    if (device != now.device || inode != now.inode) {
        return "device and inode";
    }
    if (size != now.size) {
        return "size";
    }
    if (!same_time(modified, now.modified)) {
        return "modification time";
    }
    return nullptr;
}

bool identify(int fd, FileIdentity &out) noexcept {
    struct stat status {};
    if (fstat(fd, &status) != 0) {
        return false;
    }
    out.device = static_cast<std::uint64_t>(status.st_dev);
    out.inode = static_cast<std::uint64_t>(status.st_ino);
    out.size = static_cast<std::uint64_t>(status.st_size);
    out.modified = status.st_mtim;
    out.mode = status.st_mode;
    out.owner = status.st_uid;
    return true;
}

PrivateDirectory::~PrivateDirectory() {
    if (!path_.empty()) {
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }
}

Result<std::filesystem::path> PrivateDirectory::next_path(const std::filesystem::path &original) {
    if (path_.empty()) {
        std::string pattern = (parent_ / "tenon-XXXXXX").string();
        if (mkdtemp(pattern.data()) == nullptr) {  // mode 0700: no one else can swap what we map
            return file_error(Errc::io_error, parent_, "cannot create a private directory: " + errno_text(errno));
        }
        path_ = pattern;
    }
    return path_ / (std::to_string(files_++) + "-" + original.filename().string());
}

bool descriptor_paths_work() {
    const int fd = ::open("/", O_PATH | O_CLOEXEC);
    if (fd < 0) {
        return false;
    }
    struct stat direct {};
    struct stat through_proc {};
    const bool works = fstat(fd, &direct) == 0 && stat(descriptor_path(fd).c_str(), &through_proc) == 0 &&
                       direct.st_dev == through_proc.st_dev && direct.st_ino == through_proc.st_ino;
    ::close(fd);
    return works;
}

Result<OpenFile> OpenFile::open(const std::filesystem::path &path, std::uint64_t max_size, MapMethod method,
                                PrivateDirectory *private_directory) {
    OpenFile file;
    file.path_ = path;
    file.method_ = method;
    // O_NONBLOCK: opening a FIFO (or a device) swapped in for the plugin must
    // not wait for a writer; O_NOCTTY: a terminal must never become ours.
    // O_NOFOLLOW first tells, for free, whether the last component is a link
    // (the trust policy then resolves the whole path instead of its directory).
    constexpr int flags = O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY;
    file.fd_ = ::open(path.c_str(), flags | O_NOFOLLOW);
    const bool through_link = file.fd_ < 0 && errno == ELOOP;
    if (through_link) {
        file.fd_ = ::open(path.c_str(), flags);
    }
    if (file.fd_ < 0) {
        return file_error(Errc::io_error, path, "cannot open: " + errno_text(errno));
    }
    if (!identify(file.fd_, file.identity_)) {
        return file_error(Errc::io_error, path, "cannot stat: " + errno_text(errno));
    }
    file.identity_.through_link = through_link;
    if (!S_ISREG(file.identity_.mode)) {
        return mismatch(Errc::not_regular_file, path, "file type", "a regular file", kind_of(file.identity_.mode));
    }
    if (file.identity_.size > max_size) {
        return mismatch(Errc::limit_exceeded, path, "file size",
                        "at most " + std::to_string(max_size) + " bytes (HostConfig::limits.max_file_size)",
                        std::to_string(file.identity_.size) + " bytes");
    }
    file.mapped_identity_ = file.identity_;
    if (method == MapMethod::descriptor) {
        return file;
    }
    // A copy: made from the descriptor just measured; from here on only the copy is read.
    int copy = -1;
    if (method == MapMethod::sealed_copy) {
        copy = memfd_create(("tenon:" + path.filename().string()).c_str(), MFD_CLOEXEC | MFD_ALLOW_SEALING);
    } else {
        auto target = private_directory->next_path(path);
        if (!target) {
            return target.error();
        }
        file.copy_path_ = *target;
        copy = ::open(target->c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0500);
    }
    if (copy < 0) {
        return file_error(Errc::io_error, path, "cannot create a private copy: " + errno_text(errno));
    }
    const bool copied = copy_bytes(file.fd_, copy, file.identity_.size);
    const int copy_errno = errno;
    ::close(file.fd_);
    file.fd_ = copy;
    if (!copied) {
        return file_error(Errc::io_error, path, "cannot copy into a private copy: " + errno_text(copy_errno));
    }
    if (method == MapMethod::sealed_copy &&
        fcntl(copy, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL) != 0) {
        return file_error(Errc::io_error, path, "cannot seal the private copy: " + errno_text(errno));
    }
    if (!identify(copy, file.mapped_identity_)) {
        return file_error(Errc::io_error, path, "cannot stat the private copy: " + errno_text(errno));
    }
    if (file.mapped_identity_.size != file.identity_.size) {
        return mismatch(Errc::changed_on_disk, path, "file size while copying",
                        std::to_string(file.identity_.size) + " bytes",
                        std::to_string(file.mapped_identity_.size) + " bytes");
    }
    return file;
}

OpenFile::OpenFile(OpenFile &&other) noexcept
    : fd_(std::exchange(other.fd_, -1)),
      path_(std::move(other.path_)),
      identity_(other.identity_),
      mapped_identity_(other.mapped_identity_),
      method_(other.method_),
      copy_path_(std::move(other.copy_path_)) {}

OpenFile &OpenFile::operator=(OpenFile &&other) noexcept {
    if (this != &other) {
        close();
        fd_ = std::exchange(other.fd_, -1);
        path_ = std::move(other.path_);
        identity_ = other.identity_;
        mapped_identity_ = other.mapped_identity_;
        method_ = other.method_;
        copy_path_ = std::move(other.copy_path_);
    }
    return *this;
}

std::string OpenFile::map_path() const {
    return method_ == MapMethod::private_file ? copy_path_.string() : descriptor_path(fd_);
}

OpenFile::~OpenFile() {
    close();
}

void OpenFile::close() noexcept {
    if (fd_ >= 0) {
        ::close(fd_);
        fd_ = -1;
    }
}

Error OpenFile::check_unchanged(std::string_view when) const {
    FileIdentity now;
    if (!identify(fd_, now)) {
        return file_error(Errc::io_error, path_, "cannot stat: " + errno_text(errno));
    }
    if (const char *field = mapped_identity_.difference(now); field != nullptr) {
        return mismatch(Errc::changed_on_disk, path_, std::string("file ") + field + " " + std::string(when),
                        "the file as validated", "it changed (was the file rewritten while loading?)");
    }
    return {};
}

std::string descriptor_path(int fd) {
    return "/proc/self/fd/" + std::to_string(fd);
}

}  // namespace tenon::detail
