// The signature block as bytes: its documented layout, the message it signs
// (checked with libsodium directly), and every way it can be cut or damaged,
// read through the loader's descriptor-based API.
#include "signing_support.hpp"

#include "trust/signature.hpp"

#include <gtest/gtest.h>
#include <sodium.h>

#include <fcntl.h>
#include <thread>
#include <unistd.h>

namespace {

using namespace signing_test;

std::uint64_t le(const std::string &bytes, std::size_t offset, std::size_t size) {
    std::uint64_t value = 0;
    for (std::size_t i = size; i-- > 0;) {
        value = value << 8 | static_cast<std::uint8_t>(bytes[offset + i]);
    }
    return value;
}

std::string le_bytes(std::uint64_t value, std::size_t size) {
    std::string bytes;
    for (std::size_t i = 0; i < size; ++i) {
        bytes += static_cast<char>(value >> (8 * i));
    }
    return bytes;
}

// The block read through detail::read_signature_block, as the loader will.
class Block : public Signing {
protected:
    tenon::Result<std::optional<tenon::detail::SignatureBlock>> read_block() const {
        const int fd = open(plugin_.c_str(), O_RDONLY | O_CLOEXEC);
        EXPECT_GE(fd, 0);
        auto block = tenon::detail::read_signature_block(fd, fs::file_size(plugin_), plugin_);
        close(fd);
        return block;
    }
    std::string block_error() const {
        auto block = read_block();
        EXPECT_FALSE(block);
        EXPECT_EQ(block.error().code, tenon::Errc::bad_signature);
        // verify and read_plugin_signature say the same.
        EXPECT_EQ(verify(plugin_, {alice_.public_key}).message, block.error().message);
        auto info = tenon::read_plugin_signature(plugin_);
        EXPECT_FALSE(info);
        EXPECT_EQ(info.error().message, block.error().message);
        return block.error().message;
    }
    std::string field_error(const char *field, const std::string &expected, const std::string &found) const {
        return plugin_.string() + ": signature block field '" + field + "': expected " + expected + ", found " + found;
    }
    std::string truncated_error(std::uint64_t bytes, std::uint64_t offset) const {
        return plugin_.string() + ": signature block: expected 128 bytes ending the file, found " +
               std::to_string(bytes) + " bytes from offset " + std::to_string(offset) + " (truncated?)";
    }
};

TEST_F(Block, TheBlockHasTheDocumentedLayout) {
    sign(plugin_, alice_);
    const std::string file = read_bytes(plugin_);
    const std::string block = file.substr(unsigned_size_);
    ASSERT_EQ(block.size(), 128u);
    EXPECT_EQ(block.substr(0, 8), "TENONSIG");
    EXPECT_EQ(le(block, 8, 4), 128u);
    EXPECT_EQ(le(block, 12, 4), 1u);
    EXPECT_EQ(le(block, 16, 4), 1u);
    EXPECT_EQ(le(block, 20, 4), 0u);
    EXPECT_EQ(le(block, 24, 8), unsigned_size_);
    std::string key_id;
    for (std::size_t i = 32; i < 40; ++i) {
        char digits[3];
        std::snprintf(digits, sizeof digits, "%02x", static_cast<std::uint8_t>(block[i]));
        key_id += digits;
    }
    EXPECT_EQ(key_id, alice_id);
    EXPECT_EQ(block.substr(104), "~tenon plugin signature~");
}

// The signed message, put together here from the documentation and checked
// with libsodium in one piece: the context, the header, the file's bytes.
TEST_F(Block, TheSignatureCoversTheContextTheHeaderAndTheFile) {
    sign(plugin_, alice_);
    const std::string file = read_bytes(plugin_);
    const std::string block = file.substr(unsigned_size_);
    const std::string message = "tenon plugin signature 1" + block.substr(0, 40) + file.substr(0, unsigned_size_);
    auto check = [&](const std::string &signed_text) {
        crypto_sign_ed25519ph_state state;
        crypto_sign_ed25519ph_init(&state);
        crypto_sign_ed25519ph_update(&state, reinterpret_cast<const unsigned char *>(signed_text.data()),
                                     signed_text.size());
        return crypto_sign_ed25519ph_final_verify(&state, reinterpret_cast<const unsigned char *>(block.data() + 40),
                                                  alice_.public_key.bytes().data()) == 0;
    };
    EXPECT_TRUE(check(message));
    EXPECT_FALSE(check(message.substr(24)));  // without the context it is not valid
}

TEST_F(Block, ReadingGivesTheFieldsAndLeavesTheDescriptorOffsetAlone) {
    sign(plugin_, alice_);
    const int fd = open(plugin_.c_str(), O_RDONLY | O_CLOEXEC);
    ASSERT_GE(fd, 0);
    ASSERT_EQ(lseek(fd, 5, SEEK_SET), 5);
    const std::uint64_t size = fs::file_size(plugin_);
    auto block = tenon::detail::read_signature_block(fd, size, plugin_);
    auto signer = tenon::detail::verify_plugin_signature(fd, size, plugin_, {alice_.public_key});
    const off_t offset = lseek(fd, 0, SEEK_CUR);
    close(fd);
    ASSERT_TRUE(block) << block.error().message;
    ASSERT_TRUE(block->has_value());
    EXPECT_EQ((*block)->signed_size, unsigned_size_);
    const std::string bytes = read_bytes(plugin_);
    EXPECT_EQ(std::string((*block)->signature.begin(), (*block)->signature.end()),
              bytes.substr(unsigned_size_ + 40, 64));
    ASSERT_TRUE(signer) << signer.error().message;
    EXPECT_EQ(*signer, alice_id);
    EXPECT_EQ(offset, 5);

    auto info = tenon::read_plugin_signature(plugin_);
    ASSERT_TRUE(info) << info.error().message;
    ASSERT_TRUE(info->has_value());
    EXPECT_EQ((*info)->algorithm, "ed25519ph");
    EXPECT_EQ((*info)->key_id, alice_id);
    EXPECT_EQ((*info)->signed_size, unsigned_size_);
}

// The loader passes the size fstat gave; a file that shrank since is an I/O error, not "unsigned".
TEST_F(Block, AFileShorterThanItsGivenSizeCannotBeRead) {
    sign(plugin_, alice_);
    const int fd = open(plugin_.c_str(), O_RDONLY | O_CLOEXEC);
    ASSERT_GE(fd, 0);
    const std::uint64_t claimed = fs::file_size(plugin_) + 1000;
    auto signer = tenon::detail::verify_plugin_signature(fd, claimed, plugin_, {alice_.public_key});
    close(fd);
    ASSERT_FALSE(signer);
    EXPECT_EQ(signer.error().code, tenon::Errc::io_error);
    EXPECT_EQ(signer.error().message, plugin_.string() + ": cannot read: the file ends before byte " +
                                          std::to_string(claimed) + " (was it changed while being read?)");
}

TEST_F(Block, AnUnsignedFileHasNoBlock) {
    auto block = read_block();
    ASSERT_TRUE(block) << block.error().message;
    EXPECT_FALSE(block->has_value());
    auto info = tenon::read_plugin_signature(plugin_);
    ASSERT_TRUE(info) << info.error().message;
    EXPECT_FALSE(info->has_value());
}

TEST_F(Block, FilesShorterThanABlockAreUnsignedToo) {
    for (const std::string &bytes : {std::string(),
                                     std::string("\x7f"
                                                 "ELF"),
                                     std::string(127, 'x')}) {
        write_bytes(plugin_, bytes);
        auto block = read_block();
        ASSERT_TRUE(block) << block.error().message;
        EXPECT_FALSE(block->has_value()) << bytes.size();
        EXPECT_EQ(verify(plugin_, {alice_.public_key}).code, tenon::Errc::unsigned_plugin) << bytes.size();
    }
}

// The loader may verify several plugins at once; one descriptor may even be
// shared, since nothing but pread touches it.
TEST_F(Block, ConcurrentVerificationsOfOneDescriptorAgree) {
    sign(plugin_, alice_);
    const int fd = open(plugin_.c_str(), O_RDONLY | O_CLOEXEC);
    ASSERT_GE(fd, 0);
    const std::uint64_t size = fs::file_size(plugin_);
    std::vector<std::string> signers(4);
    std::vector<std::thread> threads;
    for (std::string &signer : signers) {
        threads.emplace_back([&, fd] {
            auto result =
                tenon::detail::verify_plugin_signature(fd, size, plugin_, {bob_.public_key, alice_.public_key});
            signer = result ? *result : result.error().message;
        });
    }
    for (std::thread &thread : threads) {
        thread.join();
    }
    close(fd);
    EXPECT_EQ(signers, std::vector<std::string>(4, std::string(alice_id)));
}

TEST_F(Block, AFileCutInsideItsBlockIsTruncated) {
    sign(plugin_, alice_);
    const std::string signed_bytes = read_bytes(plugin_);
    // 8 bytes left is the least that still shows the magic.
    for (const std::uint64_t cut_bytes : {1u, 64u, 120u}) {
        write_bytes(plugin_, signed_bytes);
        cut(plugin_, cut_bytes);
        EXPECT_EQ(block_error(), truncated_error(128 - cut_bytes, unsigned_size_)) << cut_bytes;
    }
}

// With fewer than 8 bytes of the block left, nothing tells them from the
// plugin's own last bytes: the file reads as unsigned, and is refused as such.
TEST_F(Block, AFileCutToLessThanTheMagicReadsAsUnsigned) {
    sign(plugin_, alice_);
    cut(plugin_, 127);
    auto block = read_block();
    ASSERT_TRUE(block) << block.error().message;
    EXPECT_FALSE(block->has_value());
    EXPECT_EQ(verify(plugin_, {alice_.public_key}).code, tenon::Errc::unsigned_plugin);
}

TEST_F(Block, ATrailerWithoutTheRestOfTheBlockIsTruncated) {
    write_bytes(plugin_, "~tenon plugin signature~");
    EXPECT_EQ(block_error(), truncated_error(24, 0));
}

TEST_F(Block, EachDamagedHeaderFieldIsNamed) {
    sign(plugin_, alice_);
    const std::string signed_bytes = read_bytes(plugin_);
    const std::string size_less_block = std::to_string(unsigned_size_);
    const struct {
        std::size_t offset;
        std::string bytes;
        std::string message;
    } cases[] = {
        {0, "TENONSIX", field_error("magic", "'TENONSIG'", "'TENONSIX'")},
        {0, std::string("TENON\0\nX", 8), field_error("magic", "'TENONSIG'", "'TENON\\x00\\x0aX'")},
        {8, le_bytes(64, 4), field_error("block_size", "128", "64")},
        {12, le_bytes(7, 4), field_error("version", "1", "7")},
        {16, le_bytes(2, 4), field_error("algorithm", "1", "2")},
        {20, le_bytes(1, 4), field_error("reserved", "0", "1")},
        {24, le_bytes(12, 8), field_error("signed_size", size_less_block, "12")},
        {24, le_bytes(unsigned_size_ + 1, 8),
         field_error("signed_size", size_less_block, std::to_string(unsigned_size_ + 1))},
        {127, "!", field_error("trailer", "'~tenon plugin signature~'", "'~tenon plugin signature!'")},
    };
    for (const auto &damage : cases) {
        write_bytes(plugin_, signed_bytes);
        overwrite(plugin_, unsigned_size_ + damage.offset, damage.bytes);
        EXPECT_EQ(block_error(), damage.message) << damage.offset;
    }
}

}  // namespace
