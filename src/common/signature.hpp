// Signature strings are compared after canonicalisation, so a header that
// reformats "const char*" as "const char *" does not break old plugins.
#pragma once

#include <string>
#include <string_view>

namespace tenon::detail {

/// Drops whitespace except a single space between two identifier characters:
/// "int ( const char * , size_t )" becomes "int(const char*,size_t)".
std::string canonical_signature(std::string_view signature);

}  // namespace tenon::detail
