// `tenon keygen`, `tenon sign`, `tenon verify`, and the signature in
// `tenon inspect`, run as a user runs them: exact stdout, stderr and status.
#include "test_support.hpp"
#include "tool_support.hpp"

#include <tenon/signing.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <sys/stat.h>

namespace {

using nlohmann::ordered_json;
using namespace tool_test;

constexpr const char *trace_variable = "TENON_TEST_CONSTRUCTOR_TRACE";

mode_t mode_of(const fs::path &file) {
    struct stat status {};
    EXPECT_EQ(stat(file.c_str(), &status), 0) << file;
    return status.st_mode & 07777;
}

class SigningTool : public ::testing::Test {
protected:
    // As in tool_test.cpp: if a plugin's constructor ran, the trace file would exist.
    void SetUp() override { ASSERT_EQ(setenv(trace_variable, (dir_.path() / "constructor-ran").c_str(), 1), 0); }
    void TearDown() override {
        EXPECT_FALSE(fs::exists(dir_.path() / "constructor-ran"));
        unsetenv(trace_variable);
    }

    Outcome tenon(const std::vector<std::string> &args) const { return run_tenon(dir_.path(), args); }

    /// Runs `tenon keygen DIR/name`, checks it worked; returns the key id.
    std::string keygen(const std::string &name) const {
        const Outcome run = tenon({"keygen", key(name).string()});
        EXPECT_EQ(run.status, 0) << run.err;
        auto public_key = tenon::PublicKey::read(key(name + ".pub"));
        EXPECT_TRUE(public_key) << public_key.error().message;
        return public_key ? public_key->id() : "";
    }
    fs::path key(const std::string &file) const { return dir_.path() / file; }
    fs::path plugin(const std::string &name) const { return dir_.add_fixture("t_inspect_me.so", name); }

