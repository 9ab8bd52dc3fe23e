#include "metadata/dynamic_symbols.hpp"

#include "common/diagnostic.hpp"
#include "common/errno_text.hpp"
#include "metadata/elf_file.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <gelf.h>
#include <map>

namespace tenon::detail {
namespace {

// Copies the symbol's initialised bytes out of the section that holds it.
Error copy_initial_bytes(Elf *elf, const std::filesystem::path &file, const GElf_Sym &symbol, ForeignSymbol &out) {
    if (out.is_function || symbol.st_shndx >= SHN_LORESERVE || symbol.st_size == 0 ||
        symbol.st_size > max_symbol_bytes) {
        return {};
    }
    Elf_Scn *section = elf_getscn(elf, symbol.st_shndx);
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
    Elf_Data *data = elf_getdata(section, nullptr);
    const std::uint64_t offset = symbol.st_value - header.sh_addr;
    if (data == nullptr || data->d_buf == nullptr || data->d_size < offset + symbol.st_size) {
        return file_error(Errc::malformed_metadata, file,
                          "symbol '" + out.name + "': reading its section failed: " + elf_errmsg(-1));
    }
    const auto *begin = static_cast<const std::byte *>(data->d_buf) + offset;
    out.initial_bytes.assign(begin, begin + symbol.st_size);
    return {};
}

}  // namespace

Result<std::vector<ForeignSymbol>> defined_dynamic_symbols(const std::filesystem::path &file,
                                                           const std::vector<std::string> &wanted) {
    const int fd = open(file.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) {
        return file_error(Errc::io_error, file, "cannot open: " + errno_text(errno));
    }
    ElfHandle handle(fd, nullptr);
    if (!libelf_ready()) {
        return file_error(Errc::io_error, file, std::string("libelf unavailable: ") + elf_errmsg(-1));
    }
    Elf *elf = elf_begin(fd, ELF_C_READ, nullptr);
    if (elf == nullptr) {
        return file_error(Errc::malformed_metadata, file, std::string("elf_begin failed: ") + elf_errmsg(-1));
    }
    handle.set_elf(elf);

    std::map<std::string, ForeignSymbol, std::less<>> found;
    for (Elf_Scn *section = elf_nextscn(elf, nullptr); section != nullptr; section = elf_nextscn(elf, section)) {
        GElf_Shdr header{};
        if (gelf_getshdr(section, &header) == nullptr || header.sh_type != SHT_DYNSYM || header.sh_entsize == 0) {
            continue;
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
            if (Error error = copy_initial_bytes(elf, file, symbol, entry); error.code != Errc::ok) {
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
