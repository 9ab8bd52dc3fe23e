// Which plugin files the Hosts of this process have loaded. The dynamic
// loader maps a file once per process, so the plugin's globals (its services
// pointer among them) can only ever serve one Host.
#pragma once

#include <cstdint>

namespace tenon::detail {

/// An exclusive, process-wide claim on one file (device + inode), released on
/// destruction. Thread-safe.
class FileClaim {
public:
    FileClaim() = default;
    FileClaim(FileClaim &&other) noexcept;
    FileClaim &operator=(FileClaim &&other) noexcept;
    FileClaim(const FileClaim &) = delete;
    FileClaim &operator=(const FileClaim &) = delete;
    ~FileClaim();

    /// Claims the file; false if some other claim holds it.
    bool acquire(std::uint64_t device, std::uint64_t inode);

private:
    void release() noexcept;
    bool held_ = false;
    std::uint64_t device_ = 0;
    std::uint64_t inode_ = 0;
};

}  // namespace tenon::detail
