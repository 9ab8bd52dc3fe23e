// <tenon/compat/ppp.h> through real plugins: PANDA-style callbacks, plain and
// with a context, run in registration order; the one-load check before and
// after registrations; the boolean run; removal; the failures a PANDA plugin
// could hit (no such plugin, the reserved context, an outdated header), as
// statuses and warnings where PANDA asserted.
#include "host_test.hpp"
#include "ppp_provider_ppp.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace {

using tenon_test::HostTest;
using Strings = std::vector<std::string>;

class PppTest : public HostTest {
protected:
    int answer(int key, int in = 0) const {
        int value = in;
        EXPECT_EQ(claim(key, value), 0);
        return value;
    }
    Strings warnings_of(const std::string &plugin) const {
        return tenon_test::starting_with(recorder_.lines(), "[" + plugin + "] warn: ");
    }
};

TEST_F(PppTest, NobodyRegisteredCostsOneLoadAndCallsNothing) {
    load({"ppp_provider.so"});

    EXPECT_EQ(answer(PPP_KEY_CHECK), 0);
    answer(PPP_KEY_RUN, 5);
    EXPECT_EQ(answer(PPP_KEY_BOOL), 0);
    EXPECT_EQ(recorder_.events(), Strings{});
}

TEST_F(PppTest, PlainAndContextCallbacksRunInRegistrationOrderAndEveryFailureIsAStatus) {
    load({"ppp_provider.so", "ppp_consumer.so"});

    EXPECT_EQ(recorder_.events(),
              (Strings{
                  "ppp_consumer: register plain: 0", "ppp_consumer: register with context: 0",
                  "ppp_consumer: register filter: 0", "ppp_consumer: register filter with context: 0",
                  "ppp_consumer: register on a plugin not loaded: -1",     // NO_PROVIDER
                  "ppp_consumer: register with the reserved context: -5",  // BAD_ARGUMENT
              }));
    EXPECT_EQ(warnings_of("ppp_consumer"),
              (Strings{"[ppp_consumer] warn: PPP_REG_CB(\"ppp_nowhere\", on_value): subscribe to 'on_value' of "
                       "plugin 'ppp_nowhere': provider: expected a loaded, initialised plugin named 'ppp_nowhere', "
                       "found none",
                       "[ppp_consumer] warn: PPP_REG_CB_WITH_CONTEXT(ppp_provider, on_value): expected a context "
                       "other than (void *)UINTPTR_MAX, found (void *)UINTPTR_MAX, which marks plain registrations"}));

    EXPECT_EQ(answer(PPP_KEY_CHECK), 3);  // both callbacks have someone
    const std::size_t before = recorder_.events().size();
    answer(PPP_KEY_RUN, 5);
    EXPECT_EQ(answer(PPP_KEY_BOOL), 0);  // both filters returned false
    const Strings all = recorder_.events();
    EXPECT_EQ(Strings(all.begin() + static_cast<std::ptrdiff_t>(before), all.end()),
              (Strings{"ppp_consumer: plain 5", "ppp_consumer: context 5042", "ppp_consumer: filter plain 7",
                       "ppp_consumer: filter context 49"}));
}

TEST_F(PppTest, TheBooleanRunTakesItsBodyWhenAnyCallbackReturnsTrue) {
    load({"ppp_provider.so", "ppp_consumer_true.so"});
    EXPECT_EQ(answer(PPP_KEY_BOOL), 1);
}

TEST_F(PppTest, RemovalMatchesFunctionAndContextAndTheCheckSeesNobodyAfterwards) {
    load({"ppp_provider.so", "ppp_consumer.so"});
    const std::size_t before = recorder_.events().size();
    ASSERT_EQ(host_->unload("ppp_consumer", TEST_STAGE_DUMP).code, tenon::Errc::ok);

    const Strings all = recorder_.events();
    EXPECT_EQ(Strings(all.begin() + static_cast<std::ptrdiff_t>(before), all.end()),
              (Strings{"ppp_consumer: remove plain: 0", "ppp_consumer: remove with another context: -8",
                       "ppp_consumer: remove with its context: 0", "ppp_consumer: remove plain again: -8"}));
    EXPECT_EQ(answer(PPP_KEY_CHECK), 0);  // its filters ended with its unload
    answer(PPP_KEY_RUN, 6);
    EXPECT_EQ(recorder_.events().size(), all.size());  // nothing ran
}

TEST_F(PppTest, AnOutdatedHeaderGetsASignatureMismatchNotAWrongCall) {
    load({"ppp_provider.so", "ppp_stale.so"});

    EXPECT_EQ(recorder_.events(), Strings{"ppp_stale: register: -3"});  // SIGNATURE_MISMATCH
    EXPECT_EQ(warnings_of("ppp_stale"),
              Strings{"[ppp_stale] warn: PPP_REG_CB(\"ppp_provider\", on_value): subscribe to 'on_value' of plugin "
                      "'ppp_provider': signature: expected 'void(long value)' (the subscriber's declaration), found "
                      "'void(int value)' (event 'on_value' of plugin 'ppp_provider')"});
    EXPECT_EQ(answer(PPP_KEY_CHECK), 0);
}

TEST_F(PppTest, AConsumerIncludingTheHeaderDeclaresNoEventAndTheProviderBothOfThem) {
    const auto provider = tenon::read_plugin_metadata(tenon_test::fixture("ppp_provider.so"));
    ASSERT_TRUE(provider) << provider.error().message;
    ASSERT_EQ(provider->events.size(), 2u);
    EXPECT_EQ(provider->events[0].name, "on_filter");
    EXPECT_EQ(provider->events[0].signature, "bool(int value)");
    EXPECT_TRUE(provider->events[0].slot_while_subscribed);
    EXPECT_EQ(provider->events[1].name, "on_value");
    const auto consumer = tenon::read_plugin_metadata(tenon_test::fixture("ppp_consumer.so"));
    ASSERT_TRUE(consumer) << consumer.error().message;
    EXPECT_TRUE(consumer->events.empty());
}

}  // namespace
