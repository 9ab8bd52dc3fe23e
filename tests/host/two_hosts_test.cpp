// A plugin file is mapped once per process, so its globals (the services
// pointer among them) can serve only one Host: a second Host is refused,
// until the first lets go.
#include "test_hooks.h"
#include "test_support.hpp"

#include <gtest/gtest.h>

namespace {

using tenon_test::fixture;
using tenon_test::test_config;

TEST(TwoHosts, SecondHostIsRefusedTheSameFileUntilTheFirstFinishes) {
    tenon::PluginSources sources;
    sources.files = {fixture("h_plain.so")};
    auto first = tenon::Host::create(test_config());
    auto second = tenon::Host::create(test_config());
    second->set_log_sink([](tenon::LogLevel, std::string_view, std::string_view) {});

    ASSERT_TRUE(first->load(sources, TEST_STAGE_DUMP).ok());
    const tenon::LoadReport refused = second->load(sources, TEST_STAGE_DUMP);
    ASSERT_EQ(refused.errors.size(), 1u);
    EXPECT_EQ(refused.errors[0].code, tenon::Errc::already_loaded);
    EXPECT_EQ(refused.errors[0].message,
              fixture("h_plain.so").string() +
                  ": file: expected one no other tenon::Host in this process has loaded, found it loaded by "
                  "another Host (the dynamic loader maps a file once per process)");
    EXPECT_TRUE(second->plugins().empty());

    first->finish(TEST_STAGE_DUMP, 0);
    ASSERT_TRUE(second->load(sources, TEST_STAGE_DUMP).ok());
    int answer = 0;
    EXPECT_EQ(second->hook<test_claim_hook>().value()(21, &answer), 0);
    EXPECT_EQ(answer, 42);
    second->finish(TEST_STAGE_DUMP, 0);
}

TEST(TwoHosts, DestroyingAHostReleasesItsFiles) {
    tenon::PluginSources sources;
    sources.files = {fixture("h_plain.so")};
    {
        auto first = tenon::Host::create(test_config());
        first->set_log_sink([](tenon::LogLevel, std::string_view, std::string_view) {});
        ASSERT_TRUE(first->load(sources, TEST_STAGE_DUMP).ok());
    }  // destroyed without finish(): it still unloads and releases the file
    auto second = tenon::Host::create(test_config());
    EXPECT_TRUE(second->load(sources, TEST_STAGE_DUMP).ok());
    second->finish(TEST_STAGE_DUMP, 0);
}

}  // namespace
