// The host's event declarations: a handle for an event the host did not
// declare, or declared with another signature, mode or provider, is refused
// (invalid_config); so is a HostConfig with a bad event declaration.
#include "events_support.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace {

class HostEventHandles : public events_test::EventsTest {};

// Declarations the host's config does not match.
struct started_without_stage {
    using callback = void (*)(void *);
    static constexpr const char *provider = TENON_HOST;
    static constexpr const char *name = "host_started";
    static constexpr const char *signature = "void(void *)";
    static constexpr int mode = TENON_NOTIFY;
};
struct vote_as_first_claimer {
    using callback = int (*)(void *, int);
    static constexpr const char *provider = TENON_HOST;
    static constexpr const char *name = "host_vote";
    static constexpr const char *signature = "int(void *, int)";
    static constexpr int mode = TENON_FIRST_CLAIMER;
};
struct started_by_a_plugin {
    using callback = void (*)(void *, int);
    static constexpr const char *provider = "ticker";
    static constexpr const char *name = "host_started";
    static constexpr const char *signature = "void(void *, int)";
    static constexpr int mode = TENON_NOTIFY;
};

template <typename Decl>
tenon::Error event_error(const tenon::Host &host) {
    const auto handle = host.event<Decl>();
    return handle ? tenon::Error{} : handle.error();
}

TEST_F(HostEventHandles, AHandleForAnUndeclaredEventIsRefused) {
    const tenon::Error error = event_error<host_stopped_event>(*host_);
    EXPECT_EQ(error.code, tenon::Errc::invalid_config);
    EXPECT_EQ(error.message, "event 'host_stopped': expected an event declared in the host config, found none");
}

TEST_F(HostEventHandles, AHandleWithAnotherSignatureIsRefused) {
    const tenon::Error error = event_error<started_without_stage>(*host_);
    EXPECT_EQ(error.code, tenon::Errc::invalid_config);
    EXPECT_EQ(error.message,
              "event 'host_started': signature: expected 'void(void *, int)' (as declared in the host config), found "
              "'void(void *)'");
}

TEST_F(HostEventHandles, AHandleWithAnotherModeIsRefused) {
    const tenon::Error error = event_error<vote_as_first_claimer>(*host_);
    EXPECT_EQ(error.code, tenon::Errc::invalid_config);
    EXPECT_EQ(error.message, "event 'host_vote': mode: expected broadcast, found first-claimer");
}

TEST_F(HostEventHandles, AHandleForAPluginsEventIsRefused) {
    const tenon::Error error = event_error<started_by_a_plugin>(*host_);
    EXPECT_EQ(error.code, tenon::Errc::invalid_config);
    EXPECT_EQ(error.message,
              "event 'host_started': provider: expected TENON_HOST (a host runs only its own events; subscribe to a "
              "plugin's), found 'ticker'");
}

TEST(HostEventsConfig, BadEventDeclarationsAreRefused) {
    const tenon::EventDecl good = tenon::EventDecl::of<host_started_event>();
    const struct {
        std::vector<tenon::EventDecl> events;
        std::string message;
    } cases[] = {
        {{good, good}, "host config: event 'host_started': expected to be declared once, found twice"},
        {{{"host started", "void(void *, int)", TENON_NOTIFY}},
         "host config: event name: expected a non-empty name of letters, digits and ._+-, found 'host started'"},
        {{{"", "void(void *, int)", TENON_NOTIFY}},
         "host config: event name: expected a non-empty name of letters, digits and ._+-, found ''"},
        {{{"host_mixed", "int(void *, int)", TENON_PARALLEL}},
         "host config: event 'host_mixed': mode: expected notify (4), first-claimer (1) or broadcast (2), found 3"},
        {{{"host_blank", "", TENON_NOTIFY}},
         "host config: event 'host_blank': signature: expected e.g. 'void(void *, int)', found ''"},
        {{{"host_pick", "void(void *, int)", TENON_FIRST_CLAIMER}},
         "host config: event 'host_pick': signature: expected a callback returning int (mode first-claimer), found "
         "'void(void *, int)'"},
        {{{"host_poll", "long(void *, int)", TENON_BROADCAST}},
         "host config: event 'host_poll': signature: expected a callback returning int (mode broadcast), found "
         "'long(void *, int)'"},
    };
    for (const auto &bad : cases) {
        tenon::HostConfig config = tenon_test::test_config();
        config.events = bad.events;
        const auto host = tenon::Host::create(config);
        ASSERT_FALSE(host) << bad.message;
        EXPECT_EQ(host.error().code, tenon::Errc::invalid_config);
        EXPECT_EQ(host.error().message, bad.message);
    }
}

TEST(HostEventsConfig, ANotifyEventMayReturnAnything) {
    tenon::HostConfig config = tenon_test::test_config();
    config.events = {{"host_measure", "long(void *, int)", TENON_NOTIFY}};

    const auto host = tenon::Host::create(config);
    EXPECT_TRUE(host) << host.error().message;
}

}  // namespace
