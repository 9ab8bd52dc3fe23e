// `tenon graph [--dot] PATH...`: how the plugins under PATH fit together,
// from their metadata alone: the load order, the dependencies with their
// ranges, the exports and events each provides and which plugins depend on
// that provider. Imports and subscriptions are made at run time and are not
// recorded in a file, so a provider's dependents are the plugins whose
// imports and subscriptions the loader guarantees to find it.
#include "commands.hpp"

#include <tenon/escape.hpp>
#include <tenon/host.hpp>
#include <tenon/metadata.hpp>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

namespace tenon_cli {
namespace {

namespace fs = std::filesystem;

// PATHs as a load takes them: files as given, a directory's *.so entries
// by the loader's own listing. Directories that cannot be listed go to `errors`.
std::vector<fs::path> plugin_files(const std::vector<std::string> &paths, std::vector<tenon::Error> &errors) {
    std::vector<fs::path> files;
    for (const std::string &path : paths) {
        std::error_code ignored;
        if (!fs::is_directory(path, ignored)) {
            files.emplace_back(path);
            continue;
        }
        auto listed = tenon::PluginSources::list_directory(path);
        if (!listed) {
            errors.push_back(listed.error());
            continue;
        }
        files.insert(files.end(), listed->begin(), listed->end());
    }
    return files;
}

// What the graph shows, worked out once for both formats.
struct Graph {
    std::vector<const tenon::PluginMetadata *> ordered;       ///< in init order
    std::map<std::string, std::set<std::string>> dependents;  ///< provider -> plugins requiring it
    std::vector<tenon::Error> refused;                        ///< files not read and plugins left out, by file
};

// "a, b", or "none": the plugins that require `provider`.
std::string dependents(const Graph &graph, const std::string &provider) {
    const auto found = graph.dependents.find(provider);
    std::string text;
    for (const std::string &name : found != graph.dependents.end() ? found->second : std::set<std::string>{}) {
        text += (text.empty() ? "" : ", ") + name;
    }
    return text.empty() ? "none" : text;
}

std::string range_text(const std::string &range) {
    return range.empty() ? "(any version)" : tenon::escape_untrusted(range);
}

void print_text(const Graph &graph) {
    std::cout << "load order\n";
    for (std::size_t i = 0; i < graph.ordered.size(); ++i) {
        const tenon::PluginMetadata &plugin = *graph.ordered[i];
        std::cout << "  " << i + 1 << ". " << plugin.name << ' ' << plugin.version << "  "
                  << tenon::escape_untrusted_path(plugin.file) << '\n';
    }
    std::cout << "dependencies\n";
    for (const tenon::PluginMetadata *plugin : graph.ordered) {
        for (const tenon::RequirementMetadata &requirement : plugin->requirements) {
            std::cout << "  " << plugin->name << " requires " << requirement.name << ' '
                      << range_text(requirement.range) << (requirement.if_present ? " if present" : "") << '\n';
        }
    }
    std::cout << "exports\n";
    for (const tenon::PluginMetadata *plugin : graph.ordered) {
        const std::string users = dependents(graph, plugin->name);
        for (const tenon::ExportMetadata &item : plugin->exports) {
            std::cout << "  " << item.name << "  " << tenon::escape_untrusted(item.signature) << "  from "
                      << plugin->name << "; dependents: " << users << '\n';
        }
    }
    std::cout << "events\n";
    for (const tenon::PluginMetadata *plugin : graph.ordered) {
        const std::string users = dependents(graph, plugin->name);
        for (const tenon::EventMetadata &event : plugin->events) {
            std::cout << "  " << event.name << "  " << tenon::escape_untrusted(event.signature) << "  "
                      << tenon::dispatch_mode_name(event.mode) << "  from " << plugin->name << "; dependents: " << users
                      << '\n';
        }
    }
    if (!graph.refused.empty()) {
        std::cout << "refused\n";
        for (const tenon::Error &error : graph.refused) {
            std::cout << "  " << error.message << " [" << tenon::to_string(error.code) << "]\n";
        }
    }
}

// A DOT string literal's contents: the text escaped for a terminal first
// (plugin strings are untrusted), then quotes and backslashes for DOT.
std::string dot_quoted(std::string_view text) {
    std::string quoted = "\"";
    for (char c : tenon::escape_untrusted(text)) {
        if (c == '"' || c == '\\') {
            quoted += '\\';
        }
        quoted += c;
    }
    return quoted + "\"";
}

void print_dot(const Graph &graph) {
    std::cout << "digraph plugins {\n  rankdir=BT;\n  node [shape=box];\n";
    for (std::size_t i = 0; i < graph.ordered.size(); ++i) {
        const tenon::PluginMetadata &plugin = *graph.ordered[i];
        std::string label = std::to_string(i + 1) + ". " + plugin.name + " " + plugin.version;
        for (const tenon::ExportMetadata &item : plugin.exports) {
            label += "\nexport " + item.name + " " + item.signature;
        }
        for (const tenon::EventMetadata &event : plugin.events) {
            label += "\nevent " + event.name + " " + event.signature + " " + tenon::dispatch_mode_name(event.mode);
        }
        // Newlines become DOT's \n after escaping: split, escape each line, join.
        std::string joined;
        std::istringstream lines(label);
        for (std::string line; std::getline(lines, line);) {
            const std::string quoted = dot_quoted(line);
            joined += (joined.empty() ? "" : "\\n") + quoted.substr(1, quoted.size() - 2);
        }
        std::cout << "  " << dot_quoted(plugin.name) << " [label=\"" << joined << "\"];\n";
    }
    for (const tenon::PluginMetadata *plugin : graph.ordered) {
        for (const tenon::RequirementMetadata &requirement : plugin->requirements) {
            const bool present =
                std::any_of(graph.ordered.begin(), graph.ordered.end(),
                            [&](const tenon::PluginMetadata *other) { return other->name == requirement.name; });
            if (requirement.if_present && !present) {
                continue;  // nothing to order after, and no node to draw
            }
            std::cout << "  " << dot_quoted(plugin->name) << " -> " << dot_quoted(requirement.name)
                      << " [label=" << dot_quoted(requirement.range.empty() ? "any" : requirement.range)
                      << (requirement.if_present ? ", style=dashed" : "") << "];\n";
        }
    }
    for (const tenon::Error &error : graph.refused) {
        std::cout << "  // refused: " << error.message << " [" << tenon::to_string(error.code) << "]\n";
    }
    std::cout << "}\n";
}

}  // namespace

int graph(const std::vector<std::string> &paths, bool dot) {
    Graph graph;
    std::vector<tenon::PluginMetadata> plugins;
    for (const fs::path &file : plugin_files(paths, graph.refused)) {
        auto metadata = tenon::read_plugin_metadata(file);
        if (metadata) {
            plugins.push_back(std::move(metadata.value()));
        } else {
            graph.refused.push_back(metadata.error());
        }
    }
    tenon::DependencyPlan plan = tenon::plan_dependencies(plugins);
    for (std::size_t index : plan.order) {
        graph.ordered.push_back(&plugins[index]);
        for (const tenon::RequirementMetadata &requirement : plugins[index].requirements) {
            graph.dependents[requirement.name].insert(plugins[index].name);
        }
    }
    std::move(plan.errors.begin(), plan.errors.end(), std::back_inserter(graph.refused));
    std::stable_sort(graph.refused.begin(), graph.refused.end(),
                     [](const tenon::Error &a, const tenon::Error &b) { return a.file < b.file; });
    if (dot) {
        print_dot(graph);
    } else {
        print_text(graph);
    }
    return flush_output(graph.refused.empty() ? 0 : exit_file_error);
}

}  // namespace tenon_cli