    tenon_test::TempDir dir_;
};

TEST_F(SigningTool, KeygenWritesASecretAndAPublicKeyAndPrintsTheirId) {
    const Outcome run = tenon({"keygen", key("release").string()});
    EXPECT_EQ(run.status, 0);
    EXPECT_EQ(run.err, "");
    auto public_key = tenon::PublicKey::read(key("release.pub"));
    ASSERT_TRUE(public_key) << public_key.error().message;
    auto secret_key = tenon::SecretKey::read(key("release.secret"));
    ASSERT_TRUE(secret_key) << secret_key.error().message;
    EXPECT_EQ(secret_key->public_key(), *public_key);
    const std::string id = public_key->id();
    EXPECT_EQ(run.out, key("release.secret").string() + ": secret key " + id + "\n" + key("release.pub").string() +
                           ": public key " + id + "\n");
    EXPECT_EQ(mode_of(key("release.secret")), 0600u);
}

TEST_F(SigningTool, KeygenNeverReplacesAKey) {
    keygen("release");
    const std::string secret_text = read_file(key("release.secret"));
    const Outcome again = tenon({"keygen", key("release").string()});
    EXPECT_EQ(again.status, 1);
    EXPECT_EQ(again.out, "");
    EXPECT_EQ(again.err,
              "tenon: " + key("release.secret").string() + ": cannot create: " + std::strerror(EEXIST) + "\n");
    EXPECT_EQ(read_file(key("release.secret")), secret_text);
}

TEST_F(SigningTool, KeygenLeavesNoHalfAPair) {
    dir_.write_file("release.pub", "someone else's key\n");
    const Outcome run = tenon({"keygen", key("release").string()});
    EXPECT_EQ(run.status, 1);
    EXPECT_EQ(run.out, "");
    EXPECT_EQ(run.err, "tenon: " + key("release.pub").string() + ": cannot create: " + std::strerror(EEXIST) + "\n");
    EXPECT_FALSE(fs::exists(key("release.secret")));
    EXPECT_EQ(read_file(key("release.pub")), "someone else's key\n");
}

TEST_F(SigningTool, SignVerifyAndInspectTellTheSameKey) {
    const std::string id = keygen("release");
    const fs::path file = plugin("plugin.so");

    const Outcome signed_run = tenon({"sign", key("release.secret").string(), file.string()});
    EXPECT_EQ(signed_run.status, 0);
    EXPECT_EQ(signed_run.out, file.string() + ": signed by key " + id + "\n");
    EXPECT_EQ(signed_run.err, "");

    const Outcome verified = tenon({"verify", "--key", key("release.pub").string(), file.string()});
    EXPECT_EQ(verified.status, 0);
    EXPECT_EQ(verified.out, file.string() + ": signature by key " + id + " verified\n");
    EXPECT_EQ(verified.err, "");

    const Outcome text = tenon({"inspect", file.string()});
    EXPECT_EQ(text.status, 0);
    EXPECT_EQ(text.out, inspect_me_text(file, "ed25519ph key " + id));
    EXPECT_EQ(text.err, "");

    const Outcome json = tenon({"inspect", "--json", file.string()});
    EXPECT_EQ(json.status, 0);
    EXPECT_EQ(json.err, "");
    EXPECT_EQ(ordered_json::parse(json.out),
              inspect_me_json(file, ordered_json{{"algorithm", "ed25519ph"}, {"key_id", id}}))
        << json.out;
}

TEST_F(SigningTool, SignReportsEachFileItCannotSignAndSignsTheOthers) {
    const std::string id = keygen("release");
    const fs::path first = plugin("first.so");
    const fs::path script = dir_.write_file("script.so", "not a plugin\n");
    const fs::path missing = dir_.path() / "missing.so";
    const fs::path second = plugin("second.so");
    const Outcome run = tenon(
        {"sign", key("release.secret").string(), first.string(), script.string(), missing.string(), second.string()});
    EXPECT_EQ(run.status, 1);
    EXPECT_EQ(run.out,
              first.string() + ": signed by key " + id + "\n" + second.string() + ": signed by key " + id + "\n");
    EXPECT_EQ(run.err, "tenon: " + script.string() +
                           ": not an ELF file: expected magic 7f 45 4c 46, found 6e 6f 74 20\n" +
                           "tenon: " + missing.string() + ": cannot open: " + std::strerror(ENOENT) + "\n");
}

TEST_F(SigningTool, SignRefusesASecretKeyOthersCanRead) {
    keygen("release");
    ASSERT_EQ(chmod(key("release.secret").c_str(), 0644), 0);
    const fs::path file = plugin("plugin.so");
    const std::string before = read_file(file);
    const Outcome run = tenon({"sign", key("release.secret").string(), file.string()});
    EXPECT_EQ(run.status, 1);
    EXPECT_EQ(run.out, "");
    EXPECT_EQ(run.err, "tenon: " + key("release.secret").string() +
                           ": secret key file mode: expected no access for group or others (chmod 600), found 0644\n");
    EXPECT_EQ(read_file(file), before);
}

TEST_F(SigningTool, VerifyReportsEachFileThatFailsAndAcceptsAnyGivenKey) {
    const std::string release = keygen("release");
    const std::string testing = keygen("testing");
    const std::string other = keygen("other");
    const fs::path by_release = plugin("by-release.so");
    const fs::path by_testing = plugin("by-testing.so");
    const fs::path by_other = plugin("by-other.so");
    const fs::path unsigned_file = plugin("unsigned.so");
    ASSERT_EQ(tenon({"sign", key("release.secret").string(), by_release.string()}).status, 0);
    ASSERT_EQ(tenon({"sign", key("testing.secret").string(), by_testing.string()}).status, 0);
    ASSERT_EQ(tenon({"sign", key("other.secret").string(), by_other.string()}).status, 0);

    const Outcome run = tenon({"verify", "--key", key("release.pub").string(), "--key", key("testing.pub").string(),
                               by_release.string(), by_other.string(), unsigned_file.string(), by_testing.string()});
    EXPECT_EQ(run.status, 1);
    EXPECT_EQ(run.out, by_release.string() + ": signature by key " + release + " verified\n" + by_testing.string() +
                           ": signature by key " + testing + " verified\n");
    EXPECT_EQ(run.err, "tenon: " + by_other.string() + ": signature: expected a key this host trusts (" + release +
                           ", " + testing + "), found key " + other + "\n" + "tenon: " + unsigned_file.string() +
                           ": signature: expected a Tenon signature block at the end of the file (signatures are "
                           "required; sign it with 'tenon sign'), found none\n");
}

TEST_F(SigningTool, VerifyStopsAtAKeyFileThatIsNoKey) {
    const fs::path not_a_key = dir_.write_file("release.pub", "tenon-public-key ed25519\n");
    const fs::path file = plugin("plugin.so");
    const Outcome run = tenon({"verify", "--key", not_a_key.string(), file.string()});
    EXPECT_EQ(run.status, 1);
    EXPECT_EQ(run.out, "");
    EXPECT_EQ(run.err, "tenon: " + not_a_key.string() +
                           ": public key: expected 3 words separated by single spaces ('tenon-public-key ed25519 "
                           "HEX'), found 2\n");
}

TEST_F(SigningTool, InspectReportsADamagedBlockInsteadOfTheFile) {
    keygen("release");
    const fs::path file = plugin("plugin.so");
    const std::uint64_t unsigned_size = fs::file_size(file);
    ASSERT_EQ(tenon({"sign", key("release.secret").string(), file.string()}).status, 0);
    fs::resize_file(file, unsigned_size + 127);
    const Outcome run = tenon({"inspect", file.string()});
    EXPECT_EQ(run.status, 1);
    EXPECT_EQ(run.out, "");
    EXPECT_EQ(run.err, "tenon: " + file.string() +
                           ": signature block: expected 128 bytes ending the file, found 127 bytes from offset " +
                           std::to_string(unsigned_size) + " (truncated?)\n");
}

// CLI11 words the messages; the tool's part is the status, 2, and naming what is missing.
TEST_F(SigningTool, UsageErrorsExitWithStatus2) {
    const std::string file = plugin("plugin.so").string();
    for (const auto &[args, problem] : std::vector<std::pair<std::vector<std::string>, std::string>>{
             {{"keygen"}, "NAME is required"},
             {{"sign", key("release.secret").string()}, "FILE is required"},
             {{"verify", file}, "--key is required"},
             {{"verify", "--key", key("release.pub").string()}, "FILE is required"}}) {
        const Outcome run = tenon(args);
        EXPECT_EQ(run.status, 2) << problem;
        EXPECT_EQ(run.out, "") << problem;
        EXPECT_NE(run.err.find(problem), std::string::npos) << run.err;
    }
}

TEST_F(SigningTool, HelpDocumentsEachCommandsOutput) {
    for (const auto &[command, documented] : std::vector<std::pair<std::string, std::string>>{
             {"keygen", "  NAME.secret: secret key KEYID\n  NAME.pub: public key KEYID\n"},
             {"sign", "  FILE: signed by key KEYID\n"},
             {"verify", "  FILE: signature by key KEYID verified\n"}}) {
        const Outcome run = tenon({command, "--help"});
        EXPECT_EQ(run.status, 0) << command;
        EXPECT_EQ(run.err, "") << command;
        EXPECT_NE(run.out.find(documented), std::string::npos) << run.out;
    }
}

}  // namespace
