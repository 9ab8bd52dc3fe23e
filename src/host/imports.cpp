// Plugins serving plugins: a consumer's import of a provider's export,
// resolved by the runtime on the consumer's behalf (no dlsym, no host symbols).
#include "common/diagnostic.hpp"
#include "common/signature.hpp"
#include "common/versions.hpp"
#include "host/host_state.hpp"

#include <algorithm>
#include <cstring>
#include <string>

namespace tenon::detail {
namespace {

struct ImportFailure {
    int status;
    std::string message;
};

ImportFailure failure(int status, std::string message) {
    return {status, std::move(message)};
}

// Everything but writing the result: run under the registry lock.
ImportFailure resolve(LoadedPlugin &importer, const char *provider, const char *name, const char *signature,
                      const char *range_text, tenon_fn_ptr &found) {
    for (const auto &[argument, value] :
         {std::pair{"provider", provider}, std::pair{"name", name}, std::pair{"signature", signature}}) {
        if (value == nullptr) {
            return failure(TENON_IMPORT_BAD_ARGUMENT,
                           std::string("import: argument '") + argument + "': expected a string, found NULL");
        }
    }
    const std::string subject = "import " + single_quoted(name) + " from " + single_quoted(provider) + ": ";
    // An import made while unloading would pin nothing: the importer's record goes with it.
    if (importer.unloading || importer.exited) {
        return failure(TENON_IMPORT_UNSUPPORTED, subject + "importer: expected a plugin that has not exited, found '" +
                                                     importer.metadata.name + "' exited or unloading");
    }
    const std::string range_string = range_text != nullptr ? range_text : "";
    VersionRange range;
    if (!parse_version_range(range_string, range)) {
        return failure(TENON_IMPORT_BAD_ARGUMENT, subject +
                                                      "range: expected space-separated comparators such as "
                                                      "'>=1.2 <2', found " +
                                                      single_quoted(range_string));
    }
    const auto &plugins = importer.host->plugins;
    const auto it = std::find_if(plugins.begin(), plugins.end(),
                                 [&](const auto &plugin) { return plugin->metadata.name == provider; });
    if (it == plugins.end()) {
        return failure(TENON_IMPORT_NO_PROVIDER, subject + "provider: expected a loaded, initialised plugin named " +
                                                     single_quoted(provider) + ", found none");
    }
    const LoadedPlugin &source = **it;
    if (source.unloading) {
        return failure(TENON_IMPORT_NO_PROVIDER, subject + "provider: expected a loaded, initialised plugin named " +
                                                     single_quoted(provider) + ", found it unloading");
    }
    if (source.exited) {
        return failure(TENON_IMPORT_NO_PROVIDER, subject + "provider: expected a loaded, initialised plugin named " +
                                                     single_quoted(provider) +
                                                     ", found it already exited (the host is finishing)");
    }
    if (!source.initialised) {
        return failure(TENON_IMPORT_NO_PROVIDER,
                       subject + "provider: expected a loaded, initialised plugin named " + single_quoted(provider) +
                           ", found it loaded but not initialised yet (require it with TENON_REQUIRES to be "
                           "initialised after it)");
    }
    const auto &exports = source.metadata.exports;
    const auto exported = std::find_if(exports.begin(), exports.end(), [&](const auto &e) { return e.name == name; });
    if (exported == exports.end()) {
        std::string names;
        for (const ExportMetadata &e : exports) {
            names += (names.empty() ? "" : ", ") + e.name;
        }
        return failure(TENON_IMPORT_NO_EXPORT,
                       subject + "export: expected one named '" + name + "', found " +
                           (names.empty() ? std::string("none (") + provider + " exports nothing)" : "only " + names));
    }
    if (canonical_signature(exported->signature) != canonical_signature(signature)) {
        return failure(TENON_IMPORT_SIGNATURE_MISMATCH, subject + "signature: expected " + single_quoted(signature) +
                                                            " (the importer's declaration), found " +
                                                            single_quoted(exported->signature) + " (" + provider + " " +
                                                            source.metadata.version + ")");
    }
    if (!range.contains(source.version)) {
        return failure(TENON_IMPORT_VERSION_MISMATCH, subject + "version: expected " + single_quoted(range_string) +
                                                          ", found " + source.metadata.version);
    }
    found = source.export_functions[static_cast<std::size_t>(exported - exports.begin())];
    // Remembered so that unload refuses to unmap code this importer may call.
    const std::pair<const LoadedPlugin *, std::string> held(&source, exported->name);
    if (&source != &importer &&
        std::find(importer.imports.begin(), importer.imports.end(), held) == importer.imports.end()) {
        importer.imports.push_back(held);
    }
    return failure(TENON_IMPORT_OK, {});
}

}  // namespace

int import_function(LoadedPlugin &importer, const char *provider, const char *name, const char *signature,
                    const char *range, void *out_function, char *message, std::size_t message_size) {
    tenon_fn_ptr found = nullptr;
    ImportFailure result;
    if (out_function == nullptr) {
        result = failure(TENON_IMPORT_BAD_ARGUMENT, "import: argument 'out_function': expected a pointer, found NULL");
    } else {
        std::lock_guard lock(importer.host->registry_mutex);
        result = resolve(importer, provider, name, signature, range, found);
    }
    if (out_function != nullptr) {
        // memcpy: the target is a variable of the export's own function-pointer type.
        std::memcpy(out_function, &found, sizeof found);
    }
    copy_message(result.message, message, message_size);
    if (result.status != TENON_IMPORT_OK) {
        importer.host->logger.write(LogLevel::debug, importer.metadata.name, result.message);
    }
    return result.status;
}

}  // namespace tenon::detail
