// `tenon check --interface HOST.json PATH...`: every plugin file under PATH
// judged against the host's interface with the loader's own rules and
// messages (Host::check), without running any plugin code; with --probe,
// each accepted plugin's init and exit then run in a child process.
#include "commands.hpp"
#include "probe.hpp"

#include <tenon/escape.hpp>
#include <tenon/host.hpp>
#include <tenon/interface.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

namespace tenon_cli {
namespace {

struct Verdict {
    std::filesystem::path file;
    bool accepted = false;
    std::string name;     ///< accepted: the plugin's name
    std::string version;  ///< accepted: its version
    int position = 0;     ///< accepted: its place in the load order, from 1
    tenon::Errc code = tenon::Errc::ok;
    std::string message;                  ///< refused: the loader's message
    const ProbeOutcome *probe = nullptr;  ///< accepted, with --probe
};

tenon::Result<std::string> read_text(const std::string &file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        return tenon::Error{tenon::Errc::io_error, tenon::escape_untrusted_path(file) + ": cannot be read", {}};
    }
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// Probes every accepted plugin in load order, each after the plugins it
// requires; one whose requirement failed its probe is not run.
std::vector<ProbeOutcome> probe_all(const tenon::HostConfig &config, const std::vector<tenon::CheckedPlugin> &accepted,
                                    const ProbeOptions &options) {
    std::vector<ProbeOutcome> outcomes;
    std::map<std::string, std::size_t, std::less<>> position;  // name -> index in `accepted`
    for (const tenon::CheckedPlugin &plugin : accepted) {
        position.emplace(plugin.name, position.size());
    }
    for (const tenon::CheckedPlugin &plugin : accepted) {
        // Everything it needs, transitively; accepted plugins come after what they require.
        std::set<std::size_t> needed{position.at(plugin.name)};
        for (std::vector<std::size_t> todo{position.at(plugin.name)}; !todo.empty();) {
            const std::size_t at = todo.back();
            todo.pop_back();
            for (const tenon::RequirementMetadata &requirement : accepted[at].requirements) {
                const auto found = position.find(requirement.name);
                if (found != position.end() && needed.insert(found->second).second) {
                    todo.push_back(found->second);
                }
            }
        }
        const auto failed = std::find_if(needed.begin(), needed.end(),
                                         [&](std::size_t at) { return at < outcomes.size() && !outcomes[at].passed; });
        if (failed != needed.end()) {
            outcomes.push_back(
                {false, "not run: it requires '" + accepted[*failed].name + "', whose probe failed", {}});
            continue;
        }
        ProbePlan plan;
        for (std::size_t at : needed) {
            plan.steps.push_back({accepted[at].name, accepted[at].file});
        }
        outcomes.push_back(probe_plugin(config, plan, options.stage, options.timeout));
    }
    return outcomes;
}

}  // namespace

int check(const std::string &interface_file, const std::vector<std::string> &paths, bool json,
          const std::optional<ProbeOptions> &probe) {
    auto text = read_text(interface_file);
    if (!text) {
        report(text.error());
        return exit_file_error;
    }
    auto config = tenon::parse_interface_json(*text, interface_file);
    if (!config) {
        report(config.error());
        return exit_file_error;
    }
    const tenon::HostConfig probe_config = config.value();
    auto host = tenon::Host::create(std::move(config.value()));
    if (!host) {
        report(host.error());
        return exit_file_error;
    }
    host->set_log_sink([](tenon::LogLevel, std::string_view, std::string_view) {});  // the verdicts say it all
    tenon::PluginSources sources;
    for (const std::string &path : paths) {
        std::error_code ignored;
        (std::filesystem::is_directory(path, ignored) ? sources.directories : sources.files).emplace_back(path);
    }
    const tenon::CheckReport result = host->check(sources);
    const std::vector<ProbeOutcome> probes =
        probe ? probe_all(probe_config, result.would_load, *probe) : std::vector<ProbeOutcome>{};
    const auto probes_passed = static_cast<std::size_t>(
        std::count_if(probes.begin(), probes.end(), [](const ProbeOutcome &outcome) { return outcome.passed; }));
    const bool ok = result.ok() && probes_passed == probes.size();

    std::vector<Verdict> verdicts;
    std::vector<tenon::Error> general;  // errors about no one file (a directory that cannot be read)
    for (std::size_t i = 0; i < result.would_load.size(); ++i) {
        const tenon::CheckedPlugin &plugin = result.would_load[i];
        verdicts.push_back({plugin.file,
                            true,
                            plugin.name,
                            plugin.version,
                            static_cast<int>(i + 1),
                            tenon::Errc::ok,
                            {},
                            probe ? &probes[i] : nullptr});
    }
    for (const tenon::Error &error : result.errors) {
        if (error.file.empty()) {
            general.push_back(error);
        } else {
            verdicts.push_back({error.file, false, {}, {}, 0, error.code, error.message, nullptr});
        }
    }
    // By file, so the output reads like the directory; a file refused twice keeps both.
    std::stable_sort(verdicts.begin(), verdicts.end(),
                     [](const Verdict &a, const Verdict &b) { return a.file < b.file; });
    const std::size_t refused = result.errors.size() - general.size();

    if (json) {
        auto plugins = nlohmann::ordered_json::array();
        for (const Verdict &verdict : verdicts) {
            nlohmann::ordered_json entry = {{"file", verdict.file.string()},
                                            {"verdict", verdict.accepted ? "accepted" : "refused"}};
            if (verdict.accepted) {
                entry["name"] = verdict.name;
                entry["version"] = verdict.version;
                entry["load_position"] = verdict.position;
                if (verdict.probe != nullptr) {
                    entry["probe"] = {{"passed", verdict.probe->passed},
                                      {"result", verdict.probe->summary},
                                      {"output", verdict.probe->output}};
                }
            } else {
                entry["code"] = std::string(tenon::to_string(verdict.code));
                entry["message"] = verdict.message;
            }
            plugins.push_back(std::move(entry));
        }
        auto errors = nlohmann::ordered_json::array();
        for (const tenon::Error &error : general) {
            errors.push_back({{"code", std::string(tenon::to_string(error.code))}, {"message", error.message}});
        }
        nlohmann::ordered_json document = {
            {"plugins", plugins}, {"errors", errors}, {"accepted", result.would_load.size()}, {"refused", refused}};
        if (probe) {
            document["probes"] = {{"passed", probes_passed}, {"failed", probes.size() - probes_passed}};
        }
        document["ok"] = ok;
        std::cout << document.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << '\n';
    } else {
        for (const Verdict &verdict : verdicts) {
            if (verdict.accepted) {
                std::cout << "accepted " << tenon::escape_untrusted_path(verdict.file) << ": " << verdict.name << ' '
                          << verdict.version << " (load position " << verdict.position << ")\n";
                if (verdict.probe != nullptr) {
                    std::cout << "         probe " << (verdict.probe->passed ? "passed: " : "failed: ")
                              << verdict.probe->summary << '\n';
                    for (const std::string &line : verdict.probe->output) {
                        std::cout << "         | " << line << '\n';
                    }
                }
            } else {
                std::cout << "refused  " << verdict.message << " [" << tenon::to_string(verdict.code) << "]\n";
            }
        }
        for (const tenon::Error &error : general) {
            std::cout << "error    " << error.message << " [" << tenon::to_string(error.code) << "]\n";
        }
        std::cout << result.would_load.size() << " accepted, " << refused << " refused";
        if (probe) {
            std::cout << "; probes: " << probes_passed << " passed, " << probes.size() - probes_passed << " failed";
        }
        std::cout << '\n';
    }
    return flush_output(ok ? 0 : exit_file_error);
}

}  // namespace tenon_cli
