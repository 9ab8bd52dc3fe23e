// Thread-safe errno descriptions: std::strerror may share a static buffer.
#pragma once

#include <cstring>
#include <string>

namespace tenon::detail {

/// "Permission denied" for EACCES; "Unknown error N" for values glibc does not know.
inline std::string errno_text(int error_number) {
    char buffer[128];
    // GNU strerror_r returns a pointer to the text, which may or may not be `buffer`.
    return ::strerror_r(error_number, buffer, sizeof buffer);
}

}  // namespace tenon::detail
