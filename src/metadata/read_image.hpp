// Opening a plugin file for the load-free readers (read_plugin_metadata,
// read_foreign_file): one open, the ELF checks, and the descriptor kept open
// as long as the image that reads through it.
#pragma once

#include "loader/open_file.hpp"
#include "metadata/elf_image.hpp"

#include <tenon/error.hpp>
#include <tenon/policy.hpp>

#include <filesystem>
#include <memory>

namespace tenon::detail {

/// An open file and its ELF image; the image reads through the file's descriptor.
struct ReadImage {
    OpenFile file;
    ElfImage image;
};

/// OpenFile::open within limits.max_file_size, then ElfImage::read. Fails with their errors. Thread-safe.
Result<std::unique_ptr<ReadImage>> read_image(const std::filesystem::path &file, const LoadLimits &limits);

}  // namespace tenon::detail
