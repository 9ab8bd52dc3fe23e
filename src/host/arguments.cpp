// Per-plugin arguments: what a host passes to each plugin by name
// (PluginSources::arguments), checked in phase 1 against the plugin's
// TENON_ARGUMENT records, before any of its code runs, and read by the plugin
// through services->argument. Parsing "name,key=value,..." is here too.
#include "common/diagnostic.hpp"
#include "host/load_phases.hpp"

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <set>
#include <string>

namespace tenon {

Result<PluginArguments> parse_plugin_arguments(std::string_view spec) {
    const auto refused = [&](const std::string &what, std::string_view found) {
        return Error{
            Errc::invalid_argument,
            "plugin arguments " + detail::single_quoted(spec) + ": " + what + ", found " + detail::single_quoted(found),
            {}};
    };
    PluginArguments out;
    std::size_t start = 0;
    bool first = true;
    while (true) {
        const std::size_t comma = spec.find(',', start);
        const std::string_view part = spec.substr(start, comma == std::string_view::npos ? spec.npos : comma - start);
        if (first) {
            if (part.empty()) {
                return refused("expected a plugin name before the first ','", part);
            }
            out.plugin = std::string(part);
            first = false;
        } else {
            const std::size_t equals = part.find('=');
            if (equals == std::string_view::npos) {
                return refused("expected key=value", part);
            }
            if (equals == 0) {
                return refused("expected a key before '='", part);
            }
            out.arguments.push_back({std::string(part.substr(0, equals)), std::string(part.substr(equals + 1))});
        }
        if (comma == std::string_view::npos) {
            return out;
        }
        start = comma + 1;
    }
}

}  // namespace tenon

namespace tenon::detail {
namespace {

bool is_bool(std::string_view value) {
    for (const char *spelling : {"on", "off", "true", "false", "yes", "no", "1", "0"}) {
        if (value == spelling) {
            return true;
        }
    }
    return false;
}

// Decimal, or hexadecimal after 0x, with an optional sign; nothing else, and within 64 bits.
bool is_int(const std::string &value, bool &out_of_range) {
    std::size_t digits = value.empty() || (value[0] != '+' && value[0] != '-') ? 0 : 1;
    const bool hex =
        value.size() > digits + 1 && value[digits] == '0' && (value[digits + 1] == 'x' || value[digits + 1] == 'X');
    if (hex) {
        digits += 2;
    }
    if (digits == value.size()) {
        return false;
    }
    for (std::size_t i = digits; i < value.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(value[i]);
        if (!(hex ? std::isxdigit(c) : std::isdigit(c))) {
            return false;
        }
    }
    errno = 0;
    (void)std::strtoll(value.c_str(), nullptr, hex ? 16 : 10);
    out_of_range = errno == ERANGE;
    return !out_of_range;
}

extern "C" const char *services_argument(const tenon_services *self, const char *key) {
    if (self == nullptr || key == nullptr) {
        return nullptr;
    }
    for (const PluginArgument &argument : plugin_of(self).arguments) {
        if (argument.key == key) {
            return argument.value.c_str();
        }
    }
    return nullptr;
}

extern "C" int services_argument_at(const tenon_services *self, size_t index, const char **key, const char **value) {
    if (self == nullptr) {
        return 0;
    }
    const std::vector<PluginArgument> &arguments = plugin_of(self).arguments;
    if (index >= arguments.size()) {
        return 0;
    }
    if (key != nullptr) {
        *key = arguments[index].key.c_str();
    }
    if (value != nullptr) {
        *value = arguments[index].value.c_str();
    }
    return 1;
}

}  // namespace

Error check_plugin_arguments(Candidate &candidate, const std::vector<PluginArgument> &given) {
    const PluginMetadata &metadata = candidate.parsed.metadata;
    const std::string plugin = "plugin '" + metadata.name + "': ";
    const auto refused = [&](const std::string &key, const std::string &expected, const std::string &found) {
        return mismatch(Errc::bad_plugin_argument, candidate.file, plugin + "argument " + single_quoted(key), expected,
                        found);
    };
    const ArgumentMetadata *any = nullptr;
    std::string declared;
    for (const ArgumentMetadata &argument : metadata.arguments) {
        if (argument.type == TENON_ARG_ANY) {
            any = &argument;
        } else {
            declared += (declared.empty() ? "" : ", ") + argument.name;
        }
    }
    std::set<std::string, std::less<>> seen;
    for (const PluginArgument &argument : given) {
        const ArgumentMetadata *declaration = nullptr;
        for (const ArgumentMetadata &candidate_declaration : metadata.arguments) {
            if (candidate_declaration.name == argument.key && candidate_declaration.type != TENON_ARG_ANY) {
                declaration = &candidate_declaration;
            }
        }
        if (declaration == nullptr) {
            if (any != nullptr) {
                continue;  // the plugin reads what it is given itself
            }
            return refused(argument.key,
                           declared.empty() ? std::string("none (the plugin declares no arguments)")
                                            : "an argument the plugin declares (" + declared + ")",
                           "one it does not declare");
        }
        if (!seen.insert(argument.key).second) {
            return refused(argument.key, "it given once", "it given twice");
        }
        bool out_of_range = false;
        if (declaration->type == TENON_ARG_INT && !is_int(argument.value, out_of_range)) {
            return refused(argument.key, "an int (decimal, or hexadecimal after 0x, within 64 bits)",
                           single_quoted(argument.value) + (out_of_range ? " (out of range)" : ""));
        }
        if (declaration->type == TENON_ARG_BOOL && !is_bool(argument.value)) {
            return refused(argument.key, "a bool (on, off, true, false, yes, no, 1 or 0)",
                           single_quoted(argument.value));
        }
    }
    for (const ArgumentMetadata &argument : metadata.arguments) {
        if (argument.required && !seen.contains(argument.name)) {
            return refused(argument.name, "a " + argument_type_name(argument.type) + " value (it is required)", "none");
        }
    }
    candidate.arguments = given;
    return {};
}

void prepare_argument_services(tenon_services &table) {
    table.argument = services_argument;
    table.argument_at = services_argument_at;
}

}  // namespace tenon::detail
