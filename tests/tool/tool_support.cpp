#include "tool_support.hpp"

#include <tenon/abi.h>

#include <gtest/gtest.h>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <spawn.h>
#include <sstream>
#include <sys/wait.h>

extern char **environ;

namespace tool_test {

using nlohmann::ordered_json;

std::string read_file(const fs::path &path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::string inspect_me_text(const fs::path &file, const std::string &signature) {
    // One line of source per line of output, so kept out of clang-format's hands.
    // clang-format off
    return "file        " + file.string() + "\n"
           "plugin      inspect_me 2.3.4-rc.1+build.5\n"
           "interface   test/2\n"
           "description Inspected, never loaded\n"
           "abi         1.1 (descriptor " + std::to_string(sizeof(tenon_descriptor)) + " bytes)\n"
           "signature   " + signature + "\n"
           "hooks       2\n"
           "  test_claim   int(int, int *)  first-claimer  priority first   optional\n"
           "  test_notify  int(int *)       broadcast      priority normal\n"
           "exports     1\n"
           "  inspect_me_twice  long(long)\n"
           "events      2\n"
           "  inspect_me_asked   int(void *, int *)  first-claimer\n"
           "  inspect_me_ticked  void(void *, unsigned)  notify\n"
           "requires    2\n"
           "  alpha       any version\n"
           "  provider_b  >=1.2 <2\n"
           "notes       0\n";
    // clang-format on
}

ordered_json inspect_me_json(const fs::path &file, const ordered_json &signature) {
    auto expected = ordered_json::parse(R"json({
        "name": "inspect_me",
        "version": "2.3.4-rc.1+build.5",
        "interface": {"id": "test/2", "name": "test", "version": 2},
        "description": "Inspected, never loaded",
        "abi": {"major": 1, "minor": 1},
        "descriptor_size": 0,
        "signature": null,
        "hooks": [
            {"name": "test_claim", "signature": "int(int, int *)", "mode": "first-claimer",
             "priority": "first", "optional": true},
            {"name": "test_notify", "signature": "int(int *)", "mode": "broadcast",
             "priority": "normal", "optional": false}
        ],
        "exports": [{"name": "inspect_me_twice", "signature": "long(long)"}],
        "events": [
            {"name": "inspect_me_asked", "signature": "int(void *, int *)", "mode": "first-claimer"},
            {"name": "inspect_me_ticked", "signature": "void(void *, unsigned)", "mode": "notify"}
        ],
        "requires": [
            {"name": "alpha", "range": ""},
            {"name": "provider_b", "range": ">=1.2 <2"}
        ],
        "notes": [],
        "file": ""
    })json");
    expected["descriptor_size"] = sizeof(tenon_descriptor);
    expected["signature"] = signature;
    expected["file"] = file.string();
    return expected;
}

Outcome run_tenon(const fs::path &scratch, const std::vector<std::string> &args) {
    const std::string out_path = (scratch / "stdout").string();
    const std::string err_path = (scratch / "stderr").string();
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&actions, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    std::vector<std::string> words{TENON_CLI_PATH};
    words.insert(words.end(), args.begin(), args.end());
    std::vector<char *> argv;
    for (std::string &word : words) {
        argv.push_back(word.data());
    }
    argv.push_back(nullptr);
    pid_t pid = 0;
    const int spawned = posix_spawn(&pid, TENON_CLI_PATH, &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    Outcome run;
    if (spawned != 0) {
        ADD_FAILURE() << "posix_spawn " << TENON_CLI_PATH << ": " << std::strerror(spawned);
        return run;
    }
    int wait_status = 0;
    while (waitpid(pid, &wait_status, 0) < 0) {
        if (errno != EINTR) {
            ADD_FAILURE() << "waitpid: " << std::strerror(errno);
            return run;
        }
    }
    if (WIFEXITED(wait_status)) {
        run.status = WEXITSTATUS(wait_status);
    } else {
        ADD_FAILURE() << "tenon died of signal " << WTERMSIG(wait_status);
    }
    run.out = read_file(out_path);
    run.err = read_file(err_path);
    return run;
}

}  // namespace tool_test
