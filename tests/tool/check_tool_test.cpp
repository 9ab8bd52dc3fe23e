// `tenon check`: the loader's verdicts on a directory, against an interface
// the test writes with tenon::interface_json, as a host would; exact output,
// exit status, and proof that no plugin code ran.
#include "test_support.hpp"
#include "tool_support.hpp"

#include <tenon/interface.hpp>
#include <tenon/signing.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <unistd.h>
#include <fstream>

namespace {

using namespace tool_test;

class Check : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_EQ(setenv("TENON_TEST_CONSTRUCTOR_TRACE", trace().c_str(), 1), 0);
        std::ofstream(interface()) << tenon::interface_json(tenon_test::test_config());
    }
    void TearDown() override { unsetenv("TENON_TEST_CONSTRUCTOR_TRACE"); }

    fs::path interface() const { return scratch_.path() / "host.json"; }
    fs::path trace() const { return scratch_.path() / "constructor-ran"; }
    Outcome tenon(const std::vector<std::string> &args) const { return run_tenon(scratch_.path(), args); }

    tenon_test::TempDir scratch_;
    tenon_test::TempDir plugins_;
};

TEST_F(Check, AcceptedAndRefusedFilesEachGetAVerdictAndNoneRuns) {
    const auto good = plugins_.add_fixture("v_good_c.so", "a.so");
    const auto other = plugins_.add_fixture("v_interface_other.so", "b.so");
    const auto constructor = plugins_.add_fixture("v_constructor_valid.so", "c.so");
    plugins_.write_file("d.so", "not a plugin\n");
    const fs::path garbage = plugins_.path() / "d.so";

    const Outcome outcome = tenon({"check", "--interface", interface().string(), plugins_.path().string()});

    EXPECT_EQ(outcome.status, 1);
    EXPECT_EQ(outcome.err, "");
    EXPECT_EQ(outcome.out,
              "accepted " + good.string() + ": v-good-c 1.2.3 (load position 1)\n" + "refused  " + other.string() +
                  ": field 'interface' name: expected 'test', found 'other' (from 'other/1') [interface_mismatch]\n" +
                  "accepted " + constructor.string() + ": v-constructor-valid 1.0.0 (load position 2)\n" + "refused  " +
                  garbage.string() + ": not an ELF file: expected magic 7f 45 4c 46, found 6e 6f 74 20 [not_elf]\n" +
                  "2 accepted, 2 refused\n");
    EXPECT_FALSE(fs::exists(trace()));  // c.so's constructor never ran
}

TEST_F(Check, EveryFileAcceptedIsStatusZero) {
    const auto good = plugins_.add_fixture("v_good_c.so", "a.so");
    const Outcome outcome = tenon({"check", "--interface", interface().string(), good.string()});
    EXPECT_EQ(outcome.status, 0);
    EXPECT_EQ(outcome.out, "accepted " + good.string() + ": v-good-c 1.2.3 (load position 1)\n1 accepted, 0 refused\n");
}

TEST_F(Check, JsonHasOneEntryPerFile) {
    const auto good = plugins_.add_fixture("v_good_c.so", "a.so");
    const auto other = plugins_.add_fixture("v_interface_other.so", "b.so");
    const Outcome outcome = tenon({"check", "--json", "--interface", interface().string(), plugins_.path().string()});
    EXPECT_EQ(outcome.status, 1);
    const nlohmann::ordered_json expected = {
        {"plugins",
         {{{"file", good.string()},
           {"verdict", "accepted"},
           {"name", "v-good-c"},
           {"version", "1.2.3"},
           {"load_position", 1}},
          {{"file", other.string()},
           {"verdict", "refused"},
           {"code", "interface_mismatch"},
           {"message", other.string() + ": field 'interface' name: expected 'test', found 'other' (from 'other/1')"}}}},
        {"errors", nlohmann::ordered_json::array()},
        {"accepted", 1},
        {"refused", 1},
        {"ok", false}};
    EXPECT_EQ(nlohmann::ordered_json::parse(outcome.out), expected);
}

