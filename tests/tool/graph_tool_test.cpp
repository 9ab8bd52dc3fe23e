// `tenon graph`: the load order, dependencies, exports and events of a
// directory, from metadata alone, as text and as DOT; exact output, exit
// status, and proof that no plugin code ran.
#include "test_support.hpp"
#include "tool_support.hpp"

#include <gtest/gtest.h>

#include <cstdlib>

namespace {

using namespace tool_test;

class Graph : public ::testing::Test {
protected:
    void SetUp() override { ASSERT_EQ(setenv("TENON_TEST_CONSTRUCTOR_TRACE", trace().c_str(), 1), 0); }
    void TearDown() override { unsetenv("TENON_TEST_CONSTRUCTOR_TRACE"); }

    fs::path trace() const { return scratch_.path() / "constructor-ran"; }
    Outcome tenon(const std::vector<std::string> &args) const { return run_tenon(scratch_.path(), args); }
    // Providers, consumers and one of each refusal, named so the file order differs from the load order.
    void fill() {
        consumer_ = plugins_.add_fixture("x_consumer.so", "a-consumer.so");
        storage_ = plugins_.add_fixture("x_storage.so", "b-storage.so");
        fan_ = plugins_.add_fixture("e_fan.so", "c-fan.so");
        ticker_ = plugins_.add_fixture("e_ticker.so", "d-ticker.so");
        missing_ = plugins_.add_fixture("d_needs_bad_range.so", "e-missing.so");
        again_ = plugins_.add_fixture("x_storage.so", "f-again.so");
        junk_ = plugins_.write_file("g-junk.so", "junk\n");
        cycle_a_ = plugins_.add_fixture("d_a_needs_c.so", "h-cycle.so");
        cycle_c_ = plugins_.add_fixture("d_c_needs_a.so", "i-cycle.so");
        plugins_.add_fixture("v_constructor_valid.so", "j-constructor.so");
    }
    std::string refusals(const std::string &prefix) const {
        return prefix + missing_.string() +
               ": requirement 'bad_range': expected a plugin named 'bad_range' among those being loaded, found none "
               "[missing_dependency]\n" +
               prefix + again_.string() +
               ": field 'name': expected a name no other plugin uses, found 'storage', already used by " +
               storage_.string() + " [duplicate_plugin]\n" + prefix + junk_.string() +
               ": not an ELF file: expected magic 7f 45 4c 46, found 6a 75 6e 6b [not_elf]\n" + prefix +
               cycle_a_.string() + ": dependency cycle: a -> c -> a [dependency_cycle]\n" + prefix + cycle_c_.string() +
               ": dependency cycle: a -> c -> a [dependency_cycle]\n";
    }

