// The public, load-free view of a foreign plugin file (used by `tenon
// inspect` for CRIU binary plugins): its marker symbols, and what their
// pointer slots will hold once relocated, from the file's own tables.
#include "common/diagnostic.hpp"
#include "metadata/dynamic_info.hpp"
#include "metadata/dynamic_symbols.hpp"
#include "metadata/elf_image.hpp"
#include "metadata/read_image.hpp"
#include "metadata/relocations.hpp"

#include <tenon/foreign.hpp>

#include <algorithm>
#include <cstring>

namespace tenon {
namespace {

constexpr std::size_t max_text = 255;

// The NUL-terminated string at link-time `address`, when it lies in the file-backed part of a PT_LOAD.
std::optional<std::string> text_at(const detail::ElfImage &image, std::uint64_t address) {
    for (const GElf_Phdr &segment : image.segments()) {
        if (segment.p_type != PT_LOAD || address < segment.p_vaddr || address - segment.p_vaddr >= segment.p_filesz) {
            continue;
        }
        const std::uint64_t in_segment = address - segment.p_vaddr;
        char buffer[max_text + 1];
        const std::size_t wanted =
            static_cast<std::size_t>(std::min<std::uint64_t>(sizeof buffer, segment.p_filesz - in_segment));
        const ssize_t got = image.read_at(segment.p_offset + in_segment, buffer, wanted);
        if (got <= 0) {
            return std::nullopt;
        }
        const void *end = std::memchr(buffer, '\0', static_cast<std::size_t>(got));
        if (end == nullptr) {
            return std::nullopt;
        }
        return std::string(buffer, static_cast<std::size_t>(static_cast<const char *>(end) - buffer));
    }
    return std::nullopt;
}

}  // namespace

Result<ForeignFile> read_foreign_file(const std::filesystem::path &file, const ForeignFormat &format,
                                      const LoadLimits &limits) {
    auto read = detail::read_image(file, limits);
    if (!read) {
        return read.error();
    }
    const detail::ElfImage *image = &(*read)->image;
    auto dynamic = detail::read_dynamic_info(*image, limits);
    if (!dynamic) {
        return dynamic.error();
    }
    auto found = detail::defined_dynamic_symbols(*image, limits, format.marker_symbols);
    if (!found) {
        return found.error();
    }
    if (found->empty()) {
        return detail::file_error(Errc::no_metadata, file, "no symbol of the " + format.name + " plugin format");
    }
    ForeignFile foreign{file, std::move(found.value())};
    for (ForeignSymbol &symbol : foreign.markers) {
        std::vector<detail::PointerPlace> places;
        for (std::size_t offset = 0; offset + sizeof(std::uint64_t) <= symbol.initial_bytes.size();
             offset += sizeof(std::uint64_t)) {
            std::uint64_t stored = 0;
            std::memcpy(&stored, symbol.initial_bytes.data() + offset, sizeof stored);
            places.push_back({symbol.address + offset, stored});
        }
        if (places.empty()) {
            continue;
        }
        auto values = detail::relocated_values(*image, *dynamic, limits, places);
        if (!values) {
            return values.error();
        }
        for (const detail::RelocatedValue &value : *values) {
            ForeignPointer pointer;
            switch (value.kind) {
                case detail::RelocatedValue::Kind::address:
                    pointer.kind = ForeignPointer::Kind::address;
                    pointer.address = value.address;
                    if (value.address != 0) {
                        pointer.text = text_at(*image, value.address);
                    }
                    break;
                case detail::RelocatedValue::Kind::undefined_symbol:
                    pointer.kind = ForeignPointer::Kind::symbol;
                    pointer.symbol = value.symbol;
                    break;
                case detail::RelocatedValue::Kind::unknown:
                    break;
            }
            symbol.pointers.push_back(std::move(pointer));
        }
    }
    return foreign;
}

}  // namespace tenon
