#include "metadata/dynamic_symbols.hpp"

#include "common/diagnostic.hpp"
#include "common/errno_text.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <gelf.h>
#include <map>

namespace tenon::detail {
namespace {

// Copies the symbol's initialised bytes out of the file, where the dynamic
// loader will map them (a format's check_file judges them before dlopen).
Error copy_initial_bytes(const ElfImage &image, const GElf_Sym &symbol, ForeignSymbol &out) {
    const auto &file = image.file();
    if (out.is_function || symbol.st_shndx >= SHN_LORESERVE || symbol.st_size == 0 ||
        symbol.st_size > max_symbol_bytes) {
        return {};
    }
    Elf_Scn *section = elf_getscn(image.elf(), symbol.st_shndx);
    GElf_Shdr header{};
    if (section == nullptr || gelf_getshdr(section, &header) == nullptr) {
        return mismatch(Errc::malformed_metadata, file, "symbol '" + out.name + "': section index",
                        "a section of the file", std::to_string(symbol.st_shndx));
    }
    if (header.sh_type != SHT_PROGBITS) {
        return {};  // .bss and the like: nothing stored in the file
    }
    if (symbol.st_value < header.sh_addr || symbol.st_value - header.sh_addr > header.sh_size ||
        header.sh_size - (symbol.st_value - header.sh_addr) < symbol.st_size) {
        return mismatch(Errc::malformed_metadata, file, "symbol '" + out.name + "': bytes",
                        "within its section (" + std::to_string(header.sh_size) + " bytes)",
                        std::to_string(symbol.st_size) + " bytes at section offset " +
                            std::to_string(symbol.st_value - header.sh_addr));
    }
    const std::uint64_t offset = header.sh_offset + (symbol.st_value - header.sh_addr);
    if (loading_segment(image.segments(), offset, symbol.st_size, symbol.st_value) == nullptr) {
        return mismatch(
            Errc::bad_layout, file, "symbol '" + out.name + "' placement",
            "inside one file-backed PT_LOAD segment, at the address its file offset maps to",
            std::to_string(symbol.st_size) + " bytes at offset " + hex(offset) + ", address " + hex(symbol.st_value));
    }
    Elf_Data *data = elf_getdata_rawchunk(image.elf(), static_cast<off_t>(offset),
                                          static_cast<std::size_t>(symbol.st_size), ELF_T_BYTE);
    if (data == nullptr || data->d_buf == nullptr) {
        return file_error(Errc::malformed_metadata, file,
                          "symbol '" + out.name + "': reading its bytes failed: " + elf_errmsg(-1));
    }
    const auto *begin = static_cast<const std::byte *>(data->d_buf);
    out.initial_bytes.assign(begin, begin + symbol.st_size);
    return {};
}

Error check_table_size(const ElfImage &image, const char *table, std::uint64_t size, const LoadLimits &limits) {
    if (size > limits.max_symbol_table_size) {
        return mismatch(Errc::limit_exceeded, image.file(), std::string(table) + " size",
                        "at most " + std::to_string(limits.max_symbol_table_size) +
                            " bytes (HostConfig::limits.max_symbol_table_size)",
                        std::to_string(size) + " bytes");
    }
    return {};
}

}  // namespace

Result<std::vector<ForeignSymbol>> defined_dynamic_symbols(const ElfImage &image, const LoadLimits &limits,
                                                           const std::vector<std::string> &wanted) {
    const auto &file = image.file();
    Elf *elf = image.elf();
    std::map<std::string, ForeignSymbol, std::less<>> found;
    std::size_t dynamic_symbol_tables = 0;
    for (Elf_Scn *section = elf_nextscn(elf, nullptr); section != nullptr; section = elf_nextscn(elf, section)) {
        GElf_Shdr header{};
        if (gelf_getshdr(section, &header) == nullptr || header.sh_type != SHT_DYNSYM || header.sh_entsize == 0) {
            continue;
        }
        // The ELF format allows one: each would cost a read of up to the size
        // limit, so thousands of headers naming the whole file would cost its
        // size squared.
        if (++dynamic_symbol_tables > 1) {
            return mismatch(Errc::bad_layout, file, "SHT_DYNSYM sections", "one", "two or more");
        }
        Elf_Scn *names = elf_getscn(elf, header.sh_link);
        GElf_Shdr names_header{};
        if (names == nullptr || gelf_getshdr(names, &names_header) == nullptr) {
            return file_error(Errc::malformed_metadata, file,
                              std::string("reading the dynamic string table failed: ") + elf_errmsg(-1));
        }
        for (const auto &[table, size] : {std::pair{"dynamic symbol table", header.sh_size},
                                          std::pair{"dynamic string table", names_header.sh_size}}) {
            if (Error error = check_table_size(image, table, size, limits); error.code != Errc::ok) {
                return error;
            }
        }
        Elf_Data *data = elf_getdata(section, nullptr);
        if (data == nullptr) {
            return file_error(Errc::malformed_metadata, file,
                              std::string("reading the dynamic symbol table failed: ") + elf_errmsg(-1));
        }
        const std::size_t count = header.sh_size / header.sh_entsize;
        for (std::size_t i = 0; i < count; ++i) {
            GElf_Sym symbol{};
            if (gelf_getsym(data, static_cast<int>(i), &symbol) == nullptr || symbol.st_shndx == SHN_UNDEF) {
                continue;
            }
            const char *name = elf_strptr(elf, header.sh_link, symbol.st_name);
            if (name == nullptr || std::find(wanted.begin(), wanted.end(), name) == wanted.end() ||
                found.contains(name)) {
                continue;
            }
            ForeignSymbol entry;
            entry.name = name;
            entry.size = symbol.st_size;
            const int type = GELF_ST_TYPE(symbol.st_info);
            entry.is_function = type == STT_FUNC || type == STT_GNU_IFUNC;
            entry.address = symbol.st_value;
            if (Error error = copy_initial_bytes(image, symbol, entry); error.code != Errc::ok) {
                return error;
            }
            found.emplace(entry.name, std::move(entry));
        }
    }
    std::vector<ForeignSymbol> in_order;
    for (const std::string &name : wanted) {
        if (auto it = found.find(name); it != found.end()) {
            in_order.push_back(std::move(it->second));
        }
    }
    return in_order;
}

}  // namespace tenon::detail
