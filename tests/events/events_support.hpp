// Helpers shared by the events tests: a strict host that also declares the
// events of fixtures/host_events.h, a way to drive the fixtures through
// test_claim (fixtures/control.h), and the trace events of one plugin.
#pragma once

#include "control.h"
#include "host_events.h"
#include "host_test.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

namespace events_test {

using tenon_test::events_of;
using tenon_test::fixture;
using tenon_test::fixture_files;
using tenon_test::lines_from;
using tenon_test::starting_with;
using tenon_test::Strings;

/// test_config() plus the host events host_started, host_query and host_vote, in that order.
inline tenon::HostConfig events_config(tenon::LoadMode mode = tenon::LoadMode::strict) {
    tenon::HostConfig config = tenon_test::test_config(mode);
    config.events = {tenon::EventDecl::of<host_started_event>(), tenon::EventDecl::of<host_query_event>(),
                     tenon::EventDecl::of<host_vote_event>()};
    return config;
}

/// HostTest over events_config(): a strict host with a recorder, finished after each test.
class EventsTest : public tenon_test::HostTest {
protected:
    void SetUp() override {
        auto created = tenon::Host::create(events_config());
        ASSERT_TRUE(created) << created.error().message;
        host_.emplace(std::move(created.value()));
        recorder_.attach(*host_);
    }

    /// Sends `key` with `value` to the fixtures through test_claim; returns the answer.
    /// Fails the test unless a fixture claimed the key with 0.
    int ask(int key, int value = 0) const {
        int answer = value;
        EXPECT_EQ(claim(key, answer), 0) << "no fixture claimed key " << key;
        return answer;
    }

    /// The host's handle to one of its own events.
    template <typename Decl>
    tenon::Event<Decl> event() const {
        return host_->event<Decl>().value();
    }
};

}  // namespace events_test
