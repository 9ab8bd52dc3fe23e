// tenon::plan_dependencies: the loader's order and refusals over metadata
// the caller built, the same rule `Host::load` applies (tenon graph uses it).
#include <tenon/metadata.hpp>

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace {

tenon::PluginMetadata plugin(const std::string &name, std::vector<tenon::RequirementMetadata> requirements = {}) {
    tenon::PluginMetadata metadata;
    metadata.file = "/plugins/" + name + ".so";
    metadata.name = name;
    metadata.version = "1.0.0";
    metadata.requirements = std::move(requirements);
    return metadata;
}

std::vector<std::string> messages(const tenon::DependencyPlan &plan) {
    std::vector<std::string> texts;
    for (const tenon::Error &error : plan.errors) {
        texts.push_back(error.message);
    }
    return texts;
}

TEST(PlanDependencies, EachPluginComesAfterWhatItRequiresTiesInInputOrder) {
    const tenon::DependencyPlan plan =
        tenon::plan_dependencies({plugin("a", {{"c", ""}}), plugin("b"), plugin("c"), plugin("d", {{"a", ">=1"}})});
    EXPECT_EQ(plan.order, (std::vector<std::size_t>{1, 2, 0, 3}));
    EXPECT_TRUE(plan.errors.empty());
}

TEST(PlanDependencies, ALaterPluginWithATakenNameIsLeftOutAsTheLoaderDoes) {
    tenon::PluginMetadata again = plugin("b");
    again.file = "/plugins/b-again.so";
    const tenon::DependencyPlan plan = tenon::plan_dependencies({plugin("a", {{"b", ""}}), plugin("b"), again});
    EXPECT_EQ(plan.order, (std::vector<std::size_t>{1, 0}));
    ASSERT_EQ(plan.errors.size(), 1u);
    EXPECT_EQ(plan.errors[0].code, tenon::Errc::duplicate_plugin);
    EXPECT_EQ(plan.errors[0].file, "/plugins/b-again.so");
    EXPECT_EQ(messages(plan), (std::vector<std::string>{"/plugins/b-again.so: field 'name': expected a name no "
                                                        "other plugin uses, found 'b', already used by "
                                                        "/plugins/b.so"}));
}

TEST(PlanDependencies, RefusalsComeInInputOrderWithTheirCodes) {
    const tenon::DependencyPlan plan = tenon::plan_dependencies(
        {plugin("a", {{"missing", ""}}), plugin("b", {{"c", ">=2"}}), plugin("c"), plugin("d", {{"a", ""}})});
    EXPECT_EQ(plan.order, (std::vector<std::size_t>{2}));
    ASSERT_EQ(plan.errors.size(), 3u);
    EXPECT_EQ(plan.errors[0].code, tenon::Errc::missing_dependency);
    EXPECT_EQ(plan.errors[1].code, tenon::Errc::dependency_version);
    EXPECT_EQ(plan.errors[2].code, tenon::Errc::missing_dependency);
    EXPECT_EQ(messages(plan),
              (std::vector<std::string>{
                  "/plugins/a.so: requirement 'missing': expected a plugin named 'missing' among those being loaded, "
                  "found none",
                  "/plugins/b.so: requirement 'c' (>=2): expected a version in that range, found c 1.0.0 "
                  "(/plugins/c.so)",
                  "/plugins/d.so: requirement 'a': expected it to load, found it refused (see the error for a)"}));
}

}  // namespace
