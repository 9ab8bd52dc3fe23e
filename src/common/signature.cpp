#include "common/signature.hpp"

namespace tenon::detail {
namespace {
bool is_identifier_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}
bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}
}  // namespace

std::string canonical_signature(std::string_view signature) {
    std::string out;
    out.reserve(signature.size());
    bool pending_space = false;
    for (char c : signature) {
        if (is_space(c)) {
            pending_space = true;
            continue;
        }
        if (pending_space && !out.empty() && is_identifier_char(out.back()) && is_identifier_char(c)) {
            out += ' ';
        }
        pending_space = false;
        out += c;
    }
    return out;
}

}  // namespace tenon::detail
