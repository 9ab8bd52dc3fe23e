// The one escaping rule for untrusted text (<tenon/escape.hpp>), byte by byte.
#include <tenon/escape.hpp>

#include <gtest/gtest.h>

#include <string>

namespace {

using tenon::escape_untrusted;

TEST(Escape, PrintableAsciiIsKept) {
    EXPECT_EQ(escape_untrusted("plain-name_1.2+x a/b \\ 'q'"), "plain-name_1.2+x a/b \\ 'q'");
}

TEST(Escape, ControlCharactersBecomeHex) {
    EXPECT_EQ(escape_untrusted("a\nb\tc\rd\x1b[31me\x7f"), "a\\x0ab\\x09c\\x0dd\\x1b[31me\\x7f");
    EXPECT_EQ(escape_untrusted(std::string("nul\0byte", 8)), "nul\\x00byte");
}

TEST(Escape, ValidUtf8IsKept) {
    EXPECT_EQ(escape_untrusted("Bonjour, \xc3\xa7"
                               "a va \xe2\x82\xac \xf0\x9f\x98\x80"),
              "Bonjour, \xc3\xa7"
              "a va \xe2\x82\xac \xf0\x9f\x98\x80");
}

TEST(Escape, InvalidUtf8BecomesHexOneBytePerEscape) {
    EXPECT_EQ(escape_untrusted("\xff\xfe"), "\\xff\\xfe");
    EXPECT_EQ(escape_untrusted("cut \xe2\x82"), "cut \\xe2\\x82");            // truncated sequence
    EXPECT_EQ(escape_untrusted("\xc0\xaf"), "\\xc0\\xaf");                    // overlong '/'
    EXPECT_EQ(escape_untrusted("\xed\xa0\x80"), "\\xed\\xa0\\x80");           // a UTF-16 surrogate
    EXPECT_EQ(escape_untrusted("\xf4\x90\x80\x80"), "\\xf4\\x90\\x80\\x80");  // above U+10FFFF
}

TEST(Escape, C1AndBidirectionalControlsBecomeHex) {
    EXPECT_EQ(escape_untrusted("\xc2\x9b"
                               "31m"),
              "\\xc2\\x9b31m");  // CSI as a C1 control
    EXPECT_EQ(escape_untrusted("abc\xe2\x80\xae"
                               "fed"),
              "abc\\xe2\\x80\\xaefed");                                // RIGHT-TO-LEFT OVERRIDE
    EXPECT_EQ(escape_untrusted("\xe2\x81\xa6x"), "\\xe2\\x81\\xa6x");  // LEFT-TO-RIGHT ISOLATE
}

TEST(Escape, IsIdempotent) {
    const std::string once = escape_untrusted("x\n\xff\xe2\x80\xae\\x41");
    EXPECT_EQ(escape_untrusted(once), once);
}

TEST(Escape, PathsAreEscapedToo) {
    EXPECT_EQ(tenon::escape_untrusted_path(std::filesystem::path("/tmp/a\nb.so")), "/tmp/a\\x0ab.so");
}

}  // namespace
