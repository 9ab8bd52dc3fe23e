// The trust policy (<tenon/policy.hpp>) applied to files and the directories
// that lead to them: who could have put this file here, or could swap it?
#pragma once

#include "loader/open_file.hpp"

#include <tenon/error.hpp>
#include <tenon/policy.hpp>

#include <filesystem>
#include <optional>
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
    /// `resolved` receives the path through symbolic links (also when the
    /// policy is not enforced), or stays empty when it cannot be resolved.
    Error check_file(const std::filesystem::path &path, const FileIdentity &identity, std::filesystem::path &resolved);

    /// A library `plugin` needs, found at `library` (stat, then the same rules).
    Error check_library(const std::filesystem::path &plugin, const std::filesystem::path &library);

    /// `path` through symbolic links, as std::filesystem::canonical gives it,
    /// but resolving each directory once per load. `final_is_link` says
    /// whether the last component is a link when the caller knows (an open
    /// with O_NOFOLLOW tells); otherwise one lstat finds out. Whether or not
    /// the policy is enforced.
    std::filesystem::path resolve(const std::filesystem::path &path, std::error_code &error,
                                  std::optional<bool> final_is_link = std::nullopt);

private:
    struct Verdict {
        bool trusted = true;
        std::string subject;  ///< "directory /srv" or "file"
        std::string expected;
        std::string found;
    };
    Verdict judge(const std::string &subject, mode_t mode, uid_t owner, bool directory) const;
    const Verdict &directory_verdict(const std::filesystem::path &directory);
    /// The first untrusted directory from `directory` up to "/", or nullptr; judged once per load.
    const Verdict *chain_verdict(const std::string &directory);
    /// `path` made absolute as text ("." and ".." kept), from the working directory read once per load.
    std::string absolute_text(const std::filesystem::path &path, std::error_code &error);
    Error ancestors(const std::filesystem::path &reported, const std::filesystem::path &path,
                    std::optional<bool> final_is_link, std::filesystem::path &resolved);

    const TrustPolicy &policy_;
    uid_t user_;
    std::unordered_map<std::string, Verdict> directories_;
    std::unordered_map<std::string, std::filesystem::path> resolved_directories_;
    std::unordered_map<std::string, const Verdict *> chains_;
    std::string cwd_;
};

}  // namespace tenon::detail
