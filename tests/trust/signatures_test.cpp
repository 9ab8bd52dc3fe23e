// Signatures required by the host (HostConfig::signatures): each plugin file
// must end in a signature block by one of the host's keys, verified on the
// open descriptor before the ELF reader sees the file. Keys come from
// tenon::generate_key_pair(); files are signed with tenon::sign_plugin on
// copies in a temporary directory. Every refusal names the file and the
// keys, and no code of the refused file runs.
#include "signing_support.hpp"
#include "trust_support.hpp"

#include <tenon/compat/criu/profile.hpp>

#include <gtest/gtest.h>

namespace {

using namespace trust_test;
using signing_test::cut;
using signing_test::flip_byte;
using tenon::Errc;
using validation::only_directory;
using validation::only_error;
using validation::only_file;

// A host on `config` that requires signatures by `trusted`.
tenon::HostConfig requiring(std::vector<tenon::PublicKey> trusted,
                            tenon::HostConfig config = tenon_test::test_config()) {
    config.signatures = {.required = true, .trusted_keys = std::move(trusted)};
    return config;
}

std::string unsigned_message(const fs::path &file) {
    return file.string() +
           ": signature: expected a Tenon signature block at the end of the file (signatures are required; sign it "
           "with 'tenon sign'), found none";
}

std::string mismatch_message(const fs::path &file, const tenon::KeyPair &signer) {
    return file.string() + ": signature by key " + signer.public_key.id() +
           ": expected it to match the file's bytes, found a mismatch (was the file changed after it was signed?)";
}

class Signatures : public TrustTest {
protected:
    void SetUp() override {
        plugin_ = dir_.add_fixture("t_alpha.so", "alpha.so");
        unsigned_size_ = fs::file_size(plugin_);
    }

    /// Signs `file` with `key`, failing the test on any error.
    static void sign(const fs::path &file, const tenon::KeyPair &key) {
        const tenon::Error error = tenon::sign_plugin(file, key.secret_key);
        ASSERT_EQ(error.code, Errc::ok) << error.message;
    }

    /// Loads `file` alone on `config`: refused with exactly `code` and `message`, and none of its code ran.
    void expect_refused(const fs::path &file, tenon::HostConfig config, Errc code, const std::string &message) {
        EXPECT_TRUE(only_error(load(only_file(file), std::move(config)), code, message));
        expect_no_plugin_code_ran();
    }

    /// The key id the host recorded for the loaded plugin `name`.
    std::string signer_of(const std::string &name) const {
        const auto info = host_->find_plugin(name);
        return info ? info->signed_by : "(not loaded: " + info.error().message + ")";
    }

