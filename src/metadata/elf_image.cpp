#include "metadata/elf_image.hpp"

#include "common/diagnostic.hpp"
#include "common/errno_text.hpp"
#include "metadata/elf_file.hpp"

#include <cerrno>
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <elf.h>
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
using HostEhdr = std::conditional_t<sizeof(void *) == 8, Elf64_Ehdr, Elf32_Ehdr>;
using HostShdr = std::conditional_t<sizeof(void *) == 8, Elf64_Shdr, Elf32_Shdr>;
using HostPhdr = std::conditional_t<sizeof(void *) == 8, Elf64_Phdr, Elf32_Phdr>;

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

Error check_ident(const std::filesystem::path &file, const unsigned char *ident, std::uint64_t file_size) {
    const std::size_t shown_bytes = file_size < SELFMAG ? static_cast<std::size_t>(file_size) : SELFMAG;
    if (file_size < SELFMAG || std::memcmp(ident, ELFMAG, SELFMAG) != 0) {
        return mismatch(Errc::not_elf, file, "not an ELF file", "magic 7f 45 4c 46", hex_bytes(ident, shown_bytes));
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

// `count` entries of `entry` bytes from `offset`, without wrapping: the end, or nothing on overflow.
bool table_end(std::uint64_t offset, std::uint64_t count, std::uint64_t entry, std::uint64_t &end) {
    std::uint64_t bytes = 0;
    return !__builtin_mul_overflow(count, entry, &bytes) && !__builtin_add_overflow(offset, bytes, &end);
}

Error check_table(const std::filesystem::path &file, const char *table, std::uint64_t offset, std::uint64_t count,
                  std::uint64_t entry, std::uint64_t file_size) {
    std::uint64_t end = 0;
    if (!table_end(offset, count, entry, end)) {
        return mismatch(Errc::bad_layout, file, std::string(table), "an offset and size that fit in 64 bits",
                        std::to_string(count) + " entries of " + std::to_string(entry) + " bytes at offset " +
                            std::to_string(offset));
    }
    if (end > file_size) {
        return mismatch(Errc::truncated_elf, file, std::string("truncated ELF file: ") + table,
                        "to end by byte " + std::to_string(end), "a file of " + std::to_string(file_size) + " bytes");
    }
    return {};
}

// Everything in the fixed ELF header that sizes what libelf will read.
Error check_header(const std::filesystem::path &file, int fd, const HostEhdr &header, std::uint64_t file_size) {
    if (header.e_type != ET_DYN) {
        return mismatch(Errc::not_shared_object, file, "field 'e_type'", elf_type_name(ET_DYN),
                        elf_type_name(header.e_type));
    }
    if (header.e_machine != host_machine) {
        return mismatch(Errc::wrong_architecture, file, "field 'e_machine'", machine_name(host_machine),
                        machine_name(header.e_machine));
    }
    if (header.e_ehsize != sizeof(HostEhdr)) {
        return mismatch(Errc::bad_layout, file, "field 'e_ehsize'", std::to_string(sizeof(HostEhdr)),
                        std::to_string(header.e_ehsize));
    }
    if (header.e_phnum != 0 && header.e_phentsize != sizeof(HostPhdr)) {
        return mismatch(Errc::bad_layout, file, "field 'e_phentsize'", std::to_string(sizeof(HostPhdr)),
                        std::to_string(header.e_phentsize));
    }
    if (header.e_shoff != 0 && header.e_shentsize != sizeof(HostShdr)) {
        return mismatch(Errc::bad_layout, file, "field 'e_shentsize'", std::to_string(sizeof(HostShdr)),
                        std::to_string(header.e_shentsize));
    }
    std::uint64_t sections = header.e_shnum;
    if (header.e_shoff != 0 && sections == 0) {
        // Extended numbering: the count is section 0's sh_size.
        HostShdr first{};
        if (Error error = check_table(file, "section header table", header.e_shoff, 1, sizeof first, file_size);
            error.code != Errc::ok) {
            return error;
        }
        if (pread(fd, &first, sizeof first, static_cast<off_t>(header.e_shoff)) != static_cast<ssize_t>(sizeof first)) {
            return file_error(Errc::io_error, file, "cannot read the first section header: " + errno_text(errno));
        }
        sections = first.sh_size;
    }
    if (sections > max_section_count) {
        return mismatch(Errc::limit_exceeded, file, "section count", "at most " + std::to_string(max_section_count),
                        std::to_string(sections));
    }
    if (header.e_phnum > max_segment_count) {
        return mismatch(Errc::limit_exceeded, file, "program header count",
                        "at most " + std::to_string(max_segment_count), std::to_string(header.e_phnum));
    }
    if (header.e_shoff != 0) {
        if (Error error =
                check_table(file, "section header table", header.e_shoff, sections, header.e_shentsize, file_size);
            error.code != Errc::ok) {
            return error;
        }
    }
    return check_table(file, "program header table", header.e_phoff, header.e_phnum, header.e_phentsize, file_size);
}

}  // namespace

std::string hex(std::uint64_t value) {
    char text[24];
    std::snprintf(text, sizeof text, "0x%" PRIx64, value);
    return text;
}

void ElfImage::ElfEnd::operator()(Elf *elf) const noexcept {
    elf_end(elf);
}

Result<ElfImage> ElfImage::read(int fd, std::uint64_t file_size, const std::filesystem::path &file) {
    ElfImage image;
    image.fd_ = fd;
    image.file_size_ = file_size;
    image.file_ = file;
    // A small file is read whole at once, header included: one system call
    // instead of two, and libelf then parses from memory.
    HostEhdr raw{};
    ssize_t got = 0;
    if (file_size < read_whole_below) {
        image.bytes_ = std::make_unique_for_overwrite<char[]>(static_cast<std::size_t>(file_size));
        std::uint64_t done = 0;
        while (done < file_size) {
            const ssize_t now = pread(fd, image.bytes_.get() + done, static_cast<std::size_t>(file_size - done),
                                      static_cast<off_t>(done));
            if (now <= 0) {
                return file_error(Errc::io_error, file,
                                  "cannot read: " + (now < 0 ? errno_text(errno)
                                                             : std::string("the file ends before byte ") +
                                                                   std::to_string(file_size)));
            }
            done += static_cast<std::uint64_t>(now);
        }
        got = static_cast<ssize_t>(std::min<std::uint64_t>(file_size, sizeof raw));
        std::memcpy(&raw, image.bytes_.get(), static_cast<std::size_t>(got));
    } else {
        got = pread(fd, &raw, sizeof raw, 0);
    }
    if (got < 0) {
        return file_error(Errc::io_error, file, "cannot read: " + errno_text(errno));
    }
    if (Error error =
            check_ident(file, raw.e_ident, std::min<std::uint64_t>(file_size, static_cast<std::uint64_t>(got)));
        error.code != Errc::ok) {
        return error;
    }
    if (Error error = check_header(file, fd, raw, file_size); error.code != Errc::ok) {
        return error;
    }
    if (!libelf_ready()) {
        return file_error(Errc::io_error, file, std::string("libelf unavailable: ") + elf_errmsg(-1));
    }
    if (image.bytes_ != nullptr) {
        image.elf_.reset(elf_memory(image.bytes_.get(), static_cast<std::size_t>(file_size)));
    } else {
        // ELF_C_READ, not ELF_C_READ_MMAP: a file truncated under us then
        // yields a read error instead of SIGBUS.
        image.elf_.reset(elf_begin(fd, ELF_C_READ, nullptr));
    }
    if (image.elf_ == nullptr) {
        return libelf_error(file, "elf_begin");
    }
    if (gelf_getehdr(image.elf(), &image.header_) == nullptr) {
        return libelf_error(file, "reading the ELF header");
    }
    std::size_t count = 0;
    if (elf_getphdrnum(image.elf(), &count) != 0) {
        return libelf_error(file, "reading the program header count");
    }
    image.segments_.resize(count);
    for (std::size_t i = 0; i < count; ++i) {
        if (gelf_getphdr(image.elf(), static_cast<int>(i), &image.segments_[i]) == nullptr) {
            return libelf_error(file, "reading program header " + std::to_string(i));
        }
    }
    if (elf_getshdrstrndx(image.elf(), &image.names_index_) != 0) {
        return libelf_error(file, "reading the section name table index");
    }
    return image;
}

ssize_t ElfImage::read_at(std::uint64_t offset, void *out, std::size_t size) const noexcept {
    if (bytes_ == nullptr) {
        return pread(fd_, out, size, static_cast<off_t>(offset));
    }
    if (offset >= file_size_) {
        return 0;
    }
    const std::size_t available = static_cast<std::size_t>(std::min<std::uint64_t>(size, file_size_ - offset));
    std::memcpy(out, bytes_.get() + offset, available);
    return static_cast<ssize_t>(available);
}

Result<std::string_view> ElfImage::section_names(std::uint64_t max_table_size) const {
    Elf_Scn *names = elf_getscn(elf(), names_index_);
    GElf_Shdr names_header{};
    if (names == nullptr || gelf_getshdr(names, &names_header) == nullptr) {
        return libelf_error(file_, "reading the section name table");
    }
    if (names_header.sh_size > max_table_size) {
        return mismatch(
            Errc::limit_exceeded, file_, "section name table size",
            "at most " + std::to_string(max_table_size) + " bytes (HostConfig::limits.max_symbol_table_size)",
            std::to_string(names_header.sh_size) + " bytes");
    }
    Elf_Data *data = elf_rawdata(names, nullptr);
    if (names_header.sh_type != SHT_STRTAB || data == nullptr || data->d_size != names_header.sh_size) {
        return libelf_error(file_, "reading the section name table");
    }
    return std::string_view(static_cast<const char *>(data->d_buf), data->d_size);
}

const GElf_Phdr *loading_segment(const std::vector<GElf_Phdr> &segments, std::uint64_t offset, std::uint64_t size,
                                 std::uint64_t address) {
    for (const GElf_Phdr &segment : segments) {
        if (segment.p_type != PT_LOAD || offset < segment.p_offset || segment.p_filesz < size ||
            offset - segment.p_offset > segment.p_filesz - size) {
            continue;
        }
        if (address >= segment.p_vaddr && address - segment.p_vaddr == offset - segment.p_offset) {
            return &segment;
        }
    }
    return nullptr;
}

}  // namespace tenon::detail
