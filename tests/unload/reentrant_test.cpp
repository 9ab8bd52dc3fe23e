// Unload from inside a dispatch is refused with invalid_state and changes
// nothing: from a plugin's hook handler and from a plugin's event callback
// (both through the host service "unload.reenter", which calls Host::unload),
// and from a host callback. Outside any dispatch the same unloads succeed.
#include "unload_support.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace {

using tenon::Errc;
using unload_test::Strings;

// The service is a plain C function, so it reaches the test's host through these.
tenon::Host *reenter_host = nullptr;
std::vector<tenon::Error> reenter_errors;

int reenter(const char *name) {
    reenter_errors.push_back(reenter_host->unload(name, TEST_STAGE_RESTORE));
    return static_cast<int>(reenter_errors.back().code);
}

class UnloadFromInside : public unload_test::UnloadTest {
protected:
    void SetUp() override {
        ASSERT_NO_FATAL_FAILURE(UnloadTest::SetUp());
        reenter_host = &*host_;
        reenter_errors.clear();
        host_->provide_service(UNLOAD_REENTER_SERVICE, reinterpret_cast<void *>(&reenter));
        ASSERT_NO_FATAL_FAILURE(load({"u_provider.so", "u_reentrant.so"}));
    }
    void TearDown() override {
        UnloadTest::TearDown();
        reenter_host = nullptr;
    }
    // Nothing the refused unloads could have touched has changed.
    void expect_both_still_loaded() {
        EXPECT_TRUE(loaded("provider"));
        EXPECT_TRUE(loaded("reentrant"));
        EXPECT_EQ(hook<test_claim_hook>().size(), 2u);
        EXPECT_EQ(host_tick_size(), 2u);
        EXPECT_EQ(recorder_.events(), (Strings{"provider: init 11 load 1", "reentrant: init 11 1"}));
    }
};

TEST_F(UnloadFromInside, AHookHandlerIsRefused) {
    int answer = 0;
    EXPECT_EQ(claim(REENTRANT_KEY_UNLOAD, answer), 0);

    EXPECT_EQ(answer, static_cast<int>(Errc::invalid_state));
    ASSERT_EQ(reenter_errors.size(), 1u);
    EXPECT_EQ(reenter_errors[0].message,
              "unload 'reentrant': expected a call outside hook handlers, event callbacks, init and exit, found one inside");
    EXPECT_TRUE(reenter_errors[0].file.empty());
    expect_both_still_loaded();
}

TEST_F(UnloadFromInside, APluginEventCallbackIsRefused) {
    // unload_host_tick runs provider's callback (adds 1), then reentrant's, which sets the counter to its result.
    EXPECT_EQ(host_tick_sum(), static_cast<int>(Errc::invalid_state));

    ASSERT_EQ(reenter_errors.size(), 1u);
    EXPECT_EQ(reenter_errors[0].code, Errc::invalid_state);
    EXPECT_EQ(reenter_errors[0].message,
              "unload 'provider': expected a call outside hook handlers, event callbacks, init and exit, found one inside");
    expect_both_still_loaded();
}

TEST_F(UnloadFromInside, AHostEventCallbackIsRefused) {
    int seen = 0;
    const auto id = host_->subscribe<provider_tick_event>(
        [](void *userdata, int) { *static_cast<int *>(userdata) = reenter("provider"); }, &seen, "");
    ASSERT_TRUE(id) << id.error().message;

    int answer = 0;
    EXPECT_EQ(claim(PROVIDER_KEY_TICK, answer), 0);  // provider runs provider_tick: the host callback runs

    EXPECT_EQ(seen, static_cast<int>(Errc::invalid_state));
    ASSERT_EQ(reenter_errors.size(), 1u);
    EXPECT_EQ(reenter_errors[0].message,
              "unload 'provider': expected a call outside hook handlers, event callbacks, init and exit, found one inside");
    EXPECT_TRUE(loaded("provider"));
    EXPECT_EQ(host_->unsubscribe(id.value()).code, Errc::ok);  // the host subscription stands too
}

TEST_F(UnloadFromInside, TheSameUnloadsSucceedOutside) {
    int answer = 0;
    ASSERT_EQ(claim(REENTRANT_KEY_UNLOAD, answer), 0);
    ASSERT_EQ(answer, static_cast<int>(Errc::invalid_state));

    EXPECT_EQ(reenter("reentrant"), static_cast<int>(Errc::ok));
    EXPECT_EQ(reenter("provider"), static_cast<int>(Errc::ok));

    EXPECT_FALSE(loaded("reentrant"));
    EXPECT_FALSE(loaded("provider"));
    EXPECT_EQ(recorder_.events(), (Strings{"provider: init 11 load 1", "reentrant: init 11 1", "reentrant: exit 12 0",
                                           "provider: exit 12 0"}));
}

}  // namespace
