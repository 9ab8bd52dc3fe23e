#include "common/versions.hpp"

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

// Dot-separated identifiers of [0-9A-Za-z-], none empty (pre-release and build metadata).
bool is_dotted_identifiers(std::string_view text) {
    if (text.empty()) {
        return false;
    }
    std::size_t run = 0;
    for (char c : text) {
        if (c == '.') {
            if (run == 0) {
                return false;
            }
            run = 0;
        } else if (is_alnum(c) || c == '-') {
            ++run;
        } else {
            return false;
        }
    }
    return run != 0;
}

}  // namespace

bool parse_semantic_version(std::string_view text, SemanticVersion &out) {
    std::string_view core = text;
    std::string_view build;
    if (const auto plus = core.find('+'); plus != std::string_view::npos) {
        build = core.substr(plus + 1);
        core = core.substr(0, plus);
        if (!is_dotted_identifiers(build)) {
            return false;
        }
    }
    std::string_view prerelease;
    if (const auto dash = core.find('-'); dash != std::string_view::npos) {
        prerelease = core.substr(dash + 1);
        core = core.substr(0, dash);
        if (!is_dotted_identifiers(prerelease)) {
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
