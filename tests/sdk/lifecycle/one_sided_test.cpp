// TENON_PLUGIN_INIT_ONLY and TENON_PLUGIN_EXIT_ONLY, in C and C++: the one
// function given runs when it should, and nothing stands in for the other.
#include "host_test.hpp"

#include <gtest/gtest.h>

namespace {

using tenon_test::Strings;

Strings run(const std::string &plugin) {
    tenon_test::Recorder recorder;
    tenon::Host host = tenon::Host::create(tenon_test::test_config()).value();
    recorder.attach(host);
    const auto report = host.load(tenon_test::fixture_files({plugin + ".so"}), 3);
    EXPECT_EQ(tenon_test::messages(report), Strings{});
    EXPECT_EQ(host.plugins().size(), 1u);
    host.finish(3, 0);
    return tenon_test::events_of(recorder, plugin);
}

TEST(OneSided, OnlyAnInitInC) {
    EXPECT_EQ(run("only-init-c"), Strings{"only-init-c: init 3"});
}
TEST(OneSided, OnlyAnInitInCxx) {
    EXPECT_EQ(run("only-init-cxx"), Strings{"only-init-cxx: init 3"});
}
TEST(OneSided, OnlyAnExitInC) {
    EXPECT_EQ(run("only-exit-c"), Strings{"only-exit-c: exit 3"});
}
TEST(OneSided, OnlyAnExitInCxx) {
    EXPECT_EQ(run("only-exit-cxx"), Strings{"only-exit-cxx: exit 3"});
}

}  // namespace
