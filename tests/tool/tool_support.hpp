// Running the built `tenon` as a user does, and the output it should give
// for the t_inspect_me.so fixture.
#pragma once

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace tool_test {

namespace fs = std::filesystem;

/// What one run of the tool did.
struct Outcome {
    int status = -1;  ///< exit status; -1 if the tool died of a signal
    std::string out;
    std::string err;
};

std::string read_file(const fs::path &path);

/// Runs `tenon args...` with stdin from /dev/null, and stdout and stderr
/// into files in `scratch` (overwritten by the next run). Fails the test
/// when the tool cannot be started or dies of a signal.
Outcome run_tenon(const fs::path &scratch, const std::vector<std::string> &args);

/// The expected text block of t_inspect_me.so at `file` (see `tenon inspect
/// --help`); `signature` is the value of its signature line.
std::string inspect_me_text(const fs::path &file, const std::string &signature = "none");

/// The expected JSON object of t_inspect_me.so at `file`, keys in the
/// documented order; `signature` is the value of its "signature" key.
nlohmann::ordered_json inspect_me_json(const fs::path &file, const nlohmann::ordered_json &signature = nullptr);

}  // namespace tool_test
