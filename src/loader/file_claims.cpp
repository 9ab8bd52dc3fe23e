#include "loader/file_claims.hpp"

#include <mutex>
#include <set>
#include <utility>

namespace tenon::detail {
namespace {

std::mutex claims_mutex;
std::set<std::pair<std::uint64_t, std::uint64_t>> &claims() {
    static std::set<std::pair<std::uint64_t, std::uint64_t>> files;
    return files;
}

}  // namespace

FileClaim::FileClaim(FileClaim &&other) noexcept
    : held_(std::exchange(other.held_, false)), device_(other.device_), inode_(other.inode_) {}

FileClaim &FileClaim::operator=(FileClaim &&other) noexcept {
    if (this != &other) {
        release();
        held_ = std::exchange(other.held_, false);
        device_ = other.device_;
        inode_ = other.inode_;
    }
    return *this;
}

FileClaim::~FileClaim() {
    release();
}

bool FileClaim::acquire(std::uint64_t device, std::uint64_t inode) {
    release();
    std::lock_guard lock(claims_mutex);
    if (!claims().emplace(device, inode).second) {
        return false;
    }
    held_ = true;
    device_ = device;
    inode_ = inode;
    return true;
}

void FileClaim::release() noexcept {
    if (held_) {
        std::lock_guard lock(claims_mutex);
        claims().erase({device_, inode_});
        held_ = false;
    }
}

}  // namespace tenon::detail
