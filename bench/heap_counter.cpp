// Replaces the global operator new and delete of tenon-bench (and so of
// libtenon, which the executable's definitions interpose) with counting ones.
#include "heap_counter.hpp"

#include <atomic>
#include <cstdlib>
#include <malloc.h>
#include <new>

namespace {

std::atomic<long long> in_use{0};
std::atomic<bool> counting{false};

void *allocate(std::size_t size) {
    void *pointer = std::malloc(size != 0 ? size : 1);
    if (pointer == nullptr) {
        throw std::bad_alloc();
    }
    if (counting.load(std::memory_order_relaxed)) {
        in_use.fetch_add(static_cast<long long>(malloc_usable_size(pointer)), std::memory_order_relaxed);
    }
    return pointer;
}

void release(void *pointer) noexcept {
    if (pointer != nullptr) {
        if (counting.load(std::memory_order_relaxed)) {
            in_use.fetch_sub(static_cast<long long>(malloc_usable_size(pointer)), std::memory_order_relaxed);
        }
        std::free(pointer);
    }
}

}  // namespace

long long bench::heap_bytes_in_use() noexcept {
    return in_use.load(std::memory_order_relaxed);
}

bench::HeapCounting::HeapCounting() noexcept {
    counting.store(true, std::memory_order_relaxed);
}

bench::HeapCounting::~HeapCounting() {
    counting.store(false, std::memory_order_relaxed);
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
