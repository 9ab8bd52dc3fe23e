// What every libelf reader in the runtime shares: closing on every path, and
// initialising libelf once per process.
#pragma once

#include <libelf.h>
#include <mutex>
#include <unistd.h>

namespace tenon::detail {

/// Closes the descriptor and the libelf handle on every path.
class ElfHandle {
public:
    ElfHandle(int fd, Elf *elf) : fd_(fd), elf_(elf) {}
    ~ElfHandle() {
        if (elf_ != nullptr) {
            elf_end(elf_);
        }
        if (fd_ >= 0) {
            close(fd_);
        }
    }
    ElfHandle(const ElfHandle &) = delete;
    ElfHandle &operator=(const ElfHandle &) = delete;
    void set_elf(Elf *elf) { elf_ = elf; }

private:
    int fd_;
    Elf *elf_;
};

/// elf_version(EV_CURRENT), once; false when libelf cannot work.
inline bool libelf_ready() {
    static std::once_flag once;
    static bool ready = false;
    std::call_once(once, [] { ready = elf_version(EV_CURRENT) != EV_NONE; });
    return ready;
}

}  // namespace tenon::detail
