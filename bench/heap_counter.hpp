// Counts the bytes the process holds through operator new, for BM_Load's
// bytes_per_plugin: the host-side bookkeeping per loaded plugin. The dynamic
// loader's own memory (link maps, mapped segments) goes through malloc and
// mmap, not operator new, so it is not counted: that is the mapped library.
#pragma once

#include <cstddef>

namespace bench {

/// Bytes currently held through operator new (usable sizes, so rounding counts). Thread-safe.
std::size_t heap_bytes_in_use() noexcept;

}  // namespace bench
