#include "trust/path_policy.hpp"

#include "common/diagnostic.hpp"
#include "common/errno_text.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <sys/stat.h>
#include <unistd.h>

namespace tenon::detail {
namespace {

std::string octal_mode(mode_t mode) {
    char text[8];
    std::snprintf(text, sizeof text, "%04o", static_cast<unsigned>(mode & 07777));
    return text;
}

// Whether an absolute path has "." or ".." components, doubled or trailing
// slashes: only then is it rebuilt to be named as a directory chain.
bool needs_normalising(std::string_view path) {
    return path.find("/.") != std::string_view::npos || path.find("//") != std::string_view::npos ||
           (path.size() > 1 && path.back() == '/');
}

// "/a/b" for "/a/b/c", "/" for "/c": the directory of an absolute path.
std::string_view parent_of(std::string_view path) {
    const std::size_t slash = path.rfind('/');
    return slash == 0 || slash == std::string_view::npos ? std::string_view("/") : path.substr(0, slash);
}

// "c" for "/a/b/c".
std::string_view name_of(std::string_view path) {
    return path.substr(path.rfind('/') + 1);
}

// Every directory from `path`'s parent up to "/", nearest first.
std::vector<std::filesystem::path> directories_above(const std::filesystem::path &path) {
    std::vector<std::filesystem::path> out;
    std::filesystem::path directory = path.parent_path();
    while (!directory.empty()) {
        out.push_back(directory);
        if (directory == directory.root_path()) {
            break;
        }
        directory = directory.parent_path();
    }
    return out;
}

}  // namespace

PathTrust::PathTrust(const TrustPolicy &policy) : policy_(policy), user_(geteuid()) {}

PathTrust::Verdict PathTrust::judge(const std::string &subject, mode_t mode, uid_t owner, bool directory) const {
    // Built only for a refusal: a load judges every file, and nearly all pass.
    const auto state = [&] { return "mode " + octal_mode(mode) + ", owner uid " + std::to_string(owner); };
    const bool owner_ok =
        owner == 0 || owner == user_ ||
        std::find(policy_.trusted_owners.begin(), policy_.trusted_owners.end(), owner) != policy_.trusted_owners.end();
    if (!owner_ok) {
        std::string expected = "an owner of root or uid " + std::to_string(user_) + " (this host's user)";
        for (const uid_t trusted : policy_.trusted_owners) {
            expected += ", uid " + std::to_string(trusted);
        }
        return {false, subject + " owner", expected + " (TrustPolicy::trusted_owners)", state()};
    }
    const bool shared_writable = (mode & (S_IWGRP | S_IWOTH)) != 0;
    // /tmp's exception: others may add entries to a sticky directory of root's, but not replace ours.
    const bool sticky_root = directory && (mode & S_ISVTX) != 0 && owner == 0;
    if (shared_writable && !sticky_root) {
        return {false, subject,
                directory ? "no write permission for group or others, unless sticky and owned by root"
                          : "no write permission for group or others",
                state()};
    }
    return {};
}

const PathTrust::Verdict &PathTrust::directory_verdict(const std::filesystem::path &directory) {
    const std::string key = directory.string();
    if (const auto found = directories_.find(key); found != directories_.end()) {
        return found->second;
    }
    struct stat status {};
    Verdict verdict;
    if (stat(directory.c_str(), &status) != 0) {
        verdict = {false, "directory " + shown(directory), "a directory that can be examined",
                   "stat failing: " + errno_text(errno)};
    } else {
        verdict = judge("directory " + shown(directory), status.st_mode, status.st_uid, true);
    }
    return directories_.emplace(key, std::move(verdict)).first->second;
}

Error PathTrust::ancestors(const std::filesystem::path &reported, const std::filesystem::path &path,
                           std::optional<bool> final_is_link, std::filesystem::path &resolved) {
    // A chain that cannot be computed has directories nobody judged: refuse
    // rather than skip it (whoever can write a directory of the resolved path
    // can make canonical fail at will, by removing the file once it is open).
    std::error_code error;
    std::string named = absolute_text(path, error);
    if (!error) {
        resolved = resolve(path, error, final_is_link);
    }
    if (error) {
        return mismatch(Errc::untrusted_path, reported,
                        "trust policy: " + shown(path) + " as resolved through symbolic links",
                        "a path that can be resolved (each of its directories is judged)",
                        "an error resolving it: " + errno_text(error.value()));
    }
    if (needs_normalising(named)) {
        named = std::filesystem::path(named).lexically_normal().native();
    }
    // Plain string work: a load judges every file, and std::filesystem::path
    // splits a path into components at every step.
    const std::string_view named_parent = parent_of(named);
    const std::string_view resolved_parent = parent_of(resolved.native());
    const Verdict *verdict = chain_verdict(std::string(named_parent));
    if (verdict == nullptr && resolved_parent != named_parent) {  // a link on the way: its chain too
        verdict = chain_verdict(std::string(resolved_parent));
    }
    if (verdict != nullptr) {
        return mismatch(Errc::untrusted_path, reported, "trust policy: " + verdict->subject, verdict->expected,
                        verdict->found);
    }
    return {};
}

std::string PathTrust::absolute_text(const std::filesystem::path &path, std::error_code &error) {
    const std::string &text = path.native();
    if (!text.empty() && text.front() == '/') {
        return text;
    }
    if (cwd_.empty()) {
        cwd_ = std::filesystem::current_path(error).native();
        if (error) {
            return {};
        }
    }
    return cwd_ + "/" + text;
}

const PathTrust::Verdict *PathTrust::chain_verdict(const std::string &directory) {
    if (const auto found = chains_.find(directory); found != chains_.end()) {
        return found->second;
    }
    const Verdict *first_untrusted = nullptr;
    for (const std::filesystem::path &above : directories_above(std::filesystem::path(directory) / "x")) {
        const Verdict &verdict = directory_verdict(above);
        if (!verdict.trusted) {
            first_untrusted = &verdict;  // directories_ never rehashes a node away: the pointer stays valid
            break;
        }
    }
    chains_.emplace(directory, first_untrusted);
    return first_untrusted;
}

std::filesystem::path PathTrust::resolve(const std::filesystem::path &path, std::error_code &error,
                                         std::optional<bool> final_is_link) {
    const std::string absolute = absolute_text(path, error);
    if (error) {
        return {};
    }
    if (!final_is_link) {
        struct stat status {};
        if (lstat(absolute.c_str(), &status) != 0) {
            error = std::error_code(errno, std::generic_category());
            return {};
        }
        final_is_link = S_ISLNK(status.st_mode);
    }
    std::filesystem::path resolved;
    if (*final_is_link) {
        resolved = std::filesystem::canonical(absolute, error);
    } else {
        // The directory is resolved once per load; the file, not a link, keeps its name.
        const std::string directory(parent_of(absolute));
        auto found = resolved_directories_.find(directory);
        if (found == resolved_directories_.end()) {
            std::filesystem::path parent = std::filesystem::canonical(directory, error);
            if (error) {
                return {};
            }
            found = resolved_directories_.emplace(directory, std::move(parent)).first;
        }
        const std::string &base = found->second.native();
        resolved = (base == "/" ? base : base + "/") + std::string(name_of(absolute));
    }
    return resolved;
}

Error PathTrust::check_file(const std::filesystem::path &path, const FileIdentity &identity,
                            std::filesystem::path &resolved) {
    if (!policy_.enforce) {
        std::error_code ignored;
        resolved = resolve(path, ignored, identity.through_link);
        return {};
    }
    const Verdict verdict = judge("file", identity.mode, identity.owner, false);
    if (!verdict.trusted) {
        return mismatch(Errc::untrusted_path, path, "trust policy: " + verdict.subject, verdict.expected,
                        verdict.found);
    }
    return ancestors(path, path, identity.through_link, resolved);
}

Error PathTrust::check_library(const std::filesystem::path &plugin, const std::filesystem::path &library) {
    if (!policy_.enforce) {
        return {};
    }
    struct stat status {};
    if (stat(library.c_str(), &status) != 0) {
        return mismatch(Errc::untrusted_path, plugin, "trust policy: needed library " + shown(library),
                        "a file that can be examined", "stat failing: " + errno_text(errno));
    }
    const Verdict verdict = judge("needed library " + shown(library), status.st_mode, status.st_uid, false);
    if (!verdict.trusted) {
        return mismatch(Errc::untrusted_path, plugin, "trust policy: " + verdict.subject, verdict.expected,
                        verdict.found);
    }
    std::filesystem::path resolved;
    return ancestors(plugin, library, std::nullopt, resolved);
}

}  // namespace tenon::detail
