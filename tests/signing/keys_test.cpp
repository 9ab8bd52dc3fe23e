// Keys and their one-line text: round trips, the key id, and every way the
// text can be wrong, each with its exact message.
#include "signing_support.hpp"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace {

using namespace signing_test;

constexpr const char *alice_public_hex = "8a88e3dd7409f195fd52db2d3cba5d72ca6709bf1d94121bf3748801b40f6f5c";
constexpr const char *origin = "keys/release.pub";

std::string hex_of_length(std::size_t digits) {
    return std::string(alice_public_hex).append(128, '0').substr(0, digits);
}

std::string public_error(const std::string &text) {
    auto parsed = tenon::PublicKey::parse(text, origin);
    EXPECT_FALSE(parsed) << text;
    EXPECT_EQ(parsed.error().code, tenon::Errc::invalid_argument) << text;
    return parsed.error().message;
}

std::string secret_error(const std::string &text) {
    auto parsed = tenon::SecretKey::parse(text, "release.secret");
    EXPECT_FALSE(parsed);
    EXPECT_EQ(parsed.error().code, tenon::Errc::invalid_argument);
    return parsed.error().message;
}

TEST(Keys, PublicKeyTextIsOneLineOfThreeWords) {
    EXPECT_EQ(fixed_key_pair(1).public_key.serialise(),
              std::string("tenon-public-key ed25519 ") + alice_public_hex + "\n");
}

TEST(Keys, KeyIdIsTheStartOfTheBlake2bOfThePublicKey) {
    EXPECT_EQ(fixed_key_pair(1).public_key.id(), alice_id);
    EXPECT_EQ(fixed_key_pair(2).public_key.id(), bob_id);
    EXPECT_EQ(fixed_key_pair(3).public_key.id(), carol_id);
}

TEST(Keys, GeneratedKeysRoundTripThroughTheirText) {
    const tenon::KeyPair pair = tenon::generate_key_pair();
    EXPECT_EQ(pair.secret_key.public_key(), pair.public_key);
    EXPECT_EQ(pair.public_key.id().size(), 16u);
    EXPECT_NE(pair.public_key, fixed_key_pair(1).public_key);

    auto public_key = tenon::PublicKey::parse(pair.public_key.serialise(), origin);
    ASSERT_TRUE(public_key) << public_key.error().message;
    EXPECT_EQ(*public_key, pair.public_key);

    auto secret_key = tenon::SecretKey::parse(pair.secret_key.serialise(), "release.secret");
    ASSERT_TRUE(secret_key) << secret_key.error().message;
    EXPECT_EQ(secret_key->bytes(), pair.secret_key.bytes());
    EXPECT_EQ(secret_key->serialise(), pair.secret_key.serialise());
    EXPECT_EQ(secret_key->serialise().size(), std::string("tenon-secret-key ed25519 \n").size() + 128);
}

TEST(Keys, TheFinalNewlineIsOptional) {
    std::string text = fixed_key_pair(1).public_key.serialise();
    text.pop_back();
    auto parsed = tenon::PublicKey::parse(text, origin);
    ASSERT_TRUE(parsed) << parsed.error().message;
    EXPECT_EQ(*parsed, fixed_key_pair(1).public_key);
}

