// What the hardening tests share: traces, file surgery and hosts that act at each step of a load.
#pragma once

#include "validation_support.hpp"

#include <tenon/host.hpp>

#include <filesystem>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace hardening {

/// Sets $TENON_TEST_CONSTRUCTOR_TRACE to a file in a scratch directory for
/// the object's lifetime; fixtures' ELF constructors append their line there.
class ConstructorTrace {
public:
    ConstructorTrace();
    /// Every line constructors wrote, in order.
    std::vector<std::string> lines() const;
    bool ran(const std::string &line) const;

private:
    tenon_test::TempDir scratch_;
    std::filesystem::path file_;
    validation::ScopedEnv env_;
};

/// Writes `bytes` to `file` in place (same inode), truncating it first.
void rewrite_in_place(const std::filesystem::path &file, const std::string &bytes);
/// Replaces `target` with a copy of `source` by rename (a new inode at the path).
void swap_in(const std::filesystem::path &source, const std::filesystem::path &target);

/// A 64-bit ELF file's section header called `name`, or nullptr.
struct SectionView {
    std::size_t header_offset = 0;  ///< where its Elf64_Shdr sits in the file
    std::uint64_t address = 0;
    std::uint64_t offset = 0;
    std::uint64_t size = 0;
};
std::optional<SectionView> find_section(const std::string &bytes, const std::string &name);
/// The bytes with the section header at `header_offset` given these fields.
std::string with_section(std::string bytes, const SectionView &section);

/// The answer test_claim(7) gives through `host`: which code is mapped (the
/// fixtures answer with the length of their own trace line). Expects a claim.
int claimed_answer(tenon::Host &host);

/// A strict test host (log level debug) whose log sink also calls `on_line`
/// with every message, on the loading thread: a test swaps files there at
/// the step it names ("FILE: opened ...", "FILE: mapping", ...).
class StepHost {
    // Declared before `host`, so they outlive it: its destructor still logs.
    mutable std::mutex mutex_;
    std::vector<std::string> lines_;

public:
    explicit StepHost(tenon::HostConfig config = tenon_test::test_config());
    /// Drops `on_line` first: what it captured may be gone by the time the
    /// Host's destructor logs.
    ~StepHost() { on_line = nullptr; }
    StepHost(const StepHost &) = delete;
    StepHost &operator=(const StepHost &) = delete;
    tenon_test::Recorder recorder;  ///< trace events (its log lines are replaced by lines())
    std::function<void(const std::string &message)> on_line;
    tenon::Host host;
    /// Every log line, "[source] level: message".
    std::vector<std::string> lines() const;
};

}  // namespace hardening
