// Event records as the loader reads them from the file, before any plugin
// code runs: listed by name with signature and mode (read_plugin_metadata,
// Host::find_plugin, Host::plugins), and refused when they name another
// provider, return void in a mode that folds results, use a mode events do
// not have, or repeat.
#include "events_support.hpp"

#include <gtest/gtest.h>

#include <tenon/metadata.hpp>

#include <string>
#include <tuple>
#include <vector>

namespace {

using events_test::fixture;
using events_test::fixture_files;
using events_test::Strings;
using Events = std::vector<std::tuple<std::string, std::string, int>>;

Events events_of(const std::vector<tenon::EventMetadata> &events) {
    Events out;
    for (const auto &event : events) {
        out.emplace_back(event.name, event.signature, event.mode);
    }
    return out;
}

// ticker registers tick, check, claim: metadata lists them by name.
const Events ticker_events = {{"ticker_check", "int(void *, int)", TENON_BROADCAST},
                              {"ticker_claim", "int(void *, int)", TENON_FIRST_CLAIMER},
                              {"ticker_tick", "void(void *, int)", TENON_NOTIFY}};

TEST(EventMetadata, ListsAProvidersEventsSortedByName) {
    const auto metadata = tenon::read_plugin_metadata(fixture("e_ticker.so"));

    ASSERT_TRUE(metadata) << metadata.error().message;
    EXPECT_EQ(metadata->name, "ticker");
    EXPECT_EQ(events_of(metadata->events), ticker_events);
    ASSERT_EQ(metadata->hooks.size(), 1u);
    EXPECT_EQ(metadata->hooks[0].name, "test_claim");
    EXPECT_TRUE(metadata->exports.empty());
}

TEST(EventMetadata, ASubscriberListsNoEvents) {
    for (const char *file : {"e_fan.so", "e_cpp_listener.so"}) {
        const auto metadata = tenon::read_plugin_metadata(fixture(file));

        ASSERT_TRUE(metadata) << metadata.error().message;
        EXPECT_TRUE(metadata->events.empty()) << file;
    }
}

TEST(EventMetadata, APluginCanProvideAndSubscribe) {
    const auto metadata = tenon::read_plugin_metadata(fixture("e_early.so"));

    ASSERT_TRUE(metadata) << metadata.error().message;
    EXPECT_EQ(events_of(metadata->events), (Events{{"early_ask", "int(void *, int)", TENON_FIRST_CLAIMER}}));
    ASSERT_EQ(metadata->requirements.size(), 1u);
    EXPECT_EQ(metadata->requirements[0].name, "ticker");
}

class LoadedEventMetadata : public events_test::EventsTest {};

TEST_F(LoadedEventMetadata, FindPluginAndPluginsListTheEvents) {
    ASSERT_NO_FATAL_FAILURE(load({"e_ticker.so", "e_fan.so"}));

    const auto ticker = host_->find_plugin("ticker");
    ASSERT_TRUE(ticker) << ticker.error().message;
    EXPECT_EQ(events_of(ticker->events), ticker_events);
    EXPECT_EQ(ticker->hooks, Strings{"test_claim"});

    const auto fan = host_->find_plugin("fan");
    ASSERT_TRUE(fan) << fan.error().message;
    EXPECT_TRUE(fan->events.empty());

    const auto all = host_->plugins();
    ASSERT_EQ(all.size(), 2u);
    EXPECT_EQ(events_of(all[0].events), ticker_events);
    EXPECT_TRUE(all[1].events.empty());
}

std::string refusal(const std::string &file, const std::string &what) {
    return fixture(file).string() + ": " + what;
}

// Each refused plugin, and the message naming its file, the event, the field and both values.
const struct Refused {
    std::string file;
    std::string message;
} refused[] = {
    {"e_impostor.so",
     refusal("e_impostor.so",
             "event 'impostor_news': field 'provider': expected 'impostor' (this plugin's name), found "
             "'someone_else'")},
    {"e_void_claimer.so",
     refusal("e_void_claimer.so",
             "event 'void_claimer_pick': field 'signature': expected a callback returning int (mode first-claimer), "
             "found 'void(void *, int)'")},
    {"e_parallel_event.so",
     refusal("e_parallel_event.so",
             "event 'parallel_event_news': field 'mode': expected notify (4), first-claimer (1) or broadcast (2), "
             "found 3")},
    {"e_twice.so", refusal("e_twice.so", "event 'twice_news': registrations: expected one per plugin, found two")},
};

TEST(EventMetadata, BadEventRecordsAreMalformed) {
    for (const Refused &bad : refused) {
        const auto metadata = tenon::read_plugin_metadata(fixture(bad.file));

        ASSERT_FALSE(metadata) << bad.file;
        EXPECT_EQ(metadata.error().code, tenon::Errc::malformed_metadata) << bad.file;
        EXPECT_EQ(metadata.error().message, bad.message);
        EXPECT_EQ(metadata.error().file, fixture(bad.file));
    }
}

TEST_F(LoadedEventMetadata, TheLoaderRefusesBadEventRecordsBeforeAnyCodeRuns) {
    for (const Refused &bad : refused) {
        const auto report = host_->load(fixture_files({"e_listener.so", bad.file}), TEST_STAGE_DUMP);

        ASSERT_EQ(report.errors.size(), 1u) << bad.file;
        EXPECT_EQ(report.errors[0].code, tenon::Errc::malformed_metadata);
        EXPECT_EQ(report.errors[0].message, bad.message);
        EXPECT_TRUE(report.loaded.empty());  // strict: nothing loads
    }
    EXPECT_TRUE(recorder_.events().empty());  // listener's init never ran
}

}  // namespace
