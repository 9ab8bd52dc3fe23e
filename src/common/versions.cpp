#include "common/versions.hpp"

#include <algorithm>
#include <charconv>
#include <limits>

namespace tenon::detail {
namespace {

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}
bool is_alnum(char c) {
    return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// A numeric identifier: digits, no leading zero unless it is "0".
bool parse_number(std::string_view text, std::uint64_t &out) {
    if (text.empty() || (text.size() > 1 && text[0] == '0')) {
        return false;
    }
    for (char c : text) {
        if (!is_digit(c)) {
            return false;
        }
    }
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out);
    return error == std::errc() && end == text.data() + text.size();
}

// Dot-separated identifiers of [0-9A-Za-z-], none empty (pre-release and build
// metadata). In a pre-release, an all-digit identifier has no leading zero.
bool is_dotted_identifiers(std::string_view text, bool numeric_without_leading_zero) {
    if (text.empty()) {
        return false;
    }
    while (true) {
        const auto dot = text.find('.');
        const std::string_view identifier = text.substr(0, dot);
        if (identifier.empty()) {
            return false;
        }
        bool all_digits = true;
        for (char c : identifier) {
            if (!is_alnum(c) && c != '-') {
                return false;
            }
            all_digits = all_digits && is_digit(c);
        }
        if (numeric_without_leading_zero && all_digits && identifier.size() > 1 && identifier[0] == '0') {
            return false;
        }
        if (dot == std::string_view::npos) {
            return true;
        }
        text = text.substr(dot + 1);
    }
}

}  // namespace

bool parse_semantic_version(std::string_view text, SemanticVersion &out) {
    std::string_view core = text;
    std::string_view build;
    if (const auto plus = core.find('+'); plus != std::string_view::npos) {
        build = core.substr(plus + 1);
        core = core.substr(0, plus);
        if (!is_dotted_identifiers(build, false)) {
            return false;
        }
    }
    std::string_view prerelease;
    if (const auto dash = core.find('-'); dash != std::string_view::npos) {
        prerelease = core.substr(dash + 1);
        core = core.substr(0, dash);
        if (!is_dotted_identifiers(prerelease, true)) {
            return false;
        }
    }
    const auto first_dot = core.find('.');
    const auto second_dot = first_dot == std::string_view::npos ? first_dot : core.find('.', first_dot + 1);
    if (second_dot == std::string_view::npos) {
        return false;
    }
    SemanticVersion version;
    if (!parse_number(core.substr(0, first_dot), version.major) ||
        !parse_number(core.substr(first_dot + 1, second_dot - first_dot - 1), version.minor) ||
        !parse_number(core.substr(second_dot + 1), version.patch)) {
        return false;
    }
    version.prerelease = std::string(prerelease);
    out = std::move(version);
    return true;
}

namespace {

// Pre-release identifiers: numeric ones compare numerically and sort before alphanumeric ones.
int compare_prerelease(std::string_view a, std::string_view b) {
    if (a.empty() || b.empty()) {
        return a.empty() == b.empty() ? 0 : (a.empty() ? 1 : -1);  // a release outranks its pre-releases
    }
    while (true) {
        const auto a_dot = a.find('.');
        const auto b_dot = b.find('.');
        const std::string_view a_id = a.substr(0, a_dot);
        const std::string_view b_id = b.substr(0, b_dot);
        std::uint64_t a_number = 0;
        std::uint64_t b_number = 0;
        const bool a_numeric = parse_number(a_id, a_number);
        const bool b_numeric = parse_number(b_id, b_number);
        if (a_numeric && b_numeric && a_number != b_number) {
            return a_number < b_number ? -1 : 1;
        }
        if (a_numeric != b_numeric) {
            return a_numeric ? -1 : 1;
        }
        if (!a_numeric && a_id != b_id) {
            return a_id < b_id ? -1 : 1;
        }
        if (a_dot == std::string_view::npos || b_dot == std::string_view::npos) {
            return a_dot == b_dot ? 0 : (a_dot == std::string_view::npos ? -1 : 1);  // fewer identifiers sort first
        }
        a = a.substr(a_dot + 1);
        b = b.substr(b_dot + 1);
    }
}

// MAJOR[.MINOR[.PATCH[-pre]]] with the missing numbers taken as 0.
bool parse_partial_version(std::string_view text, SemanticVersion &out) {
    const std::string_view core = text.substr(0, text.find('-'));
    const auto core_dots = static_cast<std::size_t>(std::count(core.begin(), core.end(), '.'));
    const auto dash = text.find('-');
    std::string full(text);
    if (dash == std::string_view::npos) {
        for (std::size_t i = core_dots; i < 2; ++i) {
            full += ".0";
        }
    } else if (core_dots != 2) {
        return false;  // a pre-release needs the full MAJOR.MINOR.PATCH
    }
    return parse_semantic_version(full, out);
}

}  // namespace

