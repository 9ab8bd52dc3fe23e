// Counts the bytes the process holds through operator new, for BM_Load's
// bytes_per_plugin: the host-side bookkeeping per loaded plugin. The dynamic
// loader's own memory (link maps, mapped segments) goes through malloc and
// mmap, not operator new, so it is not counted: that is the mapped library.
#pragma once

#include <cstddef>

namespace bench {

/// Bytes allocated through operator new minus bytes freed, both while
/// counting was on (usable sizes, so rounding counts). Thread-safe.
long long heap_bytes_in_use() noexcept;

/// Turns counting on for its lifetime. Counting costs a malloc_usable_size
/// and an atomic add per allocation and per free, which the dlopen baseline
/// would not pay, so BM_Load counts in an untimed pass of its own.
class HeapCounting {
public:
    HeapCounting() noexcept;
    ~HeapCounting();
    HeapCounting(const HeapCounting &) = delete;
    HeapCounting &operator=(const HeapCounting &) = delete;
};

}  // namespace bench
