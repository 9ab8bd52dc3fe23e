// tenon/foreign.hpp: plugins in another system's binary format.
//
// A file without Tenon metadata is refused, unless the host configured a
// ForeignFormat that recognises it. CRIU plugins are the case in point:
// their descriptor (CR_PLUGIN_DESC) is a C struct of pointers, and its hooks
// are filled in by constructors at dlopen, so the file alone cannot tell
// which hooks a plugin implements. For such plugins the loader still checks
// before dlopen everything the file can tell: ELF class, byte order, type and
// machine, that it defines one of the format's marker symbols, and whatever
// the format's `check_file` reads from those symbols' bytes. The rest is the
// format's `adopt`, after dlopen. <tenon/compat/criu/profile.hpp> provides
// the CRIU format.
#pragma once

#include <tenon/abi.h>
#include <tenon/error.hpp>
#include <tenon/policy.hpp>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace tenon {

/// What one pointer-sized place of a foreign file's initialised data will
/// hold once the dynamic linker relocated it, read from the file's own
/// relocation tables (read_foreign_file fills these). A plain value.
struct ForeignPointer {
    enum class Kind {
        unknown,  ///< the file cannot tell (a relocation type the reader does not model)
        address,  ///< `address`, a link-time address in this file; 0 is NULL
        symbol,   ///< bound to `symbol`, which another object defines
    };
    Kind kind = Kind::unknown;
    std::uint64_t address = 0;
    std::string symbol;
    /// When `address` points at a NUL-terminated string of at most 255 bytes
    /// in the file's loaded data: that string (untrusted bytes: escape it).
    std::optional<std::string> text;
};

/// One marker symbol a foreign file defines, as its dynamic symbol table and
/// its sections describe it, read without loading the file.
struct ForeignSymbol {
    std::string name;
    std::uint64_t size = 0;     ///< st_size
    bool is_function = false;   ///< STT_FUNC (or STT_GNU_IFUNC)
    std::uint64_t address = 0;  ///< st_value: its link-time address
    /// For initialised data read by read_foreign_file: each pointer-sized
    /// slot of `initial_bytes`, relocated. Empty otherwise (the loader's own
    /// check_file calls do not need it).
    std::vector<ForeignPointer> pointers;
    /// The object's bytes as stored in the file, when it is initialised data
    /// (empty for code and for .bss). Pointers in it read as the link-time
    /// value (often 0: the dynamic linker fills them in), integers as written.
    std::vector<std::byte> initial_bytes;
};

/// What the loader knows of a foreign file before dlopen.
struct ForeignFile {
    std::filesystem::path path;
    std::vector<ForeignSymbol> markers;  ///< the format's marker symbols it defines, in the format's order

    /// The marker called `name`, or nullptr.
    const ForeignSymbol *marker(std::string_view name) const {
        for (const ForeignSymbol &symbol : markers) {
            if (symbol.name == name) {
                return &symbol;
            }
        }
        return nullptr;
    }
};

/// A foreign plugin, described by its format's adopt function after dlopen.
struct ForeignPlugin {
    std::string name;                                 ///< unique within the host; letters, digits and ._+-
    std::string version;                              ///< semantic version "MAJOR.MINOR.PATCH"
    std::string description;                          ///< one line for humans; may be empty
    std::function<int(int stage)> init;               ///< empty: nothing runs; non-zero fails the plugin
    std::function<void(int stage, int result)> exit;  ///< empty: nothing runs
    /// (host hook name, implementation). The host binds each to its declared
    /// hook, whose signature the format vouches for: the file cannot say.
    std::vector<std::pair<std::string, tenon_fn_ptr>> hooks;
    /// The plain functions behind `init` and `exit` (and any other the format
    /// will call), as (what, address): the loader refuses the plugin unless
    /// each non-NULL one lies in an executable segment of this same file, as
    /// it refuses a NULL hook or one that points elsewhere.
    std::vector<std::pair<std::string, const void *>> entry_points;
    std::vector<std::string> warnings;  ///< logged at warn level, prefixed with the file
    /// Optional: where the plugin keeps a services pointer (a
    /// `const tenon_services *` in its own writable data). The host stores
    /// the plugin's services table there before init and clears it after
    /// exit, as for a Tenon plugin; the loader refuses the plugin unless it
    /// lies in a writable segment of this same file.
    const tenon_services **services_slot = nullptr;
};

/// For a format's adopt: true when the `size` bytes at `address` lie inside
/// one loaded segment of `library` (a handle adopt received). Lets a format
/// check a pointer it read from the plugin's data before reading through it.
bool in_loaded_segment(void *library, const void *address, std::size_t size) noexcept;

/// For a format's adopt: the NUL-terminated string at `text`, when it ends
/// within one loaded segment of `library` and within `max_length` bytes;
/// nothing otherwise (a pointer from the plugin's data is only a claim).
std::optional<std::string> read_loaded_string(void *library, const char *text, std::size_t max_length);

struct ForeignFormat;

/// Reads `file` as the loader does before dlopen, for tools that describe
/// foreign plugins without loading them: the ELF checks, then the marker
/// symbols of `format` it defines, with their initial bytes and, for
/// initialised data, their relocated pointer slots. No code runs and
/// format.check_file is not called. Fails with the loader's errors (not ELF,
/// wrong machine, limits), or no_metadata when it defines no marker.
/// Thread-safe.
Result<ForeignFile> read_foreign_file(const std::filesystem::path &file, const ForeignFormat &format,
                                      const LoadLimits &limits = {});

/// How to recognise, check and adopt one foreign format. A plain value;
/// the host copies it at creation. Its functions are called on the loading
/// thread with the host's load lock held, and must not call back into the Host.
struct ForeignFormat {
    std::string name;  ///< for messages, e.g. "CRIU"
    /// A file without Tenon metadata that defines any of these dynamic
    /// symbols is taken to be in this format (checked before dlopen).
    std::vector<std::string> marker_symbols;
    /// Optional: checks run before dlopen, from the file alone. Returns an
    /// Errc::ok Error to accept, or an Error naming the file, the field, the
    /// expected and the found value; the file is then refused unopened.
    std::function<Error(const ForeignFile &file)> check_file;
    /// Called after dlopen(RTLD_NOW | RTLD_LOCAL), before any init, with the
    /// handle (owned by the host; do not dlclose it). Returns the plugin, or
    /// an Error naming the file, the field, the expected and the found value;
    /// the host then dlcloses the file and reports the error.
    std::function<Result<ForeignPlugin>(void *library, const ForeignFile &file)> adopt;
};

}  // namespace tenon
