#include "metadata/elf_sections.hpp"

#include "common/diagnostic.hpp"

#include <tenon/abi.h>

#include <cstring>
#include <string>

namespace tenon::detail {
namespace {

std::string section_subject(const char *name) {
    return std::string("section '") + name + "'";
}

Error check_placement(const ElfImage &image, const GElf_Shdr &header, const char *name, const LoadLimits &limits) {
    const auto &file = image.file();
    if (header.sh_type != SHT_PROGBITS) {
        return mismatch(Errc::malformed_metadata, file, section_subject(name) + " type",
                        "SHT_PROGBITS (" + std::to_string(SHT_PROGBITS) + ")", std::to_string(header.sh_type));
    }
    if ((header.sh_flags & SHF_ALLOC) == 0) {
        return mismatch(Errc::malformed_metadata, file, section_subject(name) + " flags",
                        "SHF_ALLOC set (the loader reads it from memory after dlopen)", "it clear");
    }
    if (header.sh_size > limits.max_section_size) {
        return mismatch(
            Errc::limit_exceeded, file, section_subject(name) + " size",
            "at most " + std::to_string(limits.max_section_size) + " bytes (HostConfig::limits.max_section_size)",
            std::to_string(header.sh_size) + " bytes");
    }
    if (header.sh_offset > image.file_size() || header.sh_size > image.file_size() - header.sh_offset) {
        return mismatch(Errc::truncated_elf, file, "truncated ELF file: " + section_subject(name),
                        "to end by byte " + std::to_string(header.sh_offset + header.sh_size),
                        "a file of " + std::to_string(image.file_size()) + " bytes");
    }
    if (loading_segment(image.segments(), header.sh_offset, header.sh_size, header.sh_addr) == nullptr) {
        return mismatch(Errc::bad_layout, file, section_subject(name) + " placement",
                        "inside one file-backed PT_LOAD segment, at the address its file offset maps to",
                        std::to_string(header.sh_size) + " bytes at offset " + hex(header.sh_offset) + ", address " +
                            hex(header.sh_addr));
    }
    return {};
}

bool overlap(std::uint64_t a, std::uint64_t a_size, std::uint64_t b, std::uint64_t b_size) {
    return a < b + b_size && b < a + a_size;
}

Error copy_section(const ElfImage &image, Elf_Scn *section, const GElf_Shdr &header, const char *name,
                   SectionCopy &out) {
    Elf_Data *data = elf_rawdata(section, nullptr);
    if (data == nullptr || data->d_size != header.sh_size) {
        return file_error(Errc::malformed_metadata, image.file(),
                          "reading " + section_subject(name) + " failed: " + elf_errmsg(-1));
    }
    out.present = true;
    out.address = header.sh_addr;
    out.offset = header.sh_offset;
    const auto *begin = static_cast<const std::byte *>(data->d_buf);
    out.bytes.assign(begin, begin + data->d_size);
    return {};
}

// True when the name at `offset` of the name table is exactly `wanted`.
bool named(std::string_view names, std::uint64_t offset, std::string_view wanted) {
    return offset < names.size() && names.size() - offset > wanted.size() &&
           names.compare(offset, wanted.size(), wanted) == 0 && names[offset + wanted.size()] == '\0';
}

}  // namespace

Result<PluginSections> read_plugin_sections(const ElfImage &image, const LoadLimits &limits) {
    const auto &file = image.file();
    auto names = image.section_names(limits.max_symbol_table_size);
    if (!names) {
        return names.error();
    }
    PluginSections sections;
    std::size_t descriptor_index = 0;
    std::size_t records_index = 0;
    for (Elf_Scn *section = elf_nextscn(image.elf(), nullptr); section != nullptr;
         section = elf_nextscn(image.elf(), section)) {
        GElf_Shdr header{};
        if (gelf_getshdr(section, &header) == nullptr) {
            return file_error(Errc::malformed_metadata, file,
                              std::string("reading a section header failed: ") + elf_errmsg(-1));
        }
        // Names are compared in the table itself: one section of thirty is ours.
        const bool is_descriptor = named(*names, header.sh_name, TENON_DESCRIPTOR_SECTION);
        if (!is_descriptor && !named(*names, header.sh_name, TENON_RECORDS_SECTION)) {
            continue;
        }
        const char *name = is_descriptor ? TENON_DESCRIPTOR_SECTION : TENON_RECORDS_SECTION;
        SectionCopy &target = is_descriptor ? sections.descriptor : sections.records;
        std::size_t &seen_at = is_descriptor ? descriptor_index : records_index;
        const std::size_t index = elf_ndxscn(section);
        if (target.present) {
            return mismatch(Errc::bad_layout, file, section_subject(name) + " count", "one such section",
                            "two (sections " + std::to_string(seen_at) + " and " + std::to_string(index) + ")");
        }
        if (Error error = check_placement(image, header, name, limits); error.code != Errc::ok) {
            return error;
        }
        if (Error error = copy_section(image, section, header, name, target); error.code != Errc::ok) {
            return error;
        }
        seen_at = index;
    }
    if (!sections.descriptor.present) {
        return file_error(Errc::no_metadata, file,
                          "no Tenon metadata: section '" TENON_DESCRIPTOR_SECTION
                          "' not found (was the plugin built with TENON_PLUGIN?)");
    }
    const SectionCopy &d = sections.descriptor;
    const SectionCopy &r = sections.records;
    if (r.present && (overlap(d.offset, d.bytes.size(), r.offset, r.bytes.size()) ||
                      overlap(d.address, d.bytes.size(), r.address, r.bytes.size()))) {
        return mismatch(Errc::bad_layout, file,
                        "sections '" TENON_DESCRIPTOR_SECTION "' and '" TENON_RECORDS_SECTION "'",
                        "apart in the file and in memory",
                        "them overlapping (offsets " + hex(d.offset) + " and " + hex(r.offset) + ", addresses " +
                            hex(d.address) + " and " + hex(r.address) + ")");
    }
    return sections;
}

}  // namespace tenon::detail