    const tenon::KeyPair first_ = tenon::generate_key_pair();
    const tenon::KeyPair second_ = tenon::generate_key_pair();
    const tenon::KeyPair stranger_ = tenon::generate_key_pair();
    fs::path plugin_;  ///< an unsigned copy of trust-alpha
    std::uint64_t unsigned_size_ = 0;
};

TEST_F(Signatures, AFileSignedByATrustedKeyLoadsAndRecordsTheKey) {
    sign(plugin_, first_);
    const auto report = load(only_file(plugin_), requiring({first_.public_key}));
    ASSERT_TRUE(report.ok()) << testing::PrintToString(tenon_test::messages(report));
    expect_ran({"trust-alpha"});
    EXPECT_EQ(signer_of("trust-alpha"), first_.public_key.id());
    EXPECT_TRUE(recorder_.has_line("[tenon] debug: " + plugin_.string() + ": signature by key " +
                                   first_.public_key.id() + " verified"));
}

TEST_F(Signatures, AnUnsignedFileIsRefused) {
    expect_refused(plugin_, requiring({first_.public_key}), Errc::unsigned_plugin, unsigned_message(plugin_));
}

TEST_F(Signatures, AFileSignedByAnUntrustedKeyIsRefused) {
    sign(plugin_, stranger_);
    expect_refused(plugin_, requiring({first_.public_key}), Errc::untrusted_key,
                   plugin_.string() + ": signature: expected a key this host trusts (" + first_.public_key.id() +
                       "), found key " + stranger_.public_key.id());
}

TEST_F(Signatures, ATruncatedSignatureIsRefused) {
    sign(plugin_, first_);
    cut(plugin_, 64);
    expect_refused(plugin_, requiring({first_.public_key}), Errc::bad_signature,
                   plugin_.string() +
                       ": signature block: expected 128 bytes ending the file, found 64 bytes from offset " +
                       std::to_string(unsigned_size_) + " (truncated?)");
}

TEST_F(Signatures, AFileEditedAfterSigningIsRefused) {
    sign(plugin_, first_);
    flip_byte(plugin_, unsigned_size_ / 2);
    expect_refused(plugin_, requiring({first_.public_key}), Errc::bad_signature, mismatch_message(plugin_, first_));
}

// The signature is checked first: a file the ELF reader would refuse (not_elf)
// is refused for its signature, so an unsigned file never reaches libelf.
TEST_F(Signatures, TheSignatureIsCheckedBeforeTheElfReaderSeesTheFile) {
    sign(plugin_, first_);
    flip_byte(plugin_, 0);  // 0x7f 'E' 'L' 'F' becomes 0x7e 'E' 'L' 'F'
    expect_refused(plugin_, requiring({first_.public_key}), Errc::bad_signature, mismatch_message(plugin_, first_));
}

// Re-signing replaces the block: an edit plus a stranger's signature is a stranger's file.
TEST_F(Signatures, AFileEditedAndResignedByAnUntrustedKeyIsRefused) {
    sign(plugin_, first_);
    flip_byte(plugin_, unsigned_size_ / 2);
    sign(plugin_, stranger_);
    expect_refused(plugin_, requiring({first_.public_key, second_.public_key}), Errc::untrusted_key,
                   plugin_.string() + ": signature: expected a key this host trusts (" + first_.public_key.id() + ", " +
                       second_.public_key.id() + "), found key " + stranger_.public_key.id());
}

TEST_F(Signatures, AFileSignedByTheSecondOfTwoTrustedKeysLoads) {
    sign(plugin_, second_);
    const auto report = load(only_file(plugin_), requiring({first_.public_key, second_.public_key}));
    ASSERT_TRUE(report.ok()) << testing::PrintToString(tenon_test::messages(report));
    expect_ran({"trust-alpha"});
    EXPECT_EQ(signer_of("trust-alpha"), second_.public_key.id());
}

// Whichever way the validated file is mapped, the bytes checked are the bytes mapped.
TEST_F(Signatures, AGoodSignatureLoadsWithEveryMapMethod) {
    sign(plugin_, first_);
    for (const tenon::MapMethod method : {tenon::MapMethod::automatic, tenon::MapMethod::descriptor,
                                          tenon::MapMethod::sealed_copy, tenon::MapMethod::private_file}) {
        SCOPED_TRACE(static_cast<int>(method));
        tenon::HostConfig config = requiring({first_.public_key});
        config.map_method = method;
        config.private_copy_directory = scratch_.path();
        const auto report = load(only_file(plugin_), std::move(config));
        EXPECT_TRUE(report.ok()) << testing::PrintToString(tenon_test::messages(report));
        EXPECT_EQ(signer_of("trust-alpha"), first_.public_key.id());
        host_->finish(TEST_STAGE_DUMP, 0);
    }
    // Each host mapped the file afresh: four constructors ran, one per host.
    std::string four_runs;
    for (int i = 0; i < 4; ++i) {
        four_runs += "trust-alpha: constructor ran\n";
    }
    EXPECT_EQ(validation::read_bytes(trace_), four_runs);
}

// ---- Plugins found in a directory, and the load modes ----

// Strict mode refuses before mapping anything: the bad neighbour keeps the good file's code from running.
TEST_F(Signatures, InStrictModeAnUnsignedNeighbourKeepsASignedFileFromLoading) {
    sign(plugin_, first_);
    const fs::path neighbour = dir_.add_fixture("t_beta.so", "beta.so");
    EXPECT_TRUE(only_error(load(only_directory(dir_.path()), requiring({first_.public_key})), Errc::unsigned_plugin,
                           unsigned_message(neighbour)));
    expect_no_plugin_code_ran();
}

TEST_F(Signatures, InLenientModeTheSignedFileLoadsBesideAnUnsignedOne) {
    sign(plugin_, first_);
    const fs::path neighbour = dir_.add_fixture("t_beta.so", "beta.so");
    const auto report = load(only_directory(dir_.path()),
                             requiring({first_.public_key}, tenon_test::test_config(tenon::LoadMode::lenient)));
    EXPECT_TRUE(only_error(report, Errc::unsigned_plugin, unsigned_message(neighbour)));
    expect_ran({"trust-alpha"});  // and not trust-beta
    EXPECT_EQ(signer_of("trust-alpha"), first_.public_key.id());
}

TEST_F(Signatures, EveryFileOfADirectoryIsCheckedWithItsOwnKey) {
    sign(plugin_, first_);
    sign(dir_.add_fixture("t_beta.so", "beta.so"), second_);
    const auto report = load(only_directory(dir_.path()), requiring({first_.public_key, second_.public_key}));
    ASSERT_TRUE(report.ok()) << testing::PrintToString(tenon_test::messages(report));
    expect_ran({"trust-alpha", "trust-beta"});
    EXPECT_EQ(signer_of("trust-alpha"), first_.public_key.id());
    EXPECT_EQ(signer_of("trust-beta"), second_.public_key.id());
}

// ---- The host's configuration ----

TEST_F(Signatures, RequiringSignaturesWithoutAKeyIsAnInvalidConfig) {
    const auto created = tenon::Host::create(requiring({}));
    ASSERT_FALSE(created);
    EXPECT_EQ(created.error().code, Errc::invalid_config);
    EXPECT_EQ(created.error().message,
              "host config: field 'signatures.trusted_keys': expected at least one key when signatures are required, "
              "found none");
}

TEST_F(Signatures, WhenSignaturesAreNotRequiredAnUnsignedFileLoadsUnattributed) {
    const auto report = load(only_file(plugin_));
    ASSERT_TRUE(report.ok()) << testing::PrintToString(tenon_test::messages(report));
    expect_ran({"trust-alpha"});
    EXPECT_EQ(signer_of("trust-alpha"), "");
}

// Off means not read: even a damaged block is only trailing bytes the dynamic loader ignores.
TEST_F(Signatures, WhenSignaturesAreNotRequiredNoBlockIsRead) {
    sign(plugin_, first_);
    cut(plugin_, 64);
    const auto report = load(only_file(plugin_));
    ASSERT_TRUE(report.ok()) << testing::PrintToString(tenon_test::messages(report));
    expect_ran({"trust-alpha"});
    EXPECT_EQ(signer_of("trust-alpha"), "");
}

// ---- Plugins in CRIU's format (no Tenon metadata) ----

class CriuFormatSignatures : public Signatures {
protected:
    void SetUp() override { criu_plugin_ = dir_.add_fixture("t_criu_format.so", "criu_format.so"); }

    tenon::HostConfig criu_host(std::vector<tenon::PublicKey> trusted) const {
        tenon::criu::Options options;
        options.libdir = dir_.path();
        return requiring(std::move(trusted), tenon::criu::host_config(options));
    }

    fs::path criu_plugin_;
};

TEST_F(CriuFormatSignatures, ASignedCriuPluginLoadsAndRecordsTheKey) {
    sign(criu_plugin_, first_);
    const auto report = load(only_file(criu_plugin_), criu_host({first_.public_key}));
    ASSERT_TRUE(report.ok()) << testing::PrintToString(tenon_test::messages(report));
    EXPECT_EQ(validation::plugin_names(*host_), std::vector<std::string>{"trust-criu"});
    EXPECT_EQ(signer_of("trust-criu"), first_.public_key.id());
    EXPECT_EQ(validation::read_bytes(trace_), "trust-criu: constructor ran\n");
}

TEST_F(CriuFormatSignatures, AnUnsignedCriuPluginIsRefused) {
    expect_refused(criu_plugin_, criu_host({first_.public_key}), Errc::unsigned_plugin, unsigned_message(criu_plugin_));
}

}  // namespace
