// One shape for every message about a plugin file:
//     FILE: WHAT: expected EXPECTED, found FOUND
// so users (and tests) always find the file, the field or hook, and both values.
// The file name and every quoted value are untrusted text, escaped here; any
// other untrusted text a caller puts into WHAT goes through escape_untrusted.
#pragma once

#include <tenon/error.hpp>
#include <tenon/escape.hpp>

#include <filesystem>
#include <string>
#include <string_view>

namespace tenon::detail {

/// "FILE: WHAT" as an Error of `code`; the file name is escaped.
inline Error file_error(Errc code, const std::filesystem::path &file, std::string_view what) {
    return Error{code, escape_untrusted_path(file) + ": " + std::string(what), file};
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

/// Wraps a string value in single quotes for messages, escaped.
inline std::string single_quoted(std::string_view value) {
    return "'" + escape_untrusted(value) + "'";
}

/// A file name for a message, escaped.
inline std::string shown(const std::filesystem::path &file) {
    return escape_untrusted_path(file);
}

}  // namespace tenon::detail
