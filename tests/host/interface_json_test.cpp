// tenon::interface_json and parse_interface_json: the host's interface as a
// document and back, every member kept; a damaged document refused with the
// member, the expected and the found value.
#include "test_hooks.h"
#include "test_support.hpp"

#include <tenon/interface.hpp>
#include <tenon/signing.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace {

tenon::HostConfig rich_config() {
    tenon::HostConfig config = tenon_test::test_config(tenon::LoadMode::lenient);
    config.interface_version = 4;
    config.min_interface_version = 2;
    config.events = {tenon::EventDecl{"app.tick", "void(void *, int)", TENON_NOTIFY}};
    config.hooks.push_back(tenon::HookDecl{"app.crunch", "int(int)", TENON_PARALLEL});
    config.limits.max_records = 77;
    config.limits.max_file_size = 1ull << 40;
    config.trust.enforce = false;
    config.trust.trusted_owners = {1000, 1001};
    config.signatures.required = true;
    config.signatures.trusted_keys = {tenon::generate_key_pair().public_key};
    return config;
}

TEST(InterfaceJson, EveryMemberSurvivesTheRoundTrip) {
    const tenon::HostConfig config = rich_config();
    const std::string text = tenon::interface_json(config);
    auto back = tenon::parse_interface_json(text, "host.json");
    ASSERT_TRUE(back) << back.error().message;
    EXPECT_EQ(back->interface_name, config.interface_name);
    EXPECT_EQ(back->interface_version, 4u);
    EXPECT_EQ(back->min_interface_version, 2u);
    EXPECT_EQ(back->mode, tenon::LoadMode::lenient);
    ASSERT_EQ(back->hooks.size(), config.hooks.size());
    for (std::size_t i = 0; i < config.hooks.size(); ++i) {
        EXPECT_EQ(back->hooks[i].name, config.hooks[i].name);
        EXPECT_EQ(back->hooks[i].signature, config.hooks[i].signature);
        EXPECT_EQ(back->hooks[i].mode, config.hooks[i].mode);
    }
    ASSERT_EQ(back->events.size(), 1u);
    EXPECT_EQ(back->events[0].name, "app.tick");
    EXPECT_EQ(back->events[0].mode, TENON_NOTIFY);
    EXPECT_EQ(back->limits.max_records, 77u);
    EXPECT_EQ(back->limits.max_file_size, 1ull << 40);
    EXPECT_FALSE(back->trust.enforce);
    EXPECT_EQ(back->trust.trusted_owners, (std::vector<uid_t>{1000, 1001}));
    EXPECT_TRUE(back->signatures.required);
    ASSERT_EQ(back->signatures.trusted_keys.size(), 1u);
    EXPECT_EQ(back->signatures.trusted_keys[0].id(), config.signatures.trusted_keys[0].id());
    // Written again, the same document: nothing was lost or invented.
    EXPECT_EQ(tenon::interface_json(*back), text);
}

std::string refusal(const std::string &text) {
    auto parsed = tenon::parse_interface_json(text, "host.json");
    return parsed ? "(accepted)" : parsed.error().message;
}

// The document with one member replaced (a JSON path of object keys and array indices).
std::string with(const std::string &pointer, const nlohmann::json &value) {
    auto document = nlohmann::json::parse(tenon::interface_json(rich_config()));
    document[nlohmann::json::json_pointer(pointer)] = value;
    return document.dump();
}

TEST(InterfaceJson, ADamagedDocumentNamesTheMember) {
    EXPECT_EQ(refusal("[]"), "host.json: member '(document)': expected an object, found []");
    EXPECT_EQ(refusal(with("/format", "tenon-interface 2")),
              "host.json: member 'format': expected 'tenon-interface 1', found \"tenon-interface 2\"");
    EXPECT_EQ(refusal(with("/hooks/1/mode", "sometimes")),
              "host.json: member 'hooks[1].mode': expected one of first-claimer, broadcast, parallel, found "
              "\"sometimes\"");
    EXPECT_EQ(refusal(with("/events/0/mode", "parallel")),
              "host.json: member 'events[0].mode': expected one of notify, first-claimer, broadcast, found "
              "\"parallel\"");
    EXPECT_EQ(refusal(with("/limits/max_records", -1)),
              "host.json: member 'limits.max_records': expected a whole number from 0 to 4294967295, found -1");
    EXPECT_EQ(refusal(with("/trust/enforce", "yes")),
              "host.json: member 'trust.enforce': expected true or false, found \"yes\"");
    EXPECT_EQ(refusal(with("/trust/enforced", true)),
              "host.json: member 'trust.enforced': expected no such member (unknown members are refused), found "
              "true");
    EXPECT_EQ(refusal(with("/mode", "relaxed")),
              "host.json: member 'mode': expected strict or lenient, found \"relaxed\"");
    EXPECT_TRUE(refusal("{").starts_with("host.json: not JSON: "));
}

}  // namespace
