// Reading an open file with pread only: the descriptor's offset is never
// moved, so the loader can share one descriptor between readers, and a file
// of any size is read in memory of a fixed size.
#pragma once

#include <tenon/error.hpp>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <span>

namespace tenon::detail {

/// Bytes per pread when streaming a file.
inline constexpr std::size_t chunk_size = 64 * 1024;

/// Reads exactly out.size() bytes of `fd` at `offset`, retrying short reads
/// and EINTR. Errc::io_error ("FILE: cannot read: ...") when pread fails or
/// the file ends first (it changed while being read).
Error read_exactly(int fd, std::uint64_t offset, std::span<std::uint8_t> out, const std::filesystem::path &file);

/// Hands bytes [0, count) of `fd` to `consume` in order, at most chunk_size
/// at a time, through one buffer of chunk_size bytes; stops at the first
/// Error `consume` or a read returns.
Error for_each_chunk(int fd, std::uint64_t count, const std::filesystem::path &file,
                     const std::function<Error(std::span<const std::uint8_t>)> &consume);

}  // namespace tenon::detail
