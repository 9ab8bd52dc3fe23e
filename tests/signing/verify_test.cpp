// verify_plugin_file: a good signature, and each way a file fails to carry
// one from a trusted key, with the exact message.
#include "signing_support.hpp"

#include "test_hooks.h"

#include <gtest/gtest.h>

#include <cerrno>
#include <cstring>

namespace {

using namespace signing_test;

std::string mismatch_message(const fs::path &file, std::string_view signer) {
    return file.string() + ": signature by key " + std::string(signer) +
           ": expected it to match the file's bytes, found a mismatch (was the file changed after it was signed?)";
}

TEST_F(Signing, ASignedPluginVerifiesAndNamesItsSigner) {
    sign(plugin_, alice_);
    const tenon::Error result = verify(plugin_, {alice_.public_key});
    EXPECT_EQ(result.code, tenon::Errc::ok);
    EXPECT_EQ(result.message, alice_id);
}

TEST_F(Signing, AnyOfSeveralTrustedKeysWill) {
    sign(plugin_, alice_);
    EXPECT_EQ(verify(plugin_, {bob_.public_key, carol_.public_key, alice_.public_key}).message, alice_id);
}

// The dynamic loader ignores the bytes after the ELF file's last structure.
TEST_F(Signing, ASignedPluginStillLoadsAndRuns) {
    sign(plugin_, alice_);
    auto host = tenon::Host::create(tenon_test::test_config());
    ASSERT_TRUE(host) << host.error().message;
    tenon::PluginSources sources;
    sources.files = {plugin_};
    const tenon::LoadReport report = host->load(sources, TEST_STAGE_DUMP);
    ASSERT_TRUE(report.ok()) << testing::PrintToString(tenon_test::messages(report));
    EXPECT_EQ(report.loaded, std::vector<std::string>{"signed_me"});
    int answer = 0;
    EXPECT_EQ(host->hook<test_claim_hook>().value()(1, &answer), 0);
    EXPECT_EQ(answer, 42);
    host->finish(TEST_STAGE_DUMP, 0);
}

TEST_F(Signing, AnUnsignedPluginIsRefused) {
    const tenon::Error error = verify(plugin_, {alice_.public_key});
    EXPECT_EQ(error.code, tenon::Errc::unsigned_plugin);
    EXPECT_EQ(error.message, plugin_.string() +
                                 ": signature: expected a Tenon signature block at the end of the file (signatures "
                                 "are required; sign it with 'tenon sign'), found none");
    EXPECT_EQ(error.file, plugin_);
}

TEST_F(Signing, APluginSignedByAnotherKeyIsRefusedWithTheTrustedKeysNamed) {
    sign(plugin_, alice_);
    const tenon::Error error = verify(plugin_, {bob_.public_key, carol_.public_key});
    EXPECT_EQ(error.code, tenon::Errc::untrusted_key);
    EXPECT_EQ(error.message, plugin_.string() + ": signature: expected a key this host trusts (" + std::string(bob_id) +
                                 ", " + std::string(carol_id) + "), found key " + std::string(alice_id));

    const tenon::Error none = verify(plugin_, {});
    EXPECT_EQ(none.code, tenon::Errc::untrusted_key);
    EXPECT_EQ(none.message, plugin_.string() + ": signature: expected a key this host trusts (none), found key " +
                                std::string(alice_id));
}

TEST_F(Signing, AFileEditedAfterSigningIsRefused) {
    sign(plugin_, alice_);
    flip_byte(plugin_, 100);  // inside the ELF headers
    const tenon::Error error = verify(plugin_, {alice_.public_key});
    EXPECT_EQ(error.code, tenon::Errc::bad_signature);
    EXPECT_EQ(error.message, mismatch_message(plugin_, alice_id));
    flip_byte(plugin_, 100);
    EXPECT_EQ(verify(plugin_, {alice_.public_key}).message, alice_id);  // the same bytes verify again
}

TEST_F(Signing, AFileEditedAndResignedByAnUntrustedKeyIsRefused) {
    sign(plugin_, alice_);
    flip_byte(plugin_, 100);
    sign(plugin_, bob_);
    EXPECT_EQ(fs::file_size(plugin_), unsigned_size_ + 128);
    const tenon::Error error = verify(plugin_, {alice_.public_key});
    EXPECT_EQ(error.code, tenon::Errc::untrusted_key);
    EXPECT_EQ(error.message, plugin_.string() + ": signature: expected a key this host trusts (" +
                                 std::string(alice_id) + "), found key " + std::string(bob_id));
}

TEST_F(Signing, ADamagedSignatureIsAMismatch) {
    sign(plugin_, alice_);
    flip_byte(plugin_, unsigned_size_ + 40 + 10);  // inside the signature
    const tenon::Error error = verify(plugin_, {alice_.public_key});
    EXPECT_EQ(error.code, tenon::Errc::bad_signature);
    EXPECT_EQ(error.message, mismatch_message(plugin_, alice_id));
}

// The key id is signed too, but a changed id names no trusted key first.
TEST_F(Signing, AChangedKeyIdNamesAKeyNobodyTrusts) {
    sign(plugin_, alice_);
    flip_byte(plugin_, unsigned_size_ + 32);
    const tenon::Error error = verify(plugin_, {alice_.public_key});
    EXPECT_EQ(error.code, tenon::Errc::untrusted_key);
    EXPECT_EQ(error.message, plugin_.string() + ": signature: expected a key this host trusts (" +
                                 std::string(alice_id) + "), found key c4e21ab1c9f6022d");
}

TEST_F(Signing, MissingFilesAndDirectoriesCannotBeVerified) {
    const fs::path missing = dir_.path() / "missing.so";
    const tenon::Error error = verify(missing, {alice_.public_key});
    EXPECT_EQ(error.code, tenon::Errc::io_error);
    EXPECT_EQ(error.message, missing.string() + ": cannot open: " + std::strerror(ENOENT));

    const tenon::Error directory = verify(dir_.path(), {alice_.public_key});
    EXPECT_EQ(directory.code, tenon::Errc::not_regular_file);
    EXPECT_EQ(directory.message, dir_.path().string() + ": file type: expected a regular file, found a directory");
}

}  // namespace
