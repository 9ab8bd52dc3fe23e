// Replaces the global operator new and delete of tenon-bench (and so of
// libtenon, which the executable's definitions interpose) with counting ones.
#include "heap_counter.hpp"

#include <atomic>
#include <cstdlib>
#include <malloc.h>
#include <new>

namespace {

std::atomic<std::size_t> in_use{0};

void *allocate(std::size_t size) {
    void *pointer = std::malloc(size != 0 ? size : 1);
    if (pointer == nullptr) {
        throw std::bad_alloc();
    }
    in_use.fetch_add(malloc_usable_size(pointer), std::memory_order_relaxed);
    return pointer;
}

void release(void *pointer) noexcept {
    if (pointer != nullptr) {
        in_use.fetch_sub(malloc_usable_size(pointer), std::memory_order_relaxed);
        std::free(pointer);
    }
}

}  // namespace

std::size_t bench::heap_bytes_in_use() noexcept {
    return in_use.load(std::memory_order_relaxed);
}

void *operator new(std::size_t size) {
    return allocate(size);
}
void *operator new[](std::size_t size) {
    return allocate(size);
}
void operator delete(void *pointer) noexcept {
    release(pointer);
}
void operator delete[](void *pointer) noexcept {
    release(pointer);
}
void operator delete(void *pointer, std::size_t) noexcept {
    release(pointer);
}
void operator delete[](void *pointer, std::size_t) noexcept {
    release(pointer);
}
