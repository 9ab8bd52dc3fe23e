// tenon/policy.hpp: what a host lets a plugin file make it do before any of
// the plugin's code runs: how much it may make the loader read, where the
// file may live and who may own it, and how the validated file is mapped.
//
// Every part is on by default with the values documented here, because the
// loader often runs as root (CRIU does) over a directory someone else filled.
// A host relaxes a part explicitly, in its HostConfig. See
// docs/host-authors.md, "Trust, limits and signatures".
#pragma once

#include <tenon/signing.hpp>

#include <cstdint>
#include <filesystem>
#include <sys/types.h>
#include <vector>

namespace tenon {

/// Upper bounds on what one plugin file may make the loader read or keep. A
/// file beyond any of them is refused with Errc::limit_exceeded, naming the
/// field, the limit (and this struct's member) and the value found, before
/// anything of that size is read. Every check runs in time linear in what it
/// reads. A plain value.
struct LoadLimits {
    /// Bytes of a plugin file, or of a library it needs from a plugin directory.
    std::uint64_t max_file_size = 256ull << 20;
    /// Bytes of each Tenon metadata section (tenon_descriptor, tenon_records).
    std::uint32_t max_section_size = 1u << 20;
    /// Records of one plugin (hooks, exports, events and requirements together).
    std::uint32_t max_records = 4096;
    /// Bytes of a name: the plugin's, a hook's, an export's, an event's, a
    /// required plugin's, and the interface id.
    std::uint32_t max_name_length = 255;
    /// Bytes of a version or a version range.
    std::uint32_t max_version_length = 64;
    /// Bytes of a type signature (of a hook, an export or an event callback).
    std::uint32_t max_signature_length = 1024;
    /// Bytes of the description.
    std::uint32_t max_description_length = 1024;
    /// DT_NEEDED entries of one file.
    std::uint32_t max_needed_libraries = 256;
    /// Bytes of the dynamic symbol table and its strings (read to recognise
    /// plugins in another format, such as CRIU's).
    std::uint64_t max_symbol_table_size = 64ull << 20;
};

/// Where a plugin file may live and who may own it, as ld.so's secure mode
/// and sudo's plugin loader judge it. With `enforce`, the loader refuses
/// (Errc::untrusted_path, naming the path, its mode and its owner):
///   - a plugin file, or a library it needs through its own DT_RPATH or
///     DT_RUNPATH, that is writable by group or others, or owned by someone
///     other than root, the host's effective user or `trusted_owners`;
///   - any directory on its path (as named, and as resolved through symbolic
///     links) that is writable by group or others, unless that directory is
///     sticky and owned by root (as /tmp is), or that is owned by someone else.
/// Either way the search-path environment variable is read with
/// secure_getenv, so a setuid or setgid host ignores it. A plain value.
struct TrustPolicy {
    /// false: no mode or owner checks (a development tree, a test). Explicit on purpose.
    bool enforce = true;
    /// Owners accepted besides root and the host's effective user.
    std::vector<uid_t> trusted_owners;
};

/// Whether plugin files must be signed, and by whom (the block, what it
/// covers and how to sign: docs/abi.md, "Signatures"). With `required`,
/// every plugin file must end in a signature block by one of `trusted_keys`;
/// the loader verifies it on the open descriptor before it reads anything
/// else of the file, and refuses with unsigned_plugin, bad_signature or
/// untrusted_key. Off by default; then signature blocks are not read. A plain value.
struct SignaturePolicy {
    bool required = false;
    std::vector<PublicKey> trusted_keys;  ///< at least one when `required` (Host::create checks)
};

/// How the dynamic loader is made to map the very file the loader validated.
/// Whichever is chosen, the file is opened once, validated from that
/// descriptor, mapped from it, and proven the same file with the same bytes
/// (device, inode, size and modification time unchanged; the mapped program
/// headers and descriptor equal to the validated ones) before any init.
enum class MapMethod {
    /// The default: sealed_copy when the host requires signatures or does not
    /// enforce its trust policy (then someone the host does not trust may be
    /// able to rewrite the file in place between the check and the mapping,
    /// or after it); descriptor otherwise (only root or the host's own user
    /// can write the file, and they can change the process anyway).
    automatic,
    /// dlopen of /proc/self/fd/N, the validated descriptor itself. A rewrite
    /// of the file in place is detected (its size and modification time are
    /// checked just before and just after dlopen, and it is refused before
    /// any init), not prevented, since the mapping shares the file's pages. The file's
    /// pages are shared with the page cache and profilers see its real path.
    /// Where /proc is not mounted this falls back to private_file.
    descriptor,
    /// dlopen of a sealed memfd holding a copy of the validated bytes: nothing
    /// can change what runs afterwards, not even the file's owner. Costs a copy
    /// per plugin; profilers see "/memfd:tenon:NAME". Needs /proc, else private_file.
    sealed_copy,
    /// dlopen of a copy in a fresh mode-0700 directory under
    /// HostConfig::private_copy_directory, removed once mapped. Works without /proc.
    private_file
};

}  // namespace tenon