int compare(const SemanticVersion &a, const SemanticVersion &b) {
    if (a.major != b.major) {
        return a.major < b.major ? -1 : 1;
    }
    if (a.minor != b.minor) {
        return a.minor < b.minor ? -1 : 1;
    }
    if (a.patch != b.patch) {
        return a.patch < b.patch ? -1 : 1;
    }
    return compare_prerelease(a.prerelease, b.prerelease);
}

bool VersionRange::contains(const SemanticVersion &version) const {
    // As npm and Cargo do: a pre-release only satisfies a range that names a
    // pre-release of the same MAJOR.MINOR.PATCH, so ">=1.2 <2" does not
    // accept 2.0.0-rc.1, a candidate of the incompatible next major.
    if (!version.prerelease.empty() && !comparators.empty()) {
        const bool opted_in = std::any_of(comparators.begin(), comparators.end(), [&](const Comparator &c) {
            return !c.version.prerelease.empty() && c.version.major == version.major &&
                   c.version.minor == version.minor && c.version.patch == version.patch;
        });
        if (!opted_in) {
            return false;
        }
    }
    for (const Comparator &comparator : comparators) {
        const int order = compare(version, comparator.version);
        bool ok = false;
        switch (comparator.op) {
            case Op::equal:
                ok = order == 0;
                break;
            case Op::less:
                ok = order < 0;
                break;
            case Op::less_equal:
                ok = order <= 0;
                break;
            case Op::greater:
                ok = order > 0;
                break;
            case Op::greater_equal:
                ok = order >= 0;
                break;
        }
        if (!ok) {
            return false;
        }
    }
    return true;
}

bool parse_version_range(std::string_view text, VersionRange &out) {
    VersionRange range;
    std::size_t position = 0;
    while (position < text.size()) {
        if (text[position] == ' ') {
            ++position;
            continue;
        }
        const auto end = std::min(text.find(' ', position), text.size());
        std::string_view token = text.substr(position, end - position);
        position = end;
        if (token == "*" && text.find_first_not_of(" *") == std::string_view::npos) {
            continue;
        }
        VersionRange::Comparator comparator;
        if (token.starts_with(">=")) {
            comparator.op = VersionRange::Op::greater_equal;
            token.remove_prefix(2);
        } else if (token.starts_with("<=")) {
            comparator.op = VersionRange::Op::less_equal;
            token.remove_prefix(2);
        } else if (token.starts_with(">")) {
            comparator.op = VersionRange::Op::greater;
            token.remove_prefix(1);
        } else if (token.starts_with("<")) {
            comparator.op = VersionRange::Op::less;
            token.remove_prefix(1);
        } else if (token.starts_with("=")) {
            token.remove_prefix(1);
        }
        if (!parse_partial_version(token, comparator.version)) {
            return false;
        }
        range.comparators.push_back(std::move(comparator));
    }
    out = std::move(range);
    return true;
}

bool parse_interface_id(std::string_view text, std::string &name, std::uint32_t &version) {
    const auto slash = text.rfind('/');
    if (slash == std::string_view::npos || !is_valid_name(text.substr(0, slash))) {
        return false;
    }
    std::uint64_t number = 0;
    if (!parse_number(text.substr(slash + 1), number) || number == 0 ||
        number > std::numeric_limits<std::uint32_t>::max()) {
        return false;
    }
    name = std::string(text.substr(0, slash));
    version = static_cast<std::uint32_t>(number);
    return true;
}

bool is_valid_name(std::string_view text) {
    if (text.empty()) {
        return false;
    }
    for (char c : text) {
        if (!is_alnum(c) && c != '_' && c != '.' && c != '+' && c != '-') {
            return false;
        }
    }
    return true;
}

}  // namespace tenon::detail
