#include "hardening_support.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <elf.h>
#include <fcntl.h>
#include <fstream>
#include <stdexcept>
#include <unistd.h>

namespace hardening {

ConstructorTrace::ConstructorTrace()
    : file_(scratch_.path() / "constructors.trace"), env_("TENON_TEST_CONSTRUCTOR_TRACE", file_.string()) {}

std::vector<std::string> ConstructorTrace::lines() const {
    std::vector<std::string> lines;
    std::ifstream in(file_);
    for (std::string line; std::getline(in, line);) {
        lines.push_back(line);
    }
    return lines;
}

bool ConstructorTrace::ran(const std::string &line) const {
    for (const std::string &seen : lines()) {
        if (seen == line) {
            return true;
        }
    }
    return false;
}

void rewrite_in_place(const std::filesystem::path &file, const std::string &bytes) {
    const int fd = open(file.c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC);
    if (fd < 0 || write(fd, bytes.data(), bytes.size()) != static_cast<ssize_t>(bytes.size()) || close(fd) != 0) {
        throw std::runtime_error("rewrite_in_place failed for " + file.string());
    }
}

void swap_in(const std::filesystem::path &source, const std::filesystem::path &target) {
    const std::filesystem::path staged = target.string() + ".staged";
    std::filesystem::copy_file(source, staged, std::filesystem::copy_options::overwrite_existing);
    std::filesystem::rename(staged, target);
}

std::optional<SectionView> find_section(const std::string &bytes, const std::string &name) {
    Elf64_Ehdr header;
    std::memcpy(&header, bytes.data(), sizeof header);
    Elf64_Shdr names;
    std::memcpy(&names, bytes.data() + header.e_shoff + header.e_shstrndx * sizeof(Elf64_Shdr), sizeof names);
    for (std::size_t i = 0; i < header.e_shnum; ++i) {
        const std::size_t at = header.e_shoff + i * sizeof(Elf64_Shdr);
        Elf64_Shdr section;
        std::memcpy(&section, bytes.data() + at, sizeof section);
        if (name == bytes.c_str() + names.sh_offset + section.sh_name) {
            return SectionView{at, section.sh_addr, section.sh_offset, section.sh_size};
        }
    }
    return std::nullopt;
}

std::string with_section(std::string bytes, const SectionView &view) {
    Elf64_Shdr section;
    std::memcpy(&section, bytes.data() + view.header_offset, sizeof section);
    section.sh_addr = view.address;
    section.sh_offset = view.offset;
    section.sh_size = view.size;
    std::memcpy(bytes.data() + view.header_offset, &section, sizeof section);
    return bytes;
}

int claimed_answer(tenon::Host &host) {
    int answer = 0;
    EXPECT_EQ(host.hook<test_claim_hook>().value()(7, &answer), 0);
    return answer;
}

StepHost::StepHost(tenon::HostConfig config) : host(tenon::Host::create(std::move(config)).value()) {
    recorder.attach(host);
    host.set_log_sink([this](tenon::LogLevel level, std::string_view source, std::string_view message) {
        {
            std::lock_guard lock(mutex_);
            lines_.push_back("[" + std::string(source) + "] " + std::string(tenon::to_string(level)) + ": " +
                             std::string(message));
        }
        if (on_line) {
            on_line(std::string(message));
        }
    });
}

std::vector<std::string> StepHost::lines() const {
    std::lock_guard lock(mutex_);
    return lines_;
}

}  // namespace hardening
