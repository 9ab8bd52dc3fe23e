#include "metadata/dynamic_info.hpp"

#include "common/diagnostic.hpp"
#include "common/errno_text.hpp"

#include <cerrno>
#include <cstring>
#include <tuple>
#include <unistd.h>

namespace tenon::detail {
namespace {

// Reads the NUL-terminated string at `offset` of the string table at file offset `table`.
Error read_string(const ElfImage &image, std::uint64_t table, std::uint64_t table_size, std::uint64_t offset,
                  const char *tag, std::string &out) {
    const auto &file = image.file();
    if (offset >= table_size) {
        return mismatch(Errc::malformed_metadata, file, std::string("dynamic entry ") + tag + " string offset",
                        "below " + std::to_string(table_size) + " (DT_STRSZ)", std::to_string(offset));
    }
    const std::uint64_t available = std::min<std::uint64_t>(table_size - offset, max_dynamic_string);
    std::string buffer(static_cast<std::size_t>(available), '\0');
    const ssize_t got = image.read_at(table + offset, buffer.data(), buffer.size());
    if (got < 0) {
        return file_error(Errc::io_error, file, "cannot read: " + errno_text(errno));
    }
    const std::size_t end = buffer.find('\0');
    if (end == std::string::npos || end >= static_cast<std::size_t>(got)) {
        return mismatch(
            Errc::malformed_metadata, file, std::string("dynamic entry ") + tag,
            "a NUL-terminated string of at most " + std::to_string(max_dynamic_string) + " bytes inside DT_STRSZ",
            "no terminator");
    }
    out.assign(buffer.data(), end);
    return {};
}

}  // namespace

Result<DynamicInfo> read_dynamic_info(const ElfImage &image, const LoadLimits &limits) {
    const auto &file = image.file();
    DynamicInfo info;
    const GElf_Phdr *dynamic = nullptr;
    for (const GElf_Phdr &segment : image.segments()) {
        if (segment.p_type == PT_DYNAMIC) {
            if (dynamic != nullptr) {
                return mismatch(Errc::bad_layout, file, "PT_DYNAMIC count", "one", "two or more");
            }
            dynamic = &segment;
        }
    }
    if (dynamic == nullptr) {
        return info;
    }
    const std::size_t entry_size = gelf_fsize(image.elf(), ELF_T_DYN, 1, EV_CURRENT);
    if (dynamic->p_filesz / entry_size > max_dynamic_entries) {
        return mismatch(Errc::limit_exceeded, file, "dynamic array",
                        "at most " + std::to_string(max_dynamic_entries) + " entries",
                        std::to_string(dynamic->p_filesz / entry_size) + " entries");
    }
    if (loading_segment(image.segments(), dynamic->p_offset, dynamic->p_filesz, dynamic->p_vaddr) == nullptr) {
        return mismatch(Errc::bad_layout, file, "PT_DYNAMIC placement",
                        "inside one file-backed PT_LOAD segment, at the address its file offset maps to",
                        std::to_string(dynamic->p_filesz) + " bytes at offset " + hex(dynamic->p_offset) +
                            ", address " + hex(dynamic->p_vaddr));
    }
    info.dynamic_address = dynamic->p_vaddr;
    Elf_Data *data = elf_getdata_rawchunk(image.elf(), static_cast<off_t>(dynamic->p_offset),
                                          static_cast<std::size_t>(dynamic->p_filesz), ELF_T_DYN);
    if (data == nullptr) {
        return file_error(Errc::malformed_metadata, file, std::string("reading PT_DYNAMIC failed: ") + elf_errmsg(-1));
    }
    std::uint64_t strtab = 0;
    std::uint64_t strsz = 0;
    std::vector<std::uint64_t> needed;
    std::optional<std::uint64_t> rpath;
    std::optional<std::uint64_t> runpath;
    std::optional<std::uint64_t> soname;
    const std::size_t count = data->d_size / entry_size;
    for (std::size_t i = 0; i < count; ++i) {
        GElf_Dyn entry{};
        if (gelf_getdyn(data, static_cast<int>(i), &entry) == nullptr || entry.d_tag == DT_NULL) {
            break;
        }
        switch (entry.d_tag) {
            case DT_NEEDED:
                if (needed.size() == limits.max_needed_libraries) {
                    return mismatch(Errc::limit_exceeded, file, "DT_NEEDED entries",
                                    "at most " + std::to_string(limits.max_needed_libraries) +
                                        " (HostConfig::limits.max_needed_libraries)",
                                    "more");
                }
                needed.push_back(entry.d_un.d_val);
                break;
            case DT_STRTAB:
                strtab = entry.d_un.d_ptr;
                break;
            case DT_STRSZ:
                strsz = entry.d_un.d_val;
                break;
            case DT_RPATH:
                rpath = entry.d_un.d_val;
                break;
            case DT_RUNPATH:
                runpath = entry.d_un.d_val;
                break;
            case DT_SONAME:
                soname = entry.d_un.d_val;
                break;
            case DT_RELA:
                info.rela.address = entry.d_un.d_ptr;
                break;
            case DT_RELASZ:
                info.rela.size = entry.d_un.d_val;
                break;
            case DT_RELAENT:
                info.rela.entry = entry.d_un.d_val;
                break;
            case DT_RELR:
                info.relr.address = entry.d_un.d_ptr;
                break;
            case DT_RELRSZ:
                info.relr.size = entry.d_un.d_val;
                break;
            case DT_RELRENT:
                info.relr.entry = entry.d_un.d_val;
                break;
            case DT_SYMTAB:
                info.symbols.address = entry.d_un.d_ptr;
                break;
            case DT_SYMENT:
                info.symbols.entry = entry.d_un.d_val;
                break;
            default:
                break;
        }
    }
    info.strings = {strtab, strsz, 1};
    if (needed.empty() && !rpath && !runpath && !soname) {
        return info;
    }
    // DT_STRTAB is an address: find where the file holds the table it points at.
    std::uint64_t table = 0;
    bool placed = false;
    for (const GElf_Phdr &segment : image.segments()) {
        if (segment.p_type == PT_LOAD && strtab >= segment.p_vaddr && strtab - segment.p_vaddr <= segment.p_filesz &&
            segment.p_filesz - (strtab - segment.p_vaddr) >= strsz) {
            table = segment.p_offset + (strtab - segment.p_vaddr);
            placed = true;
            break;
        }
    }
    if (!placed) {
        return mismatch(Errc::bad_layout, file, "DT_STRTAB placement", "inside one file-backed PT_LOAD segment",
                        std::to_string(strsz) + " bytes at address " + hex(strtab));
    }
    for (const std::uint64_t offset : needed) {
        std::string name;
        if (Error error = read_string(image, table, strsz, offset, "DT_NEEDED", name); error.code != Errc::ok) {
            return error;
        }
        info.needed.push_back(std::move(name));
    }
    for (const auto &[tag, offset, target] :
         {std::tuple{"DT_RPATH", rpath, &info.rpath}, std::tuple{"DT_RUNPATH", runpath, &info.runpath},
          std::tuple{"DT_SONAME", soname, &info.soname}}) {
        if (offset) {
            std::string value;
            if (Error error = read_string(image, table, strsz, *offset, tag, value); error.code != Errc::ok) {
                return error;
            }
            *target = std::move(value);
        }
    }
    return info;
}

}  // namespace tenon::detail
