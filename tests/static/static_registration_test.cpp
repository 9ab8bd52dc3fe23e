// A static plugin's registration is the host's own data, but a damaged one
// (a NULL entry, a wrong magic, a bad id, a descriptor outside the program)
// still gets a clear error naming the entry and the field, never a crash.
#include "host_test.hpp"

#include <tenon/static_plugin.hpp>

#include <gtest/gtest.h>

#include <memory>

TENON_DECLARE_STATIC_PLUGIN(good_c);

namespace {

using tenon::Errc;
using tenon_test::Strings;

class StaticRegistration : public tenon_test::HostTest {
protected:
    tenon::Error refusal(const tenon_static_plugin *registration) {
        tenon::PluginSources sources;
        sources.static_plugins = {TENON_STATIC_PLUGIN_OF(good_c), registration};
        const tenon::LoadReport report = host_->load(sources, TEST_STAGE_DUMP);
        EXPECT_EQ(report.errors.size(), 1u);
        EXPECT_EQ(host_->plugins().size(), 0u);  // strict: the good one is not loaded either
        EXPECT_EQ(recorder_.events(), Strings{});
        return report.errors.empty() ? tenon::Error{} : report.errors[0];
    }
    tenon_static_plugin copy() const { return *TENON_STATIC_PLUGIN_OF(good_c); }
};

TEST_F(StaticRegistration, ANullEntryIsRefused) {
    const tenon::Error error = refusal(nullptr);
    EXPECT_EQ(error.code, Errc::invalid_argument);
    EXPECT_EQ(error.message, "static plugin 1: registration: expected a tenon_static_plugin, found NULL");
}

TEST_F(StaticRegistration, AWrongMagicIsRefused) {
    tenon_static_plugin bad = copy();
    bad.magic = 0x12345678;
    const tenon::Error error = refusal(&bad);
    EXPECT_EQ(error.code, Errc::bad_magic);
    EXPECT_EQ(error.message, "static plugin 1: field 'magic': expected 0x54534e54, found 0x12345678");
}

TEST_F(StaticRegistration, AnIdThatIsNoIdentifierIsRefusedEscaped) {
    tenon_static_plugin bad = copy();
    bad.id = "no\x1b[31m";
    const tenon::Error error = refusal(&bad);
    EXPECT_EQ(error.code, Errc::malformed_metadata);
    EXPECT_EQ(error.message,
              "static plugin 1: field 'id': expected an identifier of at most 255 letters, digits and _, found "
              "'no\\x1b[31m'");
}

TEST_F(StaticRegistration, ADescriptorOutsideTheProgramIsRefused) {
    const auto heap = std::make_unique<std::byte[]>(4096);
    std::memcpy(heap.get(), TENON_STATIC_PLUGIN_OF(good_c)->descriptor,
                TENON_STATIC_PLUGIN_OF(good_c)->descriptor_size);
    tenon_static_plugin bad = copy();
    bad.id = "moved";
    bad.descriptor = heap.get();
    const tenon::Error error = refusal(&bad);
    EXPECT_EQ(error.code, Errc::bad_layout);
    EXPECT_EQ(error.message.rfind("static:moved: field 'descriptor': expected an address inside one loaded segment "
                                  "of the program, found 0x",
                                  0),
              0u)
        << error.message;
}

TEST_F(StaticRegistration, ARecordsRangeBackwardsIsRefused) {
    tenon_static_plugin bad = copy();
    bad.id = "backwards";
    std::swap(bad.records_begin, bad.records_end);
    const tenon::Error error = refusal(&bad);
    EXPECT_EQ(error.code, Errc::bad_layout);
    EXPECT_EQ(error.message.rfind("static:backwards: records: expected both bounds NULL, or begin <= end, found 0x", 0),
              0u)
        << error.message;
}

}  // namespace
