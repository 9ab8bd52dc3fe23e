#include "metadata/elf_sections.hpp"

#include "metadata/elf_file.hpp"

#include "common/diagnostic.hpp"
#include "common/errno_text.hpp"

#include <tenon/abi.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <mutex>
#include <string>
#include <sys/stat.h>
#include <unistd.h>

namespace tenon::detail {
namespace {

#if defined(__x86_64__)
constexpr unsigned host_machine = EM_X86_64;
#elif defined(__aarch64__)
constexpr unsigned host_machine = EM_AARCH64;
#elif defined(__riscv)
constexpr unsigned host_machine = EM_RISCV;
#elif defined(__powerpc64__)
constexpr unsigned host_machine = EM_PPC64;
#elif defined(__s390x__)
constexpr unsigned host_machine = EM_S390;
#elif defined(__i386__)
constexpr unsigned host_machine = EM_386;
#elif defined(__arm__)
constexpr unsigned host_machine = EM_ARM;
#else
#error "tenon: add this architecture's EM_ constant"
#endif

constexpr unsigned char host_class = sizeof(void *) == 8 ? ELFCLASS64 : ELFCLASS32;
constexpr unsigned char host_byte_order = __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? ELFDATA2LSB : ELFDATA2MSB;

std::string machine_name(unsigned machine) {
    const char *name = nullptr;
    switch (machine) {
        case EM_386:
            name = "i386";
            break;
        case EM_ARM:
            name = "ARM";
            break;
        case EM_X86_64:
            name = "x86-64";
            break;
        case EM_AARCH64:
            name = "AArch64";
            break;
        case EM_RISCV:
            name = "RISC-V";
            break;
        case EM_PPC:
            name = "PowerPC";
            break;
        case EM_PPC64:
            name = "PowerPC64";
            break;
        case EM_S390:
            name = "S/390";
            break;
        case EM_MIPS:
            name = "MIPS";
            break;
        case EM_SPARCV9:
            name = "SPARC V9";
            break;
        default:
            break;
    }
    std::string text = std::to_string(machine);
    if (name != nullptr) {
        text += " (";
        text += name;
        text += ")";
    }
    return text;
}

std::string elf_type_name(unsigned type) {
    switch (type) {
        case ET_NONE:
            return "ET_NONE (no file type)";
        case ET_REL:
            return "ET_REL (relocatable object)";
        case ET_EXEC:
            return "ET_EXEC (executable)";
        case ET_DYN:
            return "ET_DYN (shared object)";
        case ET_CORE:
            return "ET_CORE (core dump)";
        default:
            return std::to_string(type);
    }
}

std::string hex_bytes(const unsigned char *bytes, std::size_t count) {
    if (count == 0) {
        return "an empty file";
    }
    std::string text;
    char byte[4];
    for (std::size_t i = 0; i < count; ++i) {
        std::snprintf(byte, sizeof byte, i == 0 ? "%02x" : " %02x", bytes[i]);
        text += byte;
    }
    return text;
}

Error libelf_error(const std::filesystem::path &file, std::string_view step) {
    return file_error(Errc::malformed_metadata, file, std::string(step) + " failed: " + elf_errmsg(-1));
}

Error check_ident(const std::filesystem::path &file, const unsigned char *ident, std::size_t file_size) {
    const std::size_t shown = file_size < SELFMAG ? file_size : SELFMAG;
    if (file_size < SELFMAG || std::memcmp(ident, ELFMAG, SELFMAG) != 0) {
        return mismatch(Errc::not_elf, file, "not an ELF file", "magic 7f 45 4c 46", hex_bytes(ident, shown));
    }
    const std::size_t header_size = ident[EI_CLASS] == ELFCLASS32 ? sizeof(Elf32_Ehdr) : sizeof(Elf64_Ehdr);
    if (file_size < header_size) {
        return mismatch(Errc::truncated_elf, file, "truncated ELF file: ELF header",
                        std::to_string(header_size) + " bytes", std::to_string(file_size) + " bytes");
    }
    if (ident[EI_CLASS] != host_class) {
        auto class_name = [](unsigned char c) {
            return c == ELFCLASS64   ? std::string("ELFCLASS64 (64-bit)")
                   : c == ELFCLASS32 ? std::string("ELFCLASS32 (32-bit)")
                                     : std::to_string(c);
        };
        return mismatch(Errc::wrong_elf_class, file, "field 'EI_CLASS'", class_name(host_class),
                        class_name(ident[EI_CLASS]));
    }
    if (ident[EI_DATA] != host_byte_order) {
        auto order_name = [](unsigned char d) {
            return d == ELFDATA2LSB   ? std::string("ELFDATA2LSB (little-endian)")
                   : d == ELFDATA2MSB ? std::string("ELFDATA2MSB (big-endian)")
                                      : std::to_string(d);
        };
        return mismatch(Errc::wrong_byte_order, file, "field 'EI_DATA'", order_name(host_byte_order),
                        order_name(ident[EI_DATA]));
    }
    return {};
}

Error check_header(const std::filesystem::path &file, const GElf_Ehdr &header, std::uint64_t file_size) {
    if (header.e_type != ET_DYN) {
        return mismatch(Errc::not_shared_object, file, "field 'e_type'", elf_type_name(ET_DYN),
                        elf_type_name(header.e_type));
    }
    if (header.e_machine != host_machine) {
        return mismatch(Errc::wrong_architecture, file, "field 'e_machine'", machine_name(host_machine),
                        machine_name(header.e_machine));
    }
    // libelf would report this too, but only as "invalid section header"; say where the file ends.
    const std::uint64_t table_end = header.e_shoff + static_cast<std::uint64_t>(header.e_shnum) * header.e_shentsize;
    if (header.e_shoff != 0 && table_end > file_size) {
        return mismatch(Errc::truncated_elf, file, "truncated ELF file: section header table",
                        "to end by byte " + std::to_string(table_end),
                        "a file of " + std::to_string(file_size) + " bytes");
    }
    return {};
}

Error copy_section(const std::filesystem::path &file, Elf_Scn *section, const GElf_Shdr &header, const char *name,
                   std::uint64_t file_size, SectionCopy &out) {
    if (header.sh_type != SHT_PROGBITS) {
        return mismatch(Errc::malformed_metadata, file, std::string("section '") + name + "' type",
                        "SHT_PROGBITS (" + std::to_string(SHT_PROGBITS) + ")", std::to_string(header.sh_type));
    }
    if ((header.sh_flags & SHF_ALLOC) == 0) {
        return mismatch(Errc::malformed_metadata, file, std::string("section '") + name + "' flags",
                        "SHF_ALLOC set (the loader reads it from memory after dlopen)", "it clear");
    }
    if (header.sh_offset + header.sh_size > file_size) {
        return mismatch(Errc::truncated_elf, file, std::string("truncated ELF file: section '") + name + "'",
                        "to end by byte " + std::to_string(header.sh_offset + header.sh_size),
                        "a file of " + std::to_string(file_size) + " bytes");
    }
    Elf_Data *data = elf_rawdata(section, nullptr);
    if (data == nullptr || data->d_size != header.sh_size) {
        return libelf_error(file, std::string("reading section '") + name + "'");
    }
    out.present = true;
    out.address = header.sh_addr;
    const auto *begin = static_cast<const std::byte *>(data->d_buf);
    out.bytes.assign(begin, begin + data->d_size);
    return {};
}

}  // namespace

Result<PluginSections> read_plugin_sections(const std::filesystem::path &file) {
    const int fd = open(file.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) {
        return file_error(Errc::io_error, file, "cannot open: " + errno_text(errno));
    }
    ElfHandle handle(fd, nullptr);

    struct stat status {};
    if (fstat(fd, &status) != 0) {
        return file_error(Errc::io_error, file, "cannot stat: " + errno_text(errno));
    }
    if (!S_ISREG(status.st_mode)) {
        const char *kind = S_ISDIR(status.st_mode)                              ? "a directory"
                           : S_ISFIFO(status.st_mode)                           ? "a FIFO"
                           : S_ISCHR(status.st_mode) || S_ISBLK(status.st_mode) ? "a device"
                                                                                : "a special file";
        return mismatch(Errc::not_regular_file, file, "file type", "a regular file", kind);
    }
    const auto file_size = static_cast<std::uint64_t>(status.st_size);

    unsigned char ident[EI_NIDENT] = {};
    const ssize_t got = pread(fd, ident, sizeof ident, 0);
    if (got < 0) {
        return file_error(Errc::io_error, file, "cannot read: " + errno_text(errno));
    }
    if (Error error = check_ident(file, ident, file_size); error.code != Errc::ok) {
        return error;
    }

    if (!libelf_ready()) {
        return file_error(Errc::io_error, file, std::string("libelf unavailable: ") + elf_errmsg(-1));
    }
    // ELF_C_READ, not ELF_C_READ_MMAP: a file truncated under us then yields
    // a read error instead of SIGBUS.
    Elf *elf = elf_begin(fd, ELF_C_READ, nullptr);
    if (elf == nullptr) {
        return libelf_error(file, "elf_begin");
    }
    handle.set_elf(elf);

    GElf_Ehdr header{};
    if (gelf_getehdr(elf, &header) == nullptr) {
        return libelf_error(file, "reading the ELF header");
    }
    if (Error error = check_header(file, header, file_size); error.code != Errc::ok) {
        return error;
    }

    std::size_t names_index = 0;
    if (elf_getshdrstrndx(elf, &names_index) != 0) {
        return libelf_error(file, "reading the section name table index");
    }

    PluginSections sections;
    sections.device = static_cast<std::uint64_t>(status.st_dev);
    sections.inode = static_cast<std::uint64_t>(status.st_ino);
    for (Elf_Scn *section = elf_nextscn(elf, nullptr); section != nullptr; section = elf_nextscn(elf, section)) {
        GElf_Shdr section_header{};
        if (gelf_getshdr(section, &section_header) == nullptr) {
            return libelf_error(file, "reading a section header");
        }
        const char *name = elf_strptr(elf, names_index, section_header.sh_name);
        if (name == nullptr) {
            continue;
        }
        SectionCopy *target = std::strcmp(name, TENON_DESCRIPTOR_SECTION) == 0 ? &sections.descriptor
                              : std::strcmp(name, TENON_RECORDS_SECTION) == 0  ? &sections.records
                                                                               : nullptr;
        if (target == nullptr) {
            continue;
        }
        if (Error error = copy_section(file, section, section_header, name, file_size, *target);
            error.code != Errc::ok) {
            return error;
        }
    }
    if (!sections.descriptor.present) {
        return file_error(Errc::no_metadata, file,
                          "no Tenon metadata: section '" TENON_DESCRIPTOR_SECTION
                          "' not found (was the plugin built with TENON_PLUGIN?)");
    }
    return sections;
}

}  // namespace tenon::detail
