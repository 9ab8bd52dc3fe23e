// Events the host declares in HostConfig and runs through host.event<Decl>():
// plugins subscribe in init (C and C++), the host subscribes too, results
// fold by mode, callbacks run in subscription order.
#include "events_support.hpp"

#include <gtest/gtest.h>

#include <cerrno>
#include <string>
#include <vector>

namespace {

using events_test::events_of;
using events_test::Strings;

class HostEvents : public events_test::EventsTest {};

TEST_F(HostEvents, WithoutSubscribersEachModeHasItsEmptyResult) {
    EXPECT_EQ(event<host_started_event>().size(), 0u);
    EXPECT_EQ(event<host_started_event>()(1), 0);
    EXPECT_EQ(event<host_query_event>()(1), -ENOTSUP);
    EXPECT_EQ(event<host_vote_event>()(1), 0);
}

TEST_F(HostEvents, APluginSubscribesInInitAndEveryModeRuns) {
    ASSERT_NO_FATAL_FAILURE(load({"e_listener.so"}));
    EXPECT_EQ(events_of(recorder_, "listener"),
              (Strings{"listener: subscribe started 0", "listener: subscribe query 0", "listener: subscribe vote 0"}));
    EXPECT_EQ(event<host_started_event>().size(), 1u);

    EXPECT_EQ(event<host_started_event>()(11), 0);
    EXPECT_EQ(event<host_query_event>()(7), 70);
    EXPECT_EQ(event<host_query_event>()(8), -ENOTSUP);
    EXPECT_EQ(event<host_vote_event>()(3), -EPERM);
    EXPECT_EQ(event<host_vote_event>()(5), 0);

    EXPECT_EQ(events_of(recorder_, "listener"),
              (Strings{"listener: subscribe started 0", "listener: subscribe query 0", "listener: subscribe vote 0",
                       "listener: started 11", "listener: query 7", "listener: query 8", "listener: vote 3",
                       "listener: vote 5"}));
}

TEST_F(HostEvents, ACppPluginSubscribesPlainAndNoexceptCallbacks) {
    ASSERT_NO_FATAL_FAILURE(load({"e_listener.so", "e_cpp_listener.so"}));
    EXPECT_EQ(event<host_vote_event>().size(), 2u);

    // listener accepts 4; cpp_listener refuses it: the broadcast's result is cpp_listener's error.
    EXPECT_EQ(event<host_vote_event>()(4), -EACCES);
    EXPECT_EQ(event<host_vote_event>()(3), -EPERM);  // listener's error comes first
    event<host_started_event>()(12);

    EXPECT_EQ(events_of(recorder_, "cpp_listener"),
              (Strings{"cpp_listener: subscribe started 0", "cpp_listener: subscribe vote 0", "cpp_listener: vote 4",
                       "cpp_listener: vote 3", "cpp_listener: started 12"}));
    EXPECT_EQ(events_of(recorder_, "listener"),
              (Strings{"listener: subscribe started 0", "listener: subscribe query 0", "listener: subscribe vote 0",
                       "listener: vote 4", "listener: vote 3", "listener: started 12"}));
}

// A host callback's userdata: what it claims or returns, and how often it ran.
struct Answer {
    int claims = 0;  ///< the key it claims (host_query) or fails (host_vote)
    int result = 0;  ///< what it returns then
    int calls = 0;
    int last = 0;  ///< the last value it was given
};

void count_started(void *userdata, int stage) {
    auto *answer = static_cast<Answer *>(userdata);
    ++answer->calls;
    answer->last = stage;
}

int answer_query(void *userdata, int key) {
    auto *answer = static_cast<Answer *>(userdata);
    ++answer->calls;
    return key == answer->claims ? answer->result : -ENOTSUP;
}

int answer_vote(void *userdata, int key) {
    auto *answer = static_cast<Answer *>(userdata);
    ++answer->calls;
    return key == answer->claims ? answer->result : 0;
}

TEST_F(HostEvents, TheHostSubscribesToItsOwnEvents) {
    Answer started;
    const auto id = host_->subscribe<host_started_event>(count_started, &started);
    ASSERT_TRUE(id) << id.error().message;
    EXPECT_NE(id.value(), 0u);

    EXPECT_EQ(event<host_started_event>()(11), 0);
    EXPECT_EQ(started.calls, 1);
    EXPECT_EQ(started.last, 11);
}

TEST_F(HostEvents, HostAndPluginCallbacksRunInSubscriptionOrder) {
    // Subscribed in this order: host `before` (claims 8), listener (claims 7), host `after` (claims 7 and 9).
    Answer before{8, 80};
    Answer after{7, 77};
    ASSERT_TRUE(host_->subscribe<host_query_event>(answer_query, &before));
    ASSERT_NO_FATAL_FAILURE(load({"e_listener.so"}));
    ASSERT_TRUE(host_->subscribe<host_query_event>(answer_query, &after));
    ASSERT_EQ(event<host_query_event>().size(), 3u);

    EXPECT_EQ(event<host_query_event>()(8), 80);  // the first claims; nothing after it runs
    EXPECT_EQ(event<host_query_event>()(7), 70);  // listener claims before `after` could
    EXPECT_EQ(before.calls, 2);
    EXPECT_EQ(after.calls, 0);
    after.claims = 9;
    EXPECT_EQ(event<host_query_event>()(9), 77);
    EXPECT_EQ(before.calls, 3);
    EXPECT_EQ(after.calls, 1);
    EXPECT_EQ(events_of(recorder_, "listener"),
              (Strings{"listener: subscribe started 0", "listener: subscribe query 0", "listener: subscribe vote 0",
                       "listener: query 7", "listener: query 9"}));
}

TEST_F(HostEvents, AThousandHostCallbacksFoldByMode) {
    constexpr int count = 1000;
    std::vector<Answer> answers(count);
    for (int i = 0; i < count; ++i) {
        answers[static_cast<std::size_t>(i)] = {i, -(1000 + i)};
        ASSERT_TRUE(host_->subscribe<host_vote_event>(answer_vote, &answers[static_cast<std::size_t>(i)]));
    }
    EXPECT_EQ(event<host_vote_event>().size(), static_cast<std::size_t>(count));

    EXPECT_EQ(event<host_vote_event>()(count), 0);    // nobody fails it
    EXPECT_EQ(event<host_vote_event>()(600), -1600);  // only number 600 fails it
    for (const Answer &answer : answers) {
        EXPECT_EQ(answer.calls, 2);  // broadcast: every callback ran both times
    }
}

TEST_F(HostEvents, SubscriptionIdsAreDistinctAndNeverZero) {
    Answer answer;
    std::vector<tenon::SubscriptionId> ids;
    for (int i = 0; i < 3; ++i) {
        const auto id = host_->subscribe<host_started_event>(count_started, &answer);
        ASSERT_TRUE(id) << id.error().message;
        ids.push_back(id.value());
    }
    ASSERT_NO_FATAL_FAILURE(load({"e_listener.so"}));
    const int listener_id = ask(LISTENER_STARTED_ID);

    EXPECT_NE(ids[0], 0u);
    EXPECT_NE(ids[0], ids[1]);
    EXPECT_NE(ids[1], ids[2]);
    EXPECT_NE(ids[0], ids[2]);
    for (const auto id : ids) {
        EXPECT_NE(static_cast<int>(id), listener_id);
    }
    EXPECT_EQ(event<host_started_event>()(1), 0);
    EXPECT_EQ(answer.calls, 3);  // one callback subscribed three times runs three times
}

}  // namespace
