// `tenon inspect` of a plugin built for CRIU itself (no Tenon metadata):
// what tenon::criu::describe_binary_plugin read from the file, which never
// loads it. Built only with the CRIU profile (TENON_BUILD_CRIU).
#include "inspect.hpp"

#include <tenon/escape.hpp>

namespace tenon_cli {
namespace {

std::string api_version(unsigned version) {
    char text[64];
    std::snprintf(text, sizeof text, "0x%x (CRIU plugin API %u.%u.%u)", version, version >> 16, (version >> 8) & 0xffu,
                  version & 0xffu);
    return text;
}

constexpr const char *run_time = "(set at run time)";

}  // namespace

std::string inspect_criu_text(const std::filesystem::path &file, const tenon::criu::BinaryDescription &plugin) {
    std::string out = "file        " + tenon::escape_untrusted_path(file) + "\n";
    if (plugin.legacy) {
        out += "format      CRIU legacy plugin (cr_plugin_* symbols)\n";
        out += "plugin      " + printable(plugin.name.value_or("")) + " (from the file name)\n";
        out += "symbols     " + std::to_string(plugin.legacy_symbols.size()) + "\n";
        for (const std::string &symbol : plugin.legacy_symbols) {
            out += "  " + symbol + "\n";
        }
        return out;
    }
    out += "format      CRIU binary plugin (CR_PLUGIN_DESC)\n";
    out += "plugin      " + (plugin.name ? printable(*plugin.name) : std::string(run_time)) + "\n";
    out += "version     " + (plugin.version ? api_version(*plugin.version) : std::string(run_time)) + "\n";
    out += "max_hooks   " + (plugin.max_hooks ? std::to_string(*plugin.max_hooks) : std::string(run_time)) + "\n";
    out += "hooks       " + std::to_string(plugin.hooks.size()) + " set in the file\n";
    for (const std::string &hook : plugin.hooks) {
        out += "  " + hook + "\n";
    }
    out += "notes       1\n";
    out += "  - hooks a constructor stores (CRIU's CR_PLUGIN_REGISTER_HOOK) are only known after dlopen\n";
    return out;
}

nlohmann::ordered_json inspect_criu_json(const std::filesystem::path &file,
                                         const tenon::criu::BinaryDescription &plugin) {
    const auto optional_number = [](const std::optional<unsigned> &value) {
        return value ? nlohmann::ordered_json(*value) : nlohmann::ordered_json(nullptr);
    };
    nlohmann::ordered_json out = {{"format", plugin.legacy ? "criu-legacy" : "criu-binary"},
                                  {"name", plugin.name ? nlohmann::ordered_json(*plugin.name) : nullptr}};
    if (plugin.legacy) {
        out["symbols"] = plugin.legacy_symbols;
    } else {
        out["version"] = optional_number(plugin.version);
        out["max_hooks"] = optional_number(plugin.max_hooks);
        out["hooks"] = plugin.hooks;
    }
    out["file"] = file.string();
    return out;
}

}  // namespace tenon_cli
