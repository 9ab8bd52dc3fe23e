#include "trust/replacement_file.hpp"

#include "common/diagnostic.hpp"
#include "common/errno_text.hpp"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <string>
#include <sys/stat.h>
#include <unistd.h>
#include <utility>

namespace tenon::detail {

Result<ReplacementFile> ReplacementFile::create(const std::filesystem::path &target, mode_t mode,
                                                const std::filesystem::path &shown_as) {
    // A dot file, so plugin directory scans that skip hidden files never see
    // it half written (they only take *.so anyway).
    std::string pattern = (target.parent_path() / ".tenon-sign-XXXXXX").string();
    FileDescriptor fd(mkostemp(pattern.data(), O_CLOEXEC));
    if (fd.get() < 0) {
        return file_error(Errc::io_error, shown_as, "cannot create a temporary file beside it: " + errno_text(errno));
    }
    ReplacementFile file(std::move(fd), pattern, target, shown_as);
    if (fchmod(file.fd_.get(), mode) != 0) {
        return file_error(Errc::io_error, shown_as, "cannot set the mode of its temporary file: " + errno_text(errno));
    }
    return file;
}

ReplacementFile::ReplacementFile(FileDescriptor fd, std::filesystem::path temporary, std::filesystem::path target,
                                 std::filesystem::path shown_as)
    : fd_(std::move(fd)),
      temporary_(std::move(temporary)),
      target_(std::move(target)),
      shown_as_(std::move(shown_as)) {}

ReplacementFile::ReplacementFile(ReplacementFile &&other) noexcept
    : fd_(std::move(other.fd_)),
      temporary_(std::exchange(other.temporary_, {})),
      target_(std::move(other.target_)),
      shown_as_(std::move(other.shown_as_)) {}

ReplacementFile::~ReplacementFile() {
    if (!temporary_.empty()) {
        unlink(temporary_.c_str());
    }
}

Error ReplacementFile::write(std::span<const std::uint8_t> bytes) {
    while (!bytes.empty()) {
        const ssize_t written = ::write(fd_.get(), bytes.data(), bytes.size());
        if (written < 0 && errno == EINTR) {
            continue;
        }
        if (written < 0) {
            return file_error(Errc::io_error, shown_as_, "cannot write its temporary file: " + errno_text(errno));
        }
        bytes = bytes.subspan(static_cast<std::size_t>(written));
    }
    return {};
}

Error ReplacementFile::commit() {
    if (fsync(fd_.get()) != 0) {
        return file_error(Errc::io_error, shown_as_, "cannot sync its temporary file: " + errno_text(errno));
    }
    if (std::rename(temporary_.c_str(), target_.c_str()) != 0) {
        return file_error(Errc::io_error, shown_as_, "cannot rename its temporary file over it: " + errno_text(errno));
    }
    temporary_.clear();
    // The rename is durable only once the directory is on disk too.
    const FileDescriptor directory(open(target_.parent_path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (directory.get() < 0 || fsync(directory.get()) != 0) {
        return file_error(Errc::io_error, shown_as_, "cannot sync its directory: " + errno_text(errno));
    }
    return {};
}

}  // namespace tenon::detail
