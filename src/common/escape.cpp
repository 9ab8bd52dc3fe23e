// One escaping rule for every piece of untrusted text the runtime prints.
#include <tenon/escape.hpp>

#include <cstdint>

namespace tenon {
namespace {

// Length of the well-formed UTF-8 sequence at text[i], or 0 (RFC 3629:
// no overlong forms, no surrogates, nothing above U+10FFFF).
std::size_t utf8_length(std::string_view text, std::size_t i) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char lead = byte(i);
    std::size_t length = 0;
    unsigned char low = 0x80;
    unsigned char high = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) {
        length = 2;
    } else if (lead >= 0xe0 && lead <= 0xef) {
        length = 3;
        low = lead == 0xe0 ? 0xa0 : 0x80;
        high = lead == 0xed ? 0x9f : 0xbf;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
        length = 4;
        low = lead == 0xf0 ? 0x90 : 0x80;
        high = lead == 0xf4 ? 0x8f : 0xbf;
    } else {
        return 0;
    }
    if (text.size() - i < length) {
        return 0;
    }
    if (byte(i + 1) < low || byte(i + 1) > high) {
        return 0;
    }
    for (std::size_t k = 2; k < length; ++k) {
        if (byte(i + k) < 0x80 || byte(i + k) > 0xbf) {
            return 0;
        }
    }
    return length;
}

// The code point of a well-formed sequence of `length` bytes at text[i].
std::uint32_t code_point(std::string_view text, std::size_t i, std::size_t length) {
    static constexpr unsigned char lead_mask[] = {0, 0, 0x1f, 0x0f, 0x07};
    std::uint32_t value = static_cast<unsigned char>(text[i]) & lead_mask[length];
    for (std::size_t k = 1; k < length; ++k) {
        value = (value << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3fu);
    }
    return value;
}

bool hidden_control(std::uint32_t value) {
    return (value >= 0x80 && value <= 0x9f) || (value >= 0x202a && value <= 0x202e) ||
           (value >= 0x2066 && value <= 0x2069);
}

void append_hex(std::string &out, unsigned char byte) {
    static constexpr char digits[] = "0123456789abcdef";
    out += "\\x";
    out += digits[byte >> 4];
    out += digits[byte & 0x0f];
}

}  // namespace

std::string escape_untrusted(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        const auto byte = static_cast<unsigned char>(text[i]);
        if (byte >= 0x20 && byte < 0x7f) {
            out += static_cast<char>(byte);
            ++i;
            continue;
        }
        const std::size_t length = byte < 0x80 ? 0 : utf8_length(text, i);
        if (length == 0 || hidden_control(code_point(text, i, length))) {
            // A control, DEL, a stray byte, or a character that changes what is shown: every byte as \xNN.
            const std::size_t count = length == 0 ? 1 : length;
            for (std::size_t k = 0; k < count; ++k) {
                append_hex(out, static_cast<unsigned char>(text[i + k]));
            }
            i += count;
            continue;
        }
        out.append(text.substr(i, length));
        i += length;
    }
    return out;
}

std::string escape_untrusted_path(const std::filesystem::path &path) {
    return escape_untrusted(std::string_view(path.native()));
}

}  // namespace tenon
