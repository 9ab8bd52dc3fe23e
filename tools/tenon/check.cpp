// `tenon check --interface HOST.json PATH...`: every plugin file under PATH
// judged against the host's interface with the loader's own rules and
// messages (Host::check), without running any plugin code.
#include "commands.hpp"

#include <tenon/escape.hpp>
#include <tenon/host.hpp>
#include <tenon/interface.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
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
    std::string message;  ///< refused: the loader's message
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

}  // namespace

int check(const std::string &interface_file, const std::vector<std::string> &paths, bool json) {
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

    std::vector<Verdict> verdicts;
    std::vector<tenon::Error> general;  // errors about no one file (a directory that cannot be read)
    int position = 0;
    for (const tenon::CheckedPlugin &plugin : result.would_load) {
        verdicts.push_back({plugin.file, true, plugin.name, plugin.version, ++position, tenon::Errc::ok, {}});
    }
    for (const tenon::Error &error : result.errors) {
        if (error.file.empty()) {
            general.push_back(error);
        } else {
            verdicts.push_back({error.file, false, {}, {}, 0, error.code, error.message});
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
        const nlohmann::ordered_json document = {{"plugins", plugins},
                                                 {"errors", errors},
                                                 {"accepted", result.would_load.size()},
                                                 {"refused", refused},
                                                 {"ok", result.ok()}};
        std::cout << document.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << '\n';
    } else {
        for (const Verdict &verdict : verdicts) {
            if (verdict.accepted) {
                std::cout << "accepted " << tenon::escape_untrusted_path(verdict.file) << ": " << verdict.name << ' '
                          << verdict.version << " (load position " << verdict.position << ")\n";
            } else {
                std::cout << "refused  " << verdict.message << " [" << tenon::to_string(verdict.code) << "]\n";
            }
        }
        for (const tenon::Error &error : general) {
            std::cout << "error    " << error.message << " [" << tenon::to_string(error.code) << "]\n";
        }
        std::cout << result.would_load.size() << " accepted, " << refused << " refused\n";
    }
    return flush_output(result.ok() ? 0 : exit_file_error);
}

}  // namespace tenon_cli
