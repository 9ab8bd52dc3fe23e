// The interface document (include/tenon/interface.hpp), read and written
// with nlohmann::json (header-only: no run-time dependency). The reader is
// strict, member by member, because the document decides what a check accepts.
#include <tenon/escape.hpp>
#include <tenon/interface.hpp>
#include <tenon/metadata.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <limits>
#include <utility>

namespace tenon {
namespace {

using json = nlohmann::ordered_json;

constexpr const char *format_line = "tenon-interface 1";

json decls(const auto &declared) {
    json out = json::array();
    for (const auto &decl : declared) {
        out.push_back({{"name", decl.name}, {"signature", decl.signature}, {"mode", dispatch_mode_name(decl.mode)}});
    }
    return out;
}

// Reading: each step knows where it is ("hooks[1].mode") for its messages.
struct Reader {
    std::string origin;

    Error fail(const std::string &where, const std::string &expected, const std::string &found) const {
        return {Errc::invalid_argument,
                escape_untrusted(origin) + ": member '" + where + "': expected " + expected + ", found " + found,
                {}};
    }

    static std::string shown(const json &value) {
        std::string text = value.dump(-1, ' ', false, json::error_handler_t::replace);
        if (text.size() > 64) {
            text = text.substr(0, 61) + "...";
        }
        return escape_untrusted(text);
    }

    // The object at `where` holds exactly `members`.
    Error exactly(const json &object, const std::string &where, std::initializer_list<const char *> members) const {
        if (!object.is_object()) {
            return fail(where.empty() ? "(document)" : where, "an object", shown(object));
        }
        const std::string prefix = where.empty() ? "" : where + ".";
        for (const char *member : members) {
            if (!object.contains(member)) {
                return fail(prefix + member, "to be present", "nothing");
            }
        }
        for (auto member = object.begin(); member != object.end(); ++member) {
            const std::string &key = member.key();  // not a structured binding: Clang 14 cannot capture those
            if (std::find_if(members.begin(), members.end(), [&key](const char *m) { return key == m; }) ==
                members.end()) {
                return fail(prefix + escape_untrusted(key), "no such member (unknown members are refused)",
                            shown(member.value()));
            }
        }
        return {};
    }

    Error string(const json &value, const std::string &where, std::string &out) const {
        if (!value.is_string()) {
            return fail(where, "a string", shown(value));
        }
        out = value.get<std::string>();
        return {};
    }

    template <typename Number>
    Error number(const json &value, const std::string &where, Number &out) const {
        if (!value.is_number_unsigned() || value.get<std::uint64_t>() > std::numeric_limits<Number>::max()) {
            return fail(where, "a whole number from 0 to " + std::to_string(std::numeric_limits<Number>::max()),
                        shown(value));
        }
        out = static_cast<Number>(value.get<std::uint64_t>());
        return {};
    }

    Error boolean(const json &value, const std::string &where, bool &out) const {
        if (!value.is_boolean()) {
            return fail(where, "true or false", shown(value));
        }
        out = value.get<bool>();
        return {};
    }

    Error mode(const json &value, const std::string &where, std::initializer_list<int> modes, int &out) const {
        std::string name;
        if (Error error = string(value, where, name); error.code != Errc::ok) {
            return error;
        }
        std::string expected = "one of ";
        for (int mode : modes) {
            if (dispatch_mode_name(mode) == name) {
                out = mode;
                return {};
            }
            expected += (expected.size() > 7 ? ", " : "") + dispatch_mode_name(mode);
        }
        return fail(where, expected, shown(value));
    }

