// tenon/error.hpp: typed errors and a small result type for the host API.
//
// The host API never throws for bad plugins or bad input: every failure comes
// back as an Error, a typed code plus a message that names the file and the
// field or hook, with the expected and the actual value.
#pragma once

#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace tenon {

/// What went wrong. Stable names: see to_string(Errc).
enum class Errc {
    ok = 0,
    // The file itself.
    io_error,            ///< open/stat/read failed (message carries strerror)
    not_regular_file,    ///< a directory, FIFO or device where a plugin file was expected
    not_elf,             ///< no ELF magic
    truncated_elf,       ///< the ELF structures extend past the end of the file
    wrong_elf_class,     ///< 32-bit file in a 64-bit host, or the reverse
    wrong_byte_order,    ///< big-endian file in a little-endian host, or the reverse
    wrong_architecture,  ///< e_machine differs from the host's
    not_shared_object,   ///< e_type is not ET_DYN
    // The embedded metadata.
    no_metadata,         ///< no tenon_descriptor section
    bad_magic,           ///< descriptor magic differs
    malformed_metadata,  ///< sizes or string offsets out of range, bad version strings, ...
    abi_incompatible,    ///< descriptor ABI major differs from the host's
    // The plugin against this host.
    interface_mismatch,      ///< plugin targets another host interface
    interface_too_new,       ///< plugin targets a newer interface version than the host speaks
    interface_too_old,       ///< plugin targets an interface version older than the host still accepts
    unknown_hook,            ///< plugin implements a hook the host does not declare
    signature_mismatch,      ///< hook signature differs from the host's declaration
    dispatch_mode_mismatch,  ///< hook dispatch mode differs from the host's declaration
    duplicate_hook,          ///< a plugin registers the same hook twice
    duplicate_plugin,        ///< two plugins share a name
    missing_dependency,      ///< a required plugin is absent, or was itself refused
    dependency_version,      ///< a required plugin's version is outside the required range
    dependency_cycle,        ///< plugins require each other in a cycle
    // Loading and running.
    already_loaded,   ///< another Host in this process has this file (same device and inode) loaded
    dlopen_failed,    ///< the dynamic loader refused the file (message carries dlerror)
    changed_on_disk,  ///< the mapped metadata differs from what was validated
    init_failed,      ///< a plugin's init returned non-zero
    // Sources and configuration.
    directory_not_found,   ///< a directory the user named does not exist
    directory_unreadable,  ///< a directory could not be listed
    invalid_config,        ///< the host's own configuration is inconsistent
    invalid_state,         ///< call not allowed now (e.g. unload from inside a callback)
    // Plugins serving plugins, and unload.
    invalid_argument,  ///< a malformed argument (e.g. a version range that does not parse)
    not_loaded,        ///< no loaded, initialised plugin has that name
    unknown_event,     ///< the provider declares no event of that name
    not_subscribed,    ///< no live subscription of the caller has that id
    plugin_required,   ///< unload refused: another loaded plugin requires this one
    plugin_in_use,     ///< unload refused: another plugin imports from it or subscribes to its events
    // Inventory.
    missing_plugin,  ///< a plugin the inventory requires is not loaded, or its major version differs
    // Hostile files, the trust policy and signatures (docs/host-authors.md, "Trust, limits and signatures").
    limit_exceeded,      ///< a size, count or length in the file is above HostConfig::limits
    bad_layout,          ///< a metadata section or header table lies where the file's segments do not put it
    bad_pointer,         ///< a function pointer or slot of the mapped plugin is NULL or outside its own segments
    refused_dependency,  ///< a DT_NEEDED library resolves into a plugin directory but was not accepted by this load
    untrusted_path,      ///< the trust policy refuses the file or a directory on its path (its mode or owner)
    unsigned_plugin,     ///< the host requires signatures and the file carries none
    bad_signature,       ///< the signature block is malformed, or does not match the file's bytes
    untrusted_key,       ///< the file is signed by a key the host does not trust
    // Per-plugin arguments (PluginSources::arguments).
    bad_plugin_argument  ///< an argument the plugin does not declare, one of the wrong type, or a required one missing
};

/// The enumerator's name, e.g. "signature_mismatch".
std::string_view to_string(Errc code) noexcept;

/// A failure: a code, the complete human-readable message, and the plugin
/// file concerned (empty when none). Values own their strings.
struct Error {
    Errc code = Errc::ok;
    std::string message;
    std::filesystem::path file;
};

/// Thrown only by Result::value() on a Result that holds an Error: that is a
/// programming error in the caller, like std::bad_optional_access.
class BadResultAccess : public std::logic_error {
public:
    explicit BadResultAccess(const Error &error) : std::logic_error(error.message) {}
};

/// Either a T or an Error. Cheap to move; not thread-safe to mutate.
template <typename T>
class [[nodiscard]] Result {
public:
    Result(T value) : state_(std::move(value)) {}      // NOLINT(google-explicit-constructor)
    Result(Error error) : state_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

    bool ok() const noexcept { return state_.index() == 0; }
    explicit operator bool() const noexcept { return ok(); }

    T &value() & { return ok() ? std::get<0>(state_) : throw BadResultAccess(std::get<1>(state_)); }
    const T &value() const & { return ok() ? std::get<0>(state_) : throw BadResultAccess(std::get<1>(state_)); }
    T &&value() && { return std::move(value()); }
    T &operator*() & { return value(); }
    const T &operator*() const & { return value(); }
    T *operator->() { return &value(); }
    const T *operator->() const { return &value(); }

    /// The error; an Errc::ok Error when ok().
    const Error &error() const noexcept {
        static const Error none{};
        return ok() ? none : std::get<1>(state_);
    }

private:
    std::variant<T, Error> state_;
};

}  // namespace tenon
