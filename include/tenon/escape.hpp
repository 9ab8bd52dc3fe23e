// tenon/escape.hpp: printing text that came from a plugin file.
//
// Names, versions, descriptions and file names come from files an attacker
// may have written. Printed raw, a newline in a plugin name forges a log
// line, and an escape sequence in a description reprograms the terminal.
// Every message the runtime builds, every log line it writes, `tenon
// inspect` and the inventory pass such text through escape_untrusted.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace tenon {

/// `text` made safe to print on one line. Written as \xNN, one per byte:
/// C0 control characters (tab and newline included) and DEL; the C1 controls
/// U+0080 to U+009F; the Unicode bidirectional controls (U+202A to U+202E and
/// U+2066 to U+2069, which reorder what a terminal shows); and every byte
/// that is not part of well-formed UTF-8. Everything else, other UTF-8
/// included, is kept as it is.
///
/// Idempotent: escaped text contains nothing that would be escaped again
/// (backslashes are kept), so a message escaped when it was built may be
/// escaped again by the log sink without changing. Thread-safe; allocates.
std::string escape_untrusted(std::string_view text);

/// The path's bytes, escaped as escape_untrusted does.
std::string escape_untrusted_path(const std::filesystem::path &path);

}  // namespace tenon
