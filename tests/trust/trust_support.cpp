#include "trust_support.hpp"

#include <cerrno>
#include <cstring>
#include <sys/stat.h>

namespace trust_test {

std::string my_uid() {
    return std::to_string(geteuid());
}

void set_mode(const fs::path &path, mode_t mode) {
    ASSERT_EQ(chmod(path.c_str(), mode), 0) << path << ": " << std::strerror(errno);
}

void set_owner(const fs::path &path, uid_t owner) {
    ASSERT_EQ(chown(path.c_str(), owner, static_cast<gid_t>(-1)), 0) << path << ": " << std::strerror(errno);
}

fs::path make_directory(const fs::path &parent, const std::string &name, mode_t mode) {
    const fs::path directory = parent / name;
    fs::create_directory(directory);
    set_mode(directory, mode);
    return directory;
}

void TrustTest::TearDown() {
    if (host_) {
        host_->finish(TEST_STAGE_DUMP, 0);
    }
}

tenon::LoadReport TrustTest::load(const tenon::PluginSources &sources, tenon::HostConfig config) {
    host_.emplace(validation::make_host(recorder_, std::move(config)));
    return host_->load(sources, TEST_STAGE_DUMP);
}

void TrustTest::expect_no_plugin_code_ran() const {
    EXPECT_FALSE(fs::exists(trace_)) << "a constructor ran: " << validation::read_bytes(trace_);
    EXPECT_EQ(recorder_.events(), std::vector<std::string>{});
    if (host_) {
        EXPECT_EQ(validation::plugin_names(*host_), std::vector<std::string>{});
    }
}

void TrustTest::expect_ran(const std::vector<std::string> &plugins) const {
    std::string constructors;
    std::vector<std::string> inits;
    for (const std::string &plugin : plugins) {
        constructors += plugin + ": constructor ran\n";
        inits.push_back(plugin + ": init " + std::to_string(TEST_STAGE_DUMP));
    }
    EXPECT_EQ(validation::read_bytes(trace_), constructors);
    EXPECT_EQ(recorder_.events(), inits);
    ASSERT_TRUE(host_);
    EXPECT_EQ(validation::plugin_names(*host_), plugins);
}

}  // namespace trust_test
