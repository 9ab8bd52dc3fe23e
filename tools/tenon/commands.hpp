// The `tenon` subcommands other than inspect, and what every command shares:
// exit statuses (documented in main.cpp) and how errors are printed.
#pragma once

#include <tenon/error.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace tenon_cli {

inline constexpr int exit_file_error = 1;
inline constexpr int exit_usage = 2;

/// Prints "tenon: MESSAGE" on stderr. The message already names the file,
/// the field, the expected and the found value.
void report(const tenon::Error &error);

/// `status`, or exit_file_error when standard output could not be written.
int flush_output(int status);

/// `tenon keygen NAME`: writes NAME.secret (0600) and NAME.pub, neither of
/// which may exist yet; prints each file's name and the key id.
int keygen(const std::string &name);

/// `tenon sign SECRET-KEY FILE...`: signs each FILE; prints "FILE: signed by key KEYID".
int sign(const std::string &secret_key_file, const std::vector<std::string> &files);

/// `tenon verify --key PUB... FILE...`: prints "FILE: signature by key KEYID verified".
int verify(const std::vector<std::string> &public_key_files, const std::vector<std::string> &files);

/// `tenon check --probe`'s settings: the stage init and exit get, and how
/// long one plugin's probe may take before it is killed.
struct ProbeOptions {
    int stage = 0;
    std::chrono::milliseconds timeout{10'000};
};

/// `tenon check --interface HOST.json [--json] [--probe ...] PATH...`:
/// judges every plugin file under PATH (files, or directories of *.so)
/// against the interface, as a load would, running none of them; one verdict
/// per file. With `probe`, each accepted plugin is then loaded in a child
/// process and its init and exit run (see probe.hpp). 0 only when every file
/// is accepted and every probe passed.
int check(const std::string &interface_file, const std::vector<std::string> &paths, bool json,
          const std::optional<ProbeOptions> &probe);

/// `tenon graph [--dot] PATH...`: the load order, dependencies, exports and
/// events of the plugins under PATH, from their metadata alone, as text or
/// Graphviz DOT. 0 when every file was read and every plugin ordered.
int graph(const std::vector<std::string> &paths, bool dot);

}  // namespace tenon_cli
