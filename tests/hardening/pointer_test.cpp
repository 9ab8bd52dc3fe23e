// Plugin-supplied pointers: a handler must be this object's code, a slot its
// writable data, and NULL is never a handler. The file's relocations say what
// each will hold, so these are refused before dlopen: their constructors
// never run. (The same checks run again on the mapping before any init.)
#include "hardening_support.hpp"

#include <gtest/gtest.h>

// Interposes on the plugin's own hd_interposed_claim (the executable is linked with its symbols exported).
extern "C" __attribute__((visibility("default"))) int hd_interposed_claim(int key, int *answer) {
    (void)key;
    *answer = -1;
    return 0;
}

namespace {

using hardening::ConstructorTrace;
using tenon::Errc;
using validation::make_host;
using validation::only_error;
using validation::only_file;

struct Loaded {
    tenon::LoadReport report;
    std::filesystem::path file;
    std::vector<std::string> constructors;
    std::vector<std::string> events;
};

Loaded load_fixture(const std::string &name, tenon::LoadMode mode = tenon::LoadMode::strict,
                    std::vector<std::string> also = {}) {
    ConstructorTrace trace;
    tenon_test::TempDir dir;
    tenon::PluginSources sources;
    const auto file = dir.add_fixture(name);
    sources.files = {file};
    for (const std::string &other : also) {
        sources.files.push_back(dir.add_fixture(other));
    }
    tenon_test::Recorder recorder;
    tenon::Host host = make_host(recorder, tenon_test::test_config(mode));
    Loaded loaded{host.load(sources, TEST_STAGE_DUMP), file, {}, {}};
    host.finish(TEST_STAGE_DUMP, 0);
    loaded.constructors = trace.lines();
    loaded.events = recorder.events();
    return loaded;
}

// "FILE: WHAT: expected EXPECTED, found FOUND" without the file: what every case below shares.
const std::string any_code = "an address in an executable segment of this file";
const std::string any_slot =
    "NULL or an address in a writable, non-RELRO segment of this file (the runtime writes there)";

TEST(Pointers, ANullHookIsRefusedBeforeAnyOfItsCodeRuns) {
    const auto loaded = load_fixture("hd_null_hook.so");
    EXPECT_TRUE(
        only_error(loaded.report, Errc::bad_pointer,
                   loaded.file.string() + ": hook 'test_claim' function: expected " + any_code + ", found NULL"));
    EXPECT_TRUE(loaded.constructors.empty());
    EXPECT_TRUE(loaded.events.empty());
}

// A NULL handler once ended the chain early and starved every later plugin: in
// lenient mode the bad plugin is dropped and the others still answer.
TEST(Pointers, ANullHookDoesNotCutTheChainForOtherPlugins) {
    ConstructorTrace trace;
    tenon_test::TempDir dir;
    tenon::PluginSources sources;
    sources.files = {dir.add_fixture("hd_null_hook.so"), dir.add_fixture("hd_good.so")};
    tenon_test::Recorder recorder;
    tenon::Host host = make_host(recorder, tenon_test::test_config(tenon::LoadMode::lenient));
    const auto report = host.load(sources, TEST_STAGE_DUMP);
    ASSERT_EQ(report.errors.size(), 1u);
    EXPECT_EQ(report.errors[0].code, Errc::bad_pointer);
    EXPECT_EQ(report.loaded, std::vector<std::string>{"hd-good"});
    auto claim = host.hook<test_claim_hook>().value();
    EXPECT_EQ(claim.size(), 1u);
    int answer = 0;
    EXPECT_EQ(claim(7, &answer), 0);
    EXPECT_EQ(answer, static_cast<int>(sizeof "hd-good: constructor ran"));
    EXPECT_EQ(trace.lines(), std::vector<std::string>{"hd-good: constructor ran"});
    host.finish(TEST_STAGE_DUMP, 0);
}

TEST(Pointers, AHookBoundToAnotherObjectsFunctionIsRefused) {
    const auto loaded = load_fixture("hd_libc_hook.so");
    EXPECT_TRUE(
        only_error(loaded.report, Errc::bad_pointer,
                   loaded.file.string() +
                       ": hook 'test_claim' function: expected an address in this file (the dynamic linker "
                       "would bind it to another object), found symbol 'abs', which this file does not define"));
    EXPECT_TRUE(loaded.constructors.empty());
}

// What the file cannot tell: the handler is this file's own function, but the
// dynamic linker binds it to the executable's. The check of the mapping
// refuses it before init (its constructor has run: dlopen ran it).
TEST(Pointers, AHookTheDynamicLinkerBindsElsewhereIsRefusedBeforeInit) {
    const auto loaded = load_fixture("hd_interposed_hook.so");
    ASSERT_EQ(loaded.report.errors.size(), 1u);
    EXPECT_EQ(loaded.report.errors[0].code, Errc::bad_pointer);
    char address[32];
    std::snprintf(address, sizeof address, "0x%lx", reinterpret_cast<unsigned long>(&hd_interposed_claim));
    EXPECT_EQ(loaded.report.errors[0].message,
              loaded.file.string() + ": hook 'test_claim' function: expected " + any_code + ", found " + address);
    EXPECT_EQ(loaded.constructors, std::vector<std::string>{"hd-interposed-hook: constructor ran"});
    EXPECT_TRUE(loaded.events.empty());  // no init
}

TEST(Pointers, AnInitPointingAtDataIsRefused) {
    const auto loaded = load_fixture("hd_data_init.so");
    ASSERT_EQ(loaded.report.errors.size(), 1u);
    EXPECT_EQ(loaded.report.errors[0].code, Errc::bad_pointer);
    const std::string prefix = loaded.file.string() + ": descriptor field 'init': expected NULL or " + any_code +
                               ", found link-time address 0x";
    EXPECT_TRUE(loaded.report.errors[0].message.starts_with(prefix)) << loaded.report.errors[0].message;
    EXPECT_TRUE(loaded.constructors.empty());
}

TEST(Pointers, ANullExportIsRefusedRatherThanHandedToImporters) {
    const auto loaded = load_fixture("hd_null_export.so");
    EXPECT_TRUE(
        only_error(loaded.report, Errc::bad_pointer,
                   loaded.file.string() + ": export 'hd_answer' function: expected " + any_code + ", found NULL"));
    EXPECT_TRUE(loaded.constructors.empty());
}

TEST(Pointers, AServicesSlotInReadOnlyDataIsRefused) {
    for (const std::string fixture : {"hd_readonly_slot.so", "hd_relro_slot.so"}) {
        SCOPED_TRACE(fixture);
        const auto loaded = load_fixture(fixture);
        ASSERT_EQ(loaded.report.errors.size(), 1u);
        EXPECT_EQ(loaded.report.errors[0].code, Errc::bad_pointer);
        const std::string prefix = loaded.file.string() + ": descriptor field 'services_slot': expected " + any_slot +
                                   ", found link-time address 0x";
        EXPECT_TRUE(loaded.report.errors[0].message.starts_with(prefix)) << loaded.report.errors[0].message;
        EXPECT_TRUE(loaded.constructors.empty());
        EXPECT_TRUE(loaded.events.empty());
    }
}

TEST(Pointers, AnEventSlotInReadOnlyDataIsRefused) {
    const auto loaded = load_fixture("hd_readonly_event.so");
    ASSERT_EQ(loaded.report.errors.size(), 1u);
    EXPECT_EQ(loaded.report.errors[0].code, Errc::bad_pointer);
    const std::string prefix =
        loaded.file.string() + ": event 'hd_tick' slot: expected " + any_slot + ", found link-time address 0x";
    EXPECT_TRUE(loaded.report.errors[0].message.starts_with(prefix)) << loaded.report.errors[0].message;
    EXPECT_TRUE(loaded.constructors.empty());
}

}  // namespace
