#include "validation_support.hpp"

#include <cstdlib>
#include <fstream>
#include <iterator>

namespace validation {

tenon::Host make_host(tenon_test::Recorder &recorder, tenon::HostConfig config) {
    tenon::Host host = tenon::Host::create(std::move(config)).value();
    recorder.attach(host);
    return host;
}

tenon::PluginSources only_file(const std::filesystem::path &file) {
    tenon::PluginSources sources;
    sources.files = {file};
    return sources;
}

tenon::PluginSources only_directory(const std::filesystem::path &directory) {
    tenon::PluginSources sources;
    sources.directories = {directory};
    return sources;
}

std::string read_bytes(const std::filesystem::path &file) {
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::vector<std::string> plugin_names(const tenon::Host &host) {
    std::vector<std::string> names;
    for (const auto &plugin : host.plugins()) {
        names.push_back(plugin.name);
    }
    return names;
}

::testing::AssertionResult only_error(const tenon::LoadReport &report, tenon::Errc code, const std::string &message) {
    const auto &errors = report.errors;
    if (errors.size() == 1 && errors[0].code == code && errors[0].message == message) {
        return ::testing::AssertionSuccess();
    }
    ::testing::AssertionResult failure = ::testing::AssertionFailure();
    if (errors.size() != 1) {
        failure << "expected exactly 1 error, found " << errors.size();
    } else {
        const bool code_differs = errors[0].code != code;
        const bool message_differs = errors[0].message != message;
        failure << "the one error differs in " << (code_differs ? "code" : "")
                << (code_differs && message_differs ? " and " : "") << (message_differs ? "message" : "");
    }
    failure << "\n  expected: " << ::testing::PrintToString(code) << ": " << message;
    for (std::size_t i = 0; i < errors.size(); ++i) {
        failure << "\n  found[" << i << "]: " << ::testing::PrintToString(errors[i].code) << ": " << errors[i].message
                << "\n    (file " << errors[i].file << ")";
    }
    return failure;
}

ScopedEnv::ScopedEnv(std::string name, const std::string &value) : name_(std::move(name)) {
    setenv(name_.c_str(), value.c_str(), 1);
}

ScopedEnv::~ScopedEnv() {
    unsetenv(name_.c_str());
}

}  // namespace validation
