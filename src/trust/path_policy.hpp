// The trust policy (<tenon/policy.hpp>) applied to files and the directories
// that lead to them: who could have put this file here, or could swap it?
#pragma once

#include "loader/open_file.hpp"

#include <tenon/error.hpp>
#include <tenon/policy.hpp>

#include <filesystem>
#include <string>
#include <unordered_map>

namespace tenon::detail {

/// Judges paths for one load. Each directory is judged once (a directory of
/// 1,000 plugins costs one stat per ancestor, not 1,000). Not thread-safe;
/// lives as long as one load.
class PathTrust {
public:
    explicit PathTrust(const TrustPolicy &policy);

    /// A plugin file: its mode and owner as fstat gave them at open
    /// (`identity`), then every directory on its path as named and as
    /// resolved through symbolic links. untrusted_path naming the file or
    /// directory, its mode and owner, or the path when it cannot be
    /// resolved; ok when the policy is not enforced.
    Error check_file(const std::filesystem::path &path, const FileIdentity &identity);

    /// A library `plugin` needs, found at `library` (stat, then the same rules).
    Error check_library(const std::filesystem::path &plugin, const std::filesystem::path &library);

private:
    struct Verdict {
        bool trusted = true;
        std::string subject;  ///< "directory /srv" or "file"
        std::string expected;
        std::string found;
    };
    Verdict judge(const std::string &subject, mode_t mode, uid_t owner, bool directory) const;
    const Verdict &directory_verdict(const std::filesystem::path &directory);
    Error ancestors(const std::filesystem::path &reported, const std::filesystem::path &path);

    const TrustPolicy &policy_;
    uid_t user_;
    std::unordered_map<std::string, Verdict> directories_;
};

}  // namespace tenon::detail
