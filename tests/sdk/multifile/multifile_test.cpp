// Plugins of several source files, in C and in C++: they link (each file
// declares tenon_plugin_services, one defines it), records from every file
// are collected, and every file sees the one services pointer init got.
#include "host_test.hpp"

#include <gtest/gtest.h>

namespace {

using tenon_test::Strings;

class MultiFile : public ::testing::TestWithParam<std::string> {};

TEST_P(MultiFile, EveryFileIsOnePlugin) {
    const std::string plugin = GetParam();
    tenon_test::Recorder recorder;
    tenon::Host host = tenon::Host::create(tenon_test::test_config()).value();
    recorder.attach(host);
    const auto report = host.load(tenon_test::fixture_files({plugin + ".so"}), 7);
    ASSERT_EQ(tenon_test::messages(report), Strings{});

    int answer = 0;
    EXPECT_EQ(host.hook<test_claim_hook>().value()(11, &answer), 0);  // recorded in the main file
    EXPECT_EQ(answer, 1107);                                          // state from the third file
    int count = 0;
    EXPECT_EQ(host.hook<test_notify_hook>().value()(&count), 0);  // recorded in the hooks file
    EXPECT_EQ(count, 1);
    host.finish(7, 0);
    EXPECT_EQ(tenon_test::events_of(recorder, plugin),
              (Strings{plugin + ": init sees services in hooks file: 1",
                       plugin + ": claimed by the hooks file, stage 7", plugin + ": exit 7"}));
}

INSTANTIATE_TEST_SUITE_P(Sdk, MultiFile, ::testing::Values("multi-c", "multi-cxx"),
                         [](const auto &info) { return info.param == "multi-c" ? "C" : "Cxx"; });

}  // namespace
