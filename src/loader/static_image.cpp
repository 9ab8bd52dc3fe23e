#include "loader/static_image.hpp"

#include "common/diagnostic.hpp"
#include "metadata/elf_image.hpp"

#include <tenon/escape.hpp>

#include <cstring>
#include <link.h>

namespace tenon::detail {
namespace {

// The object (program or shared library) whose loaded segments hold `address`.
struct Owner {
    std::uintptr_t address = 0;
    bool found = false;
    std::uintptr_t bias = 0;
    std::vector<GElf_Phdr> segments;
};

int find_owner(dl_phdr_info *info, std::size_t, void *data) {
    auto &owner = *static_cast<Owner *>(data);
    for (ElfW(Half) i = 0; i < info->dlpi_phnum; ++i) {
        const ElfW(Phdr) &header = info->dlpi_phdr[i];
        const std::uintptr_t start = info->dlpi_addr + header.p_vaddr;
        if (header.p_type == PT_LOAD && owner.address >= start && owner.address - start < header.p_memsz) {
            owner.found = true;
            owner.bias = info->dlpi_addr;
            for (ElfW(Half) j = 0; j < info->dlpi_phnum; ++j) {
                const ElfW(Phdr) &h = info->dlpi_phdr[j];
                owner.segments.push_back(
                    {h.p_type, h.p_flags, h.p_offset, h.p_vaddr, h.p_paddr, h.p_filesz, h.p_memsz, h.p_align});
            }
            return 1;
        }
    }
    return 0;
}

// True when [address, address + size) lies in one PT_LOAD of `segments`.
bool in_one_segment(const std::vector<GElf_Phdr> &segments, std::uintptr_t bias, std::uintptr_t address,
                    std::size_t size) {
    for (const GElf_Phdr &header : segments) {
        const std::uintptr_t start = bias + header.p_vaddr;
        if (header.p_type == PT_LOAD && address >= start && address - start <= header.p_memsz &&
            size <= header.p_memsz - (address - start)) {
            return true;
        }
    }
    return false;
}

bool is_identifier(std::string_view text) {
    if (text.empty() || (text.front() >= '0' && text.front() <= '9')) {
        return false;
    }
    for (char c : text) {
        const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        if (!letter && !(c >= '0' && c <= '9') && c != '_') {
            return false;
        }
    }
    return true;
}

SectionCopy copy_of(const void *start, std::size_t size, std::uintptr_t bias) {
    SectionCopy copy;
    copy.present = true;
    copy.address = reinterpret_cast<std::uintptr_t>(start) - bias;
    copy.bytes.resize(size);
    std::memcpy(copy.bytes.data(), start, size);
    return copy;
}

}  // namespace

Result<StaticImage> read_static_image(const tenon_static_plugin *registration, std::size_t index,
                                      const LoadLimits &limits) {
    const std::string entry = "static plugin " + std::to_string(index);
    if (registration == nullptr) {
        return mismatch(Errc::invalid_argument, entry, "registration", "a tenon_static_plugin", "NULL");
    }
    if (registration->magic != TENON_STATIC_PLUGIN_MAGIC) {
        return mismatch(Errc::bad_magic, entry, "field 'magic'", hex(TENON_STATIC_PLUGIN_MAGIC),
                        hex(registration->magic));
    }
    if (registration->size < sizeof(tenon_static_plugin)) {
        return mismatch(Errc::malformed_metadata, entry, "field 'size'",
                        "at least " + std::to_string(sizeof(tenon_static_plugin)), std::to_string(registration->size));
    }
    const char *id = registration->id;
    const std::size_t id_length = id == nullptr ? 0 : strnlen(id, limits.max_name_length + 1);
    if (id == nullptr || id_length > limits.max_name_length || !is_identifier({id, id_length})) {
        return mismatch(Errc::malformed_metadata, entry, "field 'id'",
                        "an identifier of at most " + std::to_string(limits.max_name_length) + " letters, digits and _",
                        id == nullptr ? "NULL" : single_quoted({id, id_length}));
    }
    StaticImage image;
    image.name = "static:" + std::string(id, id_length);
    image.claim_key = reinterpret_cast<std::uintptr_t>(registration);

    const std::uint64_t descriptor_size = registration->descriptor_size;
    if (registration->descriptor == nullptr) {
        return mismatch(Errc::no_metadata, image.name, "field 'descriptor'", "a descriptor", "NULL");
    }
    if (descriptor_size < TENON_DESCRIPTOR_MIN_SIZE || descriptor_size > limits.max_section_size) {
        return mismatch(descriptor_size > limits.max_section_size ? Errc::limit_exceeded : Errc::malformed_metadata,
                        image.name, "field 'descriptor_size'",
                        "from " + std::to_string(TENON_DESCRIPTOR_MIN_SIZE) + " to " +
                            std::to_string(limits.max_section_size) + " bytes",
                        std::to_string(descriptor_size));
    }
    const auto begin = reinterpret_cast<std::uintptr_t>(registration->records_begin);
    const auto end = reinterpret_cast<std::uintptr_t>(registration->records_end);
    if ((begin == 0) != (end == 0) || end < begin) {
        return mismatch(Errc::bad_layout, image.name, "records", "both bounds NULL, or begin <= end",
                        hex(begin) + " to " + hex(end));
    }
    if (end - begin > limits.max_section_size) {
        return mismatch(Errc::limit_exceeded, image.name, "records size",
                        "at most " + std::to_string(limits.max_section_size) + " bytes (limits.max_section_size)",
                        std::to_string(end - begin));
    }
    Owner owner;
    owner.address = reinterpret_cast<std::uintptr_t>(registration->descriptor);
    dl_iterate_phdr(find_owner, &owner);
    if (!owner.found ||
        !in_one_segment(owner.segments, owner.bias, owner.address, static_cast<std::size_t>(descriptor_size))) {
        return mismatch(Errc::bad_layout, image.name, "field 'descriptor'",
                        "an address inside one loaded segment of the program", hex(owner.address));
    }
    if (begin != 0 && !in_one_segment(owner.segments, owner.bias, begin, end - begin)) {
        return mismatch(Errc::bad_layout, image.name, "records",
                        "a range inside one loaded segment of the object holding the descriptor",
                        hex(begin) + " to " + hex(end));
    }
    image.bias = owner.bias;
    image.segments = std::move(owner.segments);
    image.sections.descriptor =
        copy_of(registration->descriptor, static_cast<std::size_t>(descriptor_size), image.bias);
    if (begin != 0) {
        image.sections.records = copy_of(registration->records_begin, end - begin, image.bias);
    }
    return image;
}

}  // namespace tenon::detail
