// What every libelf reader in the runtime shares: initialising libelf once per process.
#pragma once

#include <libelf.h>
#include <mutex>

namespace tenon::detail {

/// elf_version(EV_CURRENT), once; false when libelf cannot work.
inline bool libelf_ready() {
    static std::once_flag once;
    static bool ready = false;
    std::call_once(once, [] { ready = elf_version(EV_CURRENT) != EV_NONE; });
    return ready;
}

}  // namespace tenon::detail
