// The renderings behind `tenon inspect`. Each takes metadata that
// tenon::read_plugin_metadata already read from the file, and the signature
// block tenon::read_plugin_signature found there (not verified), so nothing
// here can ever load or run a plugin: the tool only reports what the file says.
#pragma once

#include <tenon/metadata.hpp>
#include <tenon/signing.hpp>
#if TENON_TOOL_HAS_CRIU
#include <tenon/compat/criu/profile.hpp>
#endif

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace tenon_cli {

/// The aligned text block for one plugin, ending in a newline. The layout is
/// documented in `tenon inspect --help` (see main.cpp) and kept stable.
std::string inspect_text(const tenon::PluginMetadata &meta, const std::optional<tenon::SignatureInfo> &signature);

/// One JSON object for one plugin. ordered_json keeps the keys in the
/// documented order, which reads better than alphabetical.
nlohmann::ordered_json inspect_json(const tenon::PluginMetadata &meta,
                                    const std::optional<tenon::SignatureInfo> &signature);

#if TENON_TOOL_HAS_CRIU
/// The text block for a plugin built for CRIU itself (format, descriptor
/// name, version, max_hooks, the hooks the file sets, or a legacy plugin's
/// cr_plugin_* symbols), as `tenon inspect --help` documents it.
std::string inspect_criu_text(const std::filesystem::path &file, const tenon::criu::BinaryDescription &plugin);
/// Its JSON object: format ("criu-binary" or "criu-legacy"), name, then
/// version, max_hooks, hooks (or symbols), file.
nlohmann::ordered_json inspect_criu_json(const std::filesystem::path &file,
                                         const tenon::criu::BinaryDescription &plugin);
#endif

/// `text` as tenon::escape_untrusted writes it (control bytes, invalid UTF-8
/// and bidirectional controls as \xNN). Plugin files are untrusted input: a
/// description must not be able to send escape sequences to the terminal.
std::string printable(std::string_view text);

}  // namespace tenon_cli
