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
    const std::string state = "mode " + octal_mode(mode) + ", owner uid " + std::to_string(owner);
    const bool owner_ok =
        owner == 0 || owner == user_ ||
        std::find(policy_.trusted_owners.begin(), policy_.trusted_owners.end(), owner) != policy_.trusted_owners.end();
    if (!owner_ok) {
        std::string expected = "an owner of root or uid " + std::to_string(user_) + " (this host's user)";
        for (const uid_t trusted : policy_.trusted_owners) {
            expected += ", uid " + std::to_string(trusted);
        }
        return {false, subject + " owner", expected + " (TrustPolicy::trusted_owners)", state};
    }
    const bool shared_writable = (mode & (S_IWGRP | S_IWOTH)) != 0;
    // /tmp's exception: others may add entries to a sticky directory of root's, but not replace ours.
    const bool sticky_root = directory && (mode & S_ISVTX) != 0 && owner == 0;
    if (shared_writable && !sticky_root) {
        return {false, subject,
                directory ? "no write permission for group or others, unless sticky and owned by root"
                          : "no write permission for group or others",
                state};
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

Error PathTrust::ancestors(const std::filesystem::path &reported, const std::filesystem::path &path) {
    // A chain that cannot be computed has directories nobody judged: refuse
    // rather than skip it (whoever can write a directory of the resolved path
    // can make canonical fail at will, by removing the file once it is open).
    std::error_code error;
    const std::filesystem::path named = std::filesystem::absolute(path, error).lexically_normal();
    std::filesystem::path resolved;
    if (!error) {
        resolved = std::filesystem::canonical(path, error);
    }
    if (error) {
        return mismatch(Errc::untrusted_path, reported,
                        "trust policy: " + shown(path) + " as resolved through symbolic links",
                        "a path that can be resolved (each of its directories is judged)",
                        "an error resolving it: " + errno_text(error.value()));
    }
    for (const std::filesystem::path &chain : {named, resolved}) {
        for (const std::filesystem::path &directory : directories_above(chain)) {
            const Verdict &verdict = directory_verdict(directory);
            if (!verdict.trusted) {
                return mismatch(Errc::untrusted_path, reported, "trust policy: " + verdict.subject, verdict.expected,
                                verdict.found);
            }
        }
    }
    return {};
}

Error PathTrust::check_file(const std::filesystem::path &path, const FileIdentity &identity) {
    if (!policy_.enforce) {
        return {};
    }
    const Verdict verdict = judge("file", identity.mode, identity.owner, false);
    if (!verdict.trusted) {
        return mismatch(Errc::untrusted_path, path, "trust policy: " + verdict.subject, verdict.expected,
                        verdict.found);
    }
    return ancestors(path, path);
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
    return ancestors(plugin, library);
}

}  // namespace tenon::detail
