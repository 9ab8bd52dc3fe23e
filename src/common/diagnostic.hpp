// One shape for every message about a plugin file:
//     FILE: WHAT: expected EXPECTED, found FOUND
// so users (and tests) always find the file, the field or hook, and both values.
#pragma once

#include <tenon/error.hpp>

#include <filesystem>
#include <string>
#include <string_view>

namespace tenon::detail {

/// "FILE: WHAT" as an Error of `code`.
inline Error file_error(Errc code, const std::filesystem::path &file, std::string_view what) {
    return Error{code, file.string() + ": " + std::string(what), file};
}

/// "FILE: SUBJECT: expected EXPECTED, found FOUND".
inline Error mismatch(Errc code, const std::filesystem::path &file, std::string_view subject, std::string_view expected,
                      std::string_view found) {
    std::string what(subject);
    what += ": expected ";
    what += expected;
    what += ", found ";
    what += found;
    return file_error(code, file, what);
}

/// Wraps a string value in single quotes for messages.
inline std::string single_quoted(std::string_view value) {
    return "'" + std::string(value) + "'";
}

}  // namespace tenon::detail
