// Version strings that cross the plugin boundary: a plugin's semantic version
// and the "NAME/VERSION" id of the host interface it targets.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tenon::detail {

/// MAJOR.MINOR.PATCH with optional "-prerelease" and "+build" suffixes (semver 2.0.0).
struct SemanticVersion {
    std::uint64_t major = 0;
    std::uint64_t minor = 0;
    std::uint64_t patch = 0;
    std::string prerelease;  ///< without the '-'; empty for a release
};

/// False for anything that is not a well-formed semantic version.
bool parse_semantic_version(std::string_view text, SemanticVersion &out);

/// Semver 2.0.0 precedence: negative, zero or positive. A pre-release sorts
/// before its release; build metadata is ignored.
int compare(const SemanticVersion &a, const SemanticVersion &b);

/// A conjunction of comparators, e.g. ">=1.2 <2". Empty accepts everything.
struct VersionRange {
    enum class Op { equal, less, less_equal, greater, greater_equal };
    struct Comparator {
        Op op = Op::equal;
        SemanticVersion version;
    };
    std::vector<Comparator> comparators;

    bool contains(const SemanticVersion &version) const;
};

/// Parses space-separated comparators ("=", "<", "<=", ">", ">=", or none for
/// "=") each followed by MAJOR[.MINOR[.PATCH[-pre]]], missing parts being 0.
/// "" and "*" accept any version. False for anything else.
bool parse_version_range(std::string_view text, VersionRange &out);

/// "hello/1" into {"hello", 1}. The name is non-empty and has no '/'; the
/// version is a decimal integer from 1 to 2^32-1 without leading zeros.
bool parse_interface_id(std::string_view text, std::string &name, std::uint32_t &version);

/// True for a usable plugin or hook name: non-empty, letters, digits and "._+-".
bool is_valid_name(std::string_view text);

}  // namespace tenon::detail