    tenon_test::TempDir scratch_;
    tenon_test::TempDir plugins_;
    fs::path consumer_, storage_, fan_, ticker_, missing_, again_, junk_, cycle_a_, cycle_c_;
};

TEST_F(Graph, TextShowsOrderDependenciesExportsEventsAndRefusals) {
    fill();
    const Outcome outcome = tenon({"graph", plugins_.path().string()});
    EXPECT_EQ(outcome.status, 1);
    EXPECT_EQ(outcome.err, "");
    const fs::path constructor = plugins_.path() / "j-constructor.so";
    EXPECT_EQ(outcome.out,
              "load order\n"
              "  1. storage 1.3.0  " +
                  storage_.string() + "\n  2. consumer 1.0.0  " + consumer_.string() + "\n  3. ticker 2.1.0  " +
                  ticker_.string() + "\n  4. fan 1.0.0  " + fan_.string() + "\n  5. v-constructor-valid 1.0.0  " +
                  constructor.string() +
                  "\n"
                  "dependencies\n"
                  "  consumer requires storage >=1.2 <2\n"
                  "  fan requires ticker >=2\n"
                  "exports\n"
                  "  storage_count  int(void)  from storage; dependents: consumer\n"
                  "  storage_get  int(const char *, char *, size_t)  from storage; dependents: consumer\n"
                  "  storage_put  int(const char *, const char *)  from storage; dependents: consumer\n"
                  "events\n"
                  "  ticker_check  int(void *, int)  broadcast  from ticker; dependents: fan\n"
                  "  ticker_claim  int(void *, int)  first-claimer  from ticker; dependents: fan\n"
                  "  ticker_tick  void(void *, int)  notify  from ticker; dependents: fan\n"
                  "refused\n" +
                  refusals("  "));
    EXPECT_FALSE(fs::exists(trace()));  // j-constructor.so's constructor never ran
}

TEST_F(Graph, DotHasABoxPerPluginAndAnEdgePerRequirement) {
    fill();
    const Outcome outcome = tenon({"graph", "--dot", plugins_.path().string()});
    EXPECT_EQ(outcome.status, 1);
    EXPECT_EQ(outcome.out,
              "digraph plugins {\n"
              "  rankdir=BT;\n"
              "  node [shape=box];\n"
              "  \"storage\" [label=\"1. storage 1.3.0\\nexport storage_count int(void)\\nexport storage_get "
              "int(const char *, char *, size_t)\\nexport storage_put int(const char *, const char *)\"];\n"
              "  \"consumer\" [label=\"2. consumer 1.0.0\"];\n"
              "  \"ticker\" [label=\"3. ticker 2.1.0\\nevent ticker_check int(void *, int) broadcast\\nevent "
              "ticker_claim int(void *, int) first-claimer\\nevent ticker_tick void(void *, int) notify\"];\n"
              "  \"fan\" [label=\"4. fan 1.0.0\"];\n"
              "  \"v-constructor-valid\" [label=\"5. v-constructor-valid 1.0.0\"];\n"
              "  \"consumer\" -> \"storage\" [label=\">=1.2 <2\"];\n"
              "  \"fan\" -> \"ticker\" [label=\">=2\"];\n" +
                  refusals("  // refused: ") + "}\n");
    EXPECT_FALSE(fs::exists(trace()));
}

TEST_F(Graph, AllOrderedIsStatusZeroAndAnyVersionIsSaid) {
    const auto b = plugins_.add_fixture("d_b.so", "1.so");
    const auto a = plugins_.add_fixture("d_a_needs_b.so", "2.so");
    const Outcome outcome = tenon({"graph", plugins_.path().string()});
    EXPECT_EQ(outcome.status, 0);
    EXPECT_EQ(outcome.out, "load order\n  1. b 1.0.0  " + b.string() + "\n  2. a 1.0.0  " + a.string() +
                               "\ndependencies\n  a requires b (any version)\nexports\nevents\n");
    const Outcome dot = tenon({"graph", "--dot", b.string(), a.string()});
    EXPECT_EQ(dot.status, 0);
    EXPECT_EQ(dot.out,
              "digraph plugins {\n  rankdir=BT;\n  node [shape=box];\n  \"b\" [label=\"1. b 1.0.0\"];\n  \"a\" "
              "[label=\"2. a 1.0.0\"];\n  \"a\" -> \"b\" [label=\"any\"];\n}\n");
}

TEST_F(Graph, AMissingPathIsRefusedWithTheReadersMessage) {
    const fs::path nowhere = plugins_.path() / "nowhere";
    const Outcome outcome = tenon({"graph", nowhere.string()});
    EXPECT_EQ(outcome.status, 1);
    EXPECT_EQ(outcome.out, "load order\ndependencies\nexports\nevents\nrefused\n  " + nowhere.string() +
                               ": cannot open: No such file or directory [io_error]\n");
}

TEST_F(Graph, ADirectoryEntryNamedSoIsRefusedAsALoadRefusesIt) {
    const auto b = plugins_.add_fixture("d_b.so", "a.so");
    fs::create_directory(plugins_.path() / "x.so");
    const Outcome outcome = tenon({"graph", plugins_.path().string()});
    EXPECT_EQ(outcome.status, 1);
    EXPECT_EQ(outcome.out, "load order\n  1. b 1.0.0  " + b.string() + "\ndependencies\nexports\nevents\nrefused\n  " +
                               (plugins_.path() / "x.so").string() +
                               ": file type: expected a regular file, found a directory [not_regular_file]\n");
}

}  // namespace
