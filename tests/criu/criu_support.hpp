// Shared by the CRIU-profile tests: an engine over a temporary plugin
// directory, with a recorder on its host.
#pragma once

#include "test_support.hpp"

#include <tenon/compat/criu/profile.hpp>

#include <gtest/gtest.h>

#include <cstdlib>
#include <initializer_list>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace criu_test {

using tenon::criu::Options;
using tenon::criu::PluginEngine;
using tenon::criu::Stage;
using Strings = std::vector<std::string>;

/// A plugin directory holding copies of fixtures: {fixture file, name in the directory}.
/// The names decide the load order (byte order of file name).
class PluginDirectory {
public:
    PluginDirectory() = default;  ///< empty: a test writes its own files into it
    PluginDirectory(std::initializer_list<std::pair<std::string, std::string>> plugins) {
        for (const auto &[fixture, as_name] : plugins) {
            directory_.add_fixture(fixture, as_name);
        }
    }
    const std::filesystem::path &path() const { return directory_.path(); }
    std::filesystem::path file(const std::string &name) const { return directory_.path() / name; }

private:
    tenon_test::TempDir directory_;
};

/// Sets an environment variable for the scope of a test, then restores it.
class ScopedEnvironment {
public:
    ScopedEnvironment(const char *name, const std::string &value) : name_(name) {
        if (const char *old = std::getenv(name)) {
            old_ = old;
        }
        setenv(name, value.c_str(), 1);
    }
    ~ScopedEnvironment() {
        if (old_) {
            setenv(name_, old_->c_str(), 1);
        } else {
            unsetenv(name_);
        }
    }
    ScopedEnvironment(const ScopedEnvironment &) = delete;
    ScopedEnvironment &operator=(const ScopedEnvironment &) = delete;

private:
    const char *name_;
    std::optional<std::string> old_;
};

/// Options that load from `directory` only: the default directory is a path
/// that does not exist, so the machine's own /usr/lib/criu never leaks in.
inline Options options_for(const std::filesystem::path &directory) {
    Options options;
    options.libdir = directory;
    options.default_directory = directory / "no-default-directory";
    return options;
}

/// The log lines whose source is `source`, e.g. "[binary] info: ...", in order.
inline Strings lines_from(const tenon_test::Recorder &recorder, const std::string &source) {
    Strings out;
    const std::string prefix = "[" + source + "] ";
    for (const auto &line : recorder.lines()) {
        if (line.rfind(prefix, 0) == 0) {
            out.push_back(line);
        }
    }
    return out;
}

/// True when some log line contains `text`.
inline bool logged(const tenon_test::Recorder &recorder, const std::string &text) {
    for (const auto &line : recorder.lines()) {
        if (line.find(text) != std::string::npos) {
            return true;
        }
    }
    return false;
}

/// One engine per test, finished (fini with the stage it was loaded at) after the test.
class CriuTest : public testing::Test {
protected:
    void TearDown() override {
        if (engine_) {
            engine_->fini(stage_, 0);
        }
    }
    /// Creates the engine with `options` and attaches the recorder.
    PluginEngine &create(Options options) {
        auto created = PluginEngine::create(std::move(options));
        EXPECT_TRUE(created) << created.error().message;
        engine_.emplace(std::move(created.value()));
        recorder_.attach(engine_->host());
        return *engine_;
    }
    /// Creates the engine over `directory` and runs init(stage); the report is returned as is.
    tenon::LoadReport start(const PluginDirectory &directory, Stage stage, Options options) {
        options.libdir = directory.path();
        options.default_directory = directory.path() / "no-default-directory";
        create(std::move(options));
        stage_ = stage;
        return engine_->init(stage);
    }
    tenon::LoadReport start(const PluginDirectory &directory, Stage stage = Stage::dump) {
        return start(directory, stage, Options{});
    }

    tenon_test::Recorder recorder_;  // declared before the engine: it outlives the last log line
    std::optional<PluginEngine> engine_;
    Stage stage_ = Stage::dump;
};

}  // namespace criu_test