TEST(Keys, EveryMalformedPublicKeyTextIsNamed) {
    const std::string hex = alice_public_hex;
    std::string upper = hex;
    upper[4] = 'D';
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"", "keys/release.pub: public key: expected 'tenon-public-key ed25519 HEX', found nothing"},
        {"\n", "keys/release.pub: public key: expected 'tenon-public-key ed25519 HEX', found nothing"},
        {"tenon-public-key ed25519 " + hex + "\nsecond\n",
         "keys/release.pub: public key: expected one line, found 2 lines"},
        {"tenon-public-key ed25519",
         "keys/release.pub: public key: expected 3 words separated by single spaces "
         "('tenon-public-key ed25519 HEX'), found 2"},
        {"tenon-public-key  ed25519 " + hex,
         "keys/release.pub: public key: expected 3 words separated by single spaces "
         "('tenon-public-key ed25519 HEX'), found 4"},
        {"tenon-secret-key ed25519 " + hex,
         "keys/release.pub: public key: expected first word 'tenon-public-key', found 'tenon-secret-key'"},
        {"ssh-ed25519-cert-v01@openssh.com ed25519 " + hex,
         "keys/release.pub: public key: expected first word 'tenon-public-key', found a word of 32 bytes"},
        {"tenon-public-key rsa " + hex, "keys/release.pub: public key algorithm: expected 'ed25519', found 'rsa'"},
        {"tenon-public-key ed\x1b[0m25519 " + hex,
         "keys/release.pub: public key algorithm: expected 'ed25519', found 'ed\\x1b[0m25519'"},
        {"tenon-public-key ed25519 " + hex_of_length(63),
         "keys/release.pub: public key: expected 64 hexadecimal digits, found 63"},
        {"tenon-public-key ed25519 " + hex_of_length(65),
         "keys/release.pub: public key: expected 64 hexadecimal digits, found 65"},
        {"tenon-public-key ed25519 " + hex + "\r\n",
         "keys/release.pub: public key: expected 64 hexadecimal digits, found 65"},
        {"tenon-public-key ed25519 " + upper,
         "keys/release.pub: public key: expected lowercase hexadecimal digits, found 'D' at digit 5"},
        {"tenon-public-key ed25519 " + hex.substr(0, 63) + "g",
         "keys/release.pub: public key: expected lowercase hexadecimal digits, found 'g' at digit 64"},
    };
    for (const auto &[text, message] : cases) {
        EXPECT_EQ(public_error(text), message) << text;
    }
}

TEST(Keys, TheOriginIsEscapedLikeAFileName) {
    auto parsed = tenon::PublicKey::parse("", "evil\nname.pub");
    ASSERT_FALSE(parsed);
    EXPECT_EQ(parsed.error().message,
              "evil\\x0aname.pub: public key: expected 'tenon-public-key ed25519 HEX', found nothing");
}

TEST(Keys, EveryMalformedSecretKeyTextIsNamedWithoutItsDigits) {
    const std::string secret_hex = fixed_key_pair(1).secret_key.serialise().substr(25, 128);
    const std::vector<std::pair<std::string, std::string>> cases = {
        {fixed_key_pair(1).public_key.serialise(),
         "release.secret: secret key: expected first word 'tenon-secret-key', found 'tenon-public-key'"},
        {"tenon-secret-key ed25519 " + std::string(alice_public_hex),
         "release.secret: secret key: expected 128 hexadecimal digits, found 64"},
        {"tenon-secret-key ed448 " + secret_hex,
         "release.secret: secret key algorithm: expected 'ed25519', found 'ed448'"},
        // Words in the wrong order: the digits are not quoted back.
        {secret_hex + " ed25519 tenon-secret-key",
         "release.secret: secret key: expected first word 'tenon-secret-key', found a word of 128 bytes"},
        {"tenon-secret-key ed25519 " + secret_hex + " extra",
         "release.secret: secret key: expected 3 words separated by single spaces "
         "('tenon-secret-key ed25519 HEX'), found 4"},
    };
    for (const auto &[text, message] : cases) {
        EXPECT_EQ(secret_error(text), message) << text;
    }
}

TEST(Keys, ASecretKeyWhoseHalvesDisagreeIsRefused) {
    // Alice's seed with Bob's public key: it would sign as a key nobody holds.
    const std::string text = "tenon-secret-key ed25519 " + fixed_key_pair(1).secret_key.serialise().substr(25, 64) +
                             fixed_key_pair(2).public_key.serialise().substr(25, 64) + "\n";
    EXPECT_EQ(secret_error(text),
              "release.secret: secret key: expected its last 32 bytes to be the public key of its first 32 (the seed), "
              "found another key (is the file damaged?)");
}

}  // namespace