// One file per kind of refusal the loader makes before mapping anything:
// metadata, ABI, hook type, a missing dependency and the trust policy.
TEST_F(Check, EachKindOfRefusalHasTheLoadersMessage) {
    const auto good = plugins_.add_fixture("v_good_c.so", "a.so");
    const auto magic = plugins_.add_fixture("v_bad_magic.so", "b.so");
    const auto abi = plugins_.add_fixture("v_abi_major.so", "c.so");
    const auto type = plugins_.add_fixture("v_signature_mismatch.so", "d.so");
    const auto orphan = plugins_.add_fixture("t_probe_needs_good.so", "e.so");
    const auto writable = plugins_.add_fixture("v_good_cpp.so", "f.so");
    fs::permissions(writable, fs::perms::others_write, fs::perm_options::add);

    const Outcome outcome = tenon({"check", "--interface", interface().string(), plugins_.path().string()});

    EXPECT_EQ(outcome.status, 1);
    EXPECT_EQ(outcome.err, "");
    EXPECT_EQ(outcome.out,
              "accepted " + good.string() + ": v-good-c 1.2.3 (load position 1)\n" + "refused  " + magic.string() +
                  ": field 'magic': expected 0x4e4f4e54, found 0x544e4f4e [bad_magic]\n" + "refused  " + abi.string() +
                  ": field 'abi_major': expected 1, found 2 (the plugin was built for Tenon ABI 2.0) "
                  "[abi_incompatible]\n" +
                  "refused  " + type.string() +
                  ": hook 'test_claim': signature: expected 'int(int, int *)', found 'int(long, long *)' "
                  "[signature_mismatch]\n" +
                  "refused  " + orphan.string() +
                  ": requirement 'probe-good' (>=1): expected a plugin named 'probe-good' among those being loaded, "
                  "found none [missing_dependency]\n" +
                  "refused  " + writable.string() +
                  ": trust policy: file: expected no write permission for group or others, found mode 0757, owner "
                  "uid " +
                  std::to_string(geteuid()) + " [untrusted_path]\n" + "1 accepted, 5 refused\n");
    EXPECT_FALSE(fs::exists(trace()));
}

// With signatures required, an unsigned file and one signed by another key
// are refused; the one signed by a trusted key is accepted.
TEST_F(Check, SignaturesAreCheckedAgainstTheInterfacesKeys) {
    const tenon::KeyPair trusted = tenon::generate_key_pair();
    const tenon::KeyPair stranger = tenon::generate_key_pair();
    tenon::HostConfig config = tenon_test::test_config();
    config.signatures.required = true;
    config.signatures.trusted_keys = {trusted.public_key};
    std::ofstream(interface(), std::ios::trunc) << tenon::interface_json(config);
    const auto signed_good = plugins_.add_fixture("v_good_c.so", "a.so");
    const auto unsigned_file = plugins_.add_fixture("v_good_cpp.so", "b.so");
    const auto foreign = plugins_.add_fixture("v_optional_hook.so", "c.so");
    ASSERT_EQ(tenon::sign_plugin(signed_good, trusted.secret_key).code, tenon::Errc::ok);
    ASSERT_EQ(tenon::sign_plugin(foreign, stranger.secret_key).code, tenon::Errc::ok);

    const Outcome outcome = tenon({"check", "--interface", interface().string(), plugins_.path().string()});

    EXPECT_EQ(outcome.status, 1);
    EXPECT_EQ(outcome.out, "accepted " + signed_good.string() + ": v-good-c 1.2.3 (load position 1)\n" + "refused  " +
                               unsigned_file.string() +
                               ": signature: expected a Tenon signature block at the end of the file (signatures are "
                               "required; sign it with 'tenon sign'), found none [unsigned_plugin]\n" +
                               "refused  " + foreign.string() + ": signature: expected a key this host trusts (" +
                               trusted.public_key.id() + "), found key " + stranger.public_key.id() +
                               " [untrusted_key]\n" + "1 accepted, 2 refused\n");
}

TEST_F(Check, ADamagedInterfaceIsRefusedWithItsMember) {
    std::ofstream(interface(), std::ios::trunc) << R"({"format": "tenon-interface 2"})";
    const Outcome outcome = tenon({"check", "--interface", interface().string(), plugins_.path().string()});
    EXPECT_EQ(outcome.status, 1);
    EXPECT_EQ(outcome.out, "");
    EXPECT_EQ(outcome.err,
              "tenon: " + interface().string() + ": member 'interface': expected to be present, found nothing\n");
}

}  // namespace