    template <typename Decl>
    Error decls(const json &value, const std::string &where, std::initializer_list<int> modes,
                std::vector<Decl> &out) const {
        if (!value.is_array()) {
            return fail(where, "an array", shown(value));
        }
        for (std::size_t i = 0; i < value.size(); ++i) {
            const std::string at = where + "[" + std::to_string(i) + "]";
            Decl decl;
            Error error = exactly(value[i], at, {"name", "signature", "mode"});
            if (error.code == Errc::ok) {
                error = string(value[i]["name"], at + ".name", decl.name);
            }
            if (error.code == Errc::ok) {
                error = string(value[i]["signature"], at + ".signature", decl.signature);
            }
            if (error.code == Errc::ok) {
                error = mode(value[i]["mode"], at + ".mode", modes, decl.mode);
            }
            if (error.code != Errc::ok) {
                return error;
            }
            out.push_back(std::move(decl));
        }
        return {};
    }
};

}  // namespace

std::string interface_json(const HostConfig &config) {
    const LoadLimits &limits = config.limits;
    json keys = json::array();
    for (const PublicKey &key : config.signatures.trusted_keys) {
        std::string text = key.serialise();
        if (!text.empty() && text.back() == '\n') {
            text.pop_back();
        }
        keys.push_back(text);
    }
    const json document = {
        {"format", format_line},
        {"interface",
         {{"name", config.interface_name},
          {"version", config.interface_version},
          {"min_version", config.min_interface_version}}},
        {"mode", config.mode == LoadMode::strict ? "strict" : "lenient"},
        {"hooks", decls(config.hooks)},
        {"events", decls(config.events)},
        {"limits",
         {{"max_file_size", limits.max_file_size},
          {"max_section_size", limits.max_section_size},
          {"max_records", limits.max_records},
          {"max_name_length", limits.max_name_length},
          {"max_version_length", limits.max_version_length},
          {"max_signature_length", limits.max_signature_length},
          {"max_description_length", limits.max_description_length},
          {"max_needed_libraries", limits.max_needed_libraries},
          {"max_symbol_table_size", limits.max_symbol_table_size}}},
        {"trust", {{"enforce", config.trust.enforce}, {"trusted_owners", config.trust.trusted_owners}}},
        {"signatures", {{"required", config.signatures.required}, {"trusted_keys", keys}}},
    };
    return document.dump(2) + "\n";
}

namespace {

Result<HostConfig> parse_document(std::string_view text, std::string_view origin) {
    const Reader read{std::string(origin)};
    json document;
    try {
        document = json::parse(text);
    } catch (const json::exception &error) {
        return Error{Errc::invalid_argument,
                     escape_untrusted(std::string(origin)) + ": not JSON: " + escape_untrusted(error.what()),
                     {}};
    }
    HostConfig config;
    std::string format;
    std::string mode;
    Error error =
        read.exactly(document, "", {"format", "interface", "mode", "hooks", "events", "limits", "trust", "signatures"});
    if (error.code != Errc::ok) {
        return error;  // below, every top-level member is there
    }
    auto step = [&](auto &&next) {
        if (error.code == Errc::ok) {
            error = next();
        }
    };
    step([&] { return read.string(document["format"], "format", format); });
    step([&] {
        return format == format_line
                   ? Error{}
                   : read.fail("format", std::string("'") + format_line + "'", Reader::shown(document["format"]));
    });
    const json &interface = document["interface"];
    step([&] { return read.exactly(interface, "interface", {"name", "version", "min_version"}); });
    step([&] { return read.string(interface["name"], "interface.name", config.interface_name); });
    step([&] { return read.number(interface["version"], "interface.version", config.interface_version); });
    step([&] { return read.number(interface["min_version"], "interface.min_version", config.min_interface_version); });
    step([&] { return read.string(document["mode"], "mode", mode); });
    step([&] {
        if (mode == "strict" || mode == "lenient") {
            config.mode = mode == "strict" ? LoadMode::strict : LoadMode::lenient;
            return Error{};
        }
        return read.fail("mode", "strict or lenient", Reader::shown(document["mode"]));
    });
    step([&] {
        return read.decls(document["hooks"], "hooks", {TENON_FIRST_CLAIMER, TENON_BROADCAST, TENON_PARALLEL},
                          config.hooks);
    });
    step([&] {
        return read.decls(document["events"], "events", {TENON_NOTIFY, TENON_FIRST_CLAIMER, TENON_BROADCAST},
                          config.events);
    });
    const json &limits = document["limits"];
    LoadLimits &out = config.limits;
    step([&] {
        return read.exactly(
            limits, "limits",
            {"max_file_size", "max_section_size", "max_records", "max_name_length", "max_version_length",
             "max_signature_length", "max_description_length", "max_needed_libraries", "max_symbol_table_size"});
    });
    step([&] { return read.number(limits["max_file_size"], "limits.max_file_size", out.max_file_size); });
    step([&] { return read.number(limits["max_section_size"], "limits.max_section_size", out.max_section_size); });
    step([&] { return read.number(limits["max_records"], "limits.max_records", out.max_records); });
    step([&] { return read.number(limits["max_name_length"], "limits.max_name_length", out.max_name_length); });
    step(
        [&] { return read.number(limits["max_version_length"], "limits.max_version_length", out.max_version_length); });
    step([&] {
        return read.number(limits["max_signature_length"], "limits.max_signature_length", out.max_signature_length);
    });
    step([&] {
        return read.number(limits["max_description_length"], "limits.max_description_length",
                           out.max_description_length);
    });
    step([&] {
        return read.number(limits["max_needed_libraries"], "limits.max_needed_libraries", out.max_needed_libraries);
    });
    step([&] {
        return read.number(limits["max_symbol_table_size"], "limits.max_symbol_table_size", out.max_symbol_table_size);
    });
    const json &trust = document["trust"];
    step([&] { return read.exactly(trust, "trust", {"enforce", "trusted_owners"}); });
    step([&] { return read.boolean(trust["enforce"], "trust.enforce", config.trust.enforce); });
    step([&] {
        const json &owners = trust["trusted_owners"];
        if (!owners.is_array()) {
            return read.fail("trust.trusted_owners", "an array", Reader::shown(owners));
        }
        for (std::size_t i = 0; i < owners.size(); ++i) {
            uid_t owner = 0;
            if (Error e = read.number(owners[i], "trust.trusted_owners[" + std::to_string(i) + "]", owner);
                e.code != Errc::ok) {
                return e;
            }
            config.trust.trusted_owners.push_back(owner);
        }
        return Error{};
    });
    const json &signatures = document["signatures"];
    step([&] { return read.exactly(signatures, "signatures", {"required", "trusted_keys"}); });
    step([&] { return read.boolean(signatures["required"], "signatures.required", config.signatures.required); });
    step([&] {
        const json &keys = signatures["trusted_keys"];
        if (!keys.is_array()) {
            return read.fail("signatures.trusted_keys", "an array", Reader::shown(keys));
        }
        for (std::size_t i = 0; i < keys.size(); ++i) {
            const std::string where = "signatures.trusted_keys[" + std::to_string(i) + "]";
            std::string key_text;
            if (Error e = read.string(keys[i], where, key_text); e.code != Errc::ok) {
                return e;
            }
            auto key = PublicKey::parse(key_text, std::string(origin) + ": member '" + where + "'");
            if (!key) {
                return key.error();
            }
            config.signatures.trusted_keys.push_back(*key);
        }
        return Error{};
    });
    if (error.code != Errc::ok) {
        return error;
    }
    return config;
}

}  // namespace

Result<HostConfig> parse_interface_json(std::string_view text, std::string_view origin) {
    // Every member is checked for its type before it is read, so nothing
    // below should throw; if a case was missed, it is still an error, never
    // an exception out of a function documented not to throw one.
    try {
        return parse_document(text, origin);
    } catch (const nlohmann::json::exception &error) {
        return Error{
            Errc::invalid_argument,
            escape_untrusted(std::string(origin)) + ": unreadable interface: " + escape_untrusted(error.what()),
            {}};
    }
}

}  // namespace tenon
