#include "trust/file_chunks.hpp"

#include "common/diagnostic.hpp"
#include "common/errno_text.hpp"

#include <cerrno>
#include <memory>
#include <string>
#include <unistd.h>

namespace tenon::detail {

Error read_exactly(int fd, std::uint64_t offset, std::span<std::uint8_t> out, const std::filesystem::path &file) {
    std::size_t done = 0;
    while (done < out.size()) {
        const ssize_t got = pread(fd, out.data() + done, out.size() - done, static_cast<off_t>(offset + done));
        if (got < 0 && errno == EINTR) {
            continue;
        }
        if (got < 0) {
            return file_error(Errc::io_error, file, "cannot read: " + errno_text(errno));
        }
        if (got == 0) {
            // The caller's size came from fstat: the file shrank since.
            return file_error(Errc::io_error, file,
                              "cannot read: the file ends before byte " + std::to_string(offset + out.size()) +
                                  " (was it changed while being read?)");
        }
        done += static_cast<std::size_t>(got);
    }
    return {};
}

Error for_each_chunk(int fd, std::uint64_t count, const std::filesystem::path &file,
                     const std::function<Error(std::span<const std::uint8_t>)> &consume) {
    // On the heap: this runs on whatever thread loads plugins, stack size unknown.
    const auto buffer = std::make_unique_for_overwrite<std::uint8_t[]>(chunk_size);
    for (std::uint64_t offset = 0; offset < count;) {
        const std::size_t size = count - offset < chunk_size ? static_cast<std::size_t>(count - offset) : chunk_size;
        const std::span<std::uint8_t> chunk(buffer.get(), size);
        if (Error error = read_exactly(fd, offset, chunk, file); error.code != Errc::ok) {
            return error;
        }
        if (Error error = consume(chunk); error.code != Errc::ok) {
            return error;
        }
        offset += size;
    }
    return {};
}

}  // namespace tenon::detail
