// Host::find_plugin: what a host (or a tool) learns about one loaded plugin,
// by name, without touching its code.
#include "test_hooks.h"
#include "test_support.hpp"

#include <gtest/gtest.h>

namespace {

using tenon_test::fixture;

TEST(FindPlugin, ReturnsNameVersionFileHooksExportsAndRequirements) {
    auto host = tenon::Host::create(tenon_test::test_config());
    tenon::PluginSources sources;
    sources.files = {fixture("h_lookup.so"), fixture("h_plain.so")};
    ASSERT_TRUE(host->load(sources, TEST_STAGE_DUMP).ok());

    const auto found = host->find_plugin("lookup");
    ASSERT_TRUE(found.ok()) << found.error().message;
    EXPECT_EQ(found->name, "lookup");
    EXPECT_EQ(found->version, "2.1.0");
    EXPECT_EQ(found->description, "Found by name");
    EXPECT_EQ(found->interface_id, "test/2");
    EXPECT_EQ(found->file, fixture("h_lookup.so"));
    EXPECT_EQ(found->hooks, std::vector<std::string>{"test_notify"});
    ASSERT_EQ(found->exports.size(), 1u);
    EXPECT_EQ(found->exports[0].name, "lookup_answer");
    EXPECT_EQ(found->exports[0].signature, "int(void)");
    ASSERT_EQ(found->requirements.size(), 1u);
    EXPECT_EQ(found->requirements[0].name, "plain");
    EXPECT_EQ(found->requirements[0].range, ">=1");
    // lookup requires plain, so plain is first although it was listed second.
    EXPECT_EQ(host->plugins().front().name, "plain");
    host->finish(TEST_STAGE_DUMP, 0);
}

TEST(FindPlugin, UnknownNameIsAnError) {
    auto host = tenon::Host::create(tenon_test::test_config());
    const auto missing = host->find_plugin("nobody");
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().code, tenon::Errc::not_loaded);
    EXPECT_EQ(missing.error().message, "find_plugin: expected a loaded plugin named 'nobody', found none");
}

}  // namespace
