// `tenon`: the command line of the Tenon plugin runtime.
//
// Exit status, as `tenon --help` says: 0 on success; 1 when a FILE could not
// be read, signed or verified, or a key file could not be read or written
// (each error goes to stderr and the remaining files are still handled); 2
// for a usage error. CLI11 numbers its parse errors from 100 up;
// they are folded into 2, the usual status for "bad command line", so
// scripts can tell a bad invocation from a bad plugin.
#include "commands.hpp"
#include "inspect.hpp"

#include <tenon/abi.h>
#include <tenon/metadata.hpp>
#include <tenon/signing.hpp>

#include <CLI/CLI.hpp>

#include <chrono>
#include <optional>
#include <exception>
#include <iostream>
#include <string>
#include <vector>

#ifndef TENON_VERSION
#error "TENON_VERSION must be defined by the build (the CMake project version)"
#endif

namespace {

using tenon_cli::exit_file_error;
using tenon_cli::exit_usage;

constexpr const char *main_footer = R"(Exit status: 0 on success; 1 if any FILE could not be read, signed,
verified, (check) accepted or probed or (graph) ordered, or a key file could
not be read or written (the other FILEs are still handled); 2 for a usage
error.)";

// The text layout is a stable interface: it is documented here, and
// tests/tool checks it byte for byte.
constexpr const char *inspect_footer =
    R"text(Each FILE's Tenon metadata is read straight from the ELF file. The plugin is
never loaded, so none of its code (constructors included) runs.

Text output: one block per file, blocks separated by a blank line.
  file        PATH
  plugin      NAME VERSION
  interface   NAME/VERSION
  description TEXT
  abi         MAJOR.MINOR (descriptor SIZE bytes)
  signature   ALGORITHM key KEYID (or "none")
  hooks       COUNT
    HOOK  SIGNATURE  MODE  priority PRIORITY  [optional]  [flags 0xBITS]
  exports     COUNT
    EXPORT  SIGNATURE
  events      COUNT
    EVENT  CALLBACK-SIGNATURE  MODE
  requires    COUNT
    PLUGIN  RANGE (or "any version")  [if present]
  arguments   COUNT (only when the plugin declares arguments)
    NAME  TYPE  [required]  DESCRIPTION
  notes       COUNT
    - NOTE
Hooks are listed by name, in columns aligned within the block. MODE is
first-claimer, broadcast or parallel (an event's MODE may also be notify); PRIORITY is
first, normal or last; "flags" shows flag bits unknown to this tool. The
signature is what the file's signature block claims (ALGORITHM is
ed25519ph), unchecked: `tenon verify` checks it. Control characters, invalid
UTF-8 and bidirectional controls in strings are shown as \xNN. Lines never
end in blanks.

JSON output (--json): one object per file, or an array of them when several
FILEs are given. Keys, in this order:
  name, version, interface {id, name, version}, description,
  abi {major, minor}, descriptor_size,
  signature {algorithm, key_id} (null when unsigned),
  hooks [{name, signature, mode, priority, optional}] (by name),
  exports [{name, signature}] (by name),
  events [{name, signature, mode}] (by name),
  requires [{name, range, if_present (only when true)}] (by name),
  arguments [{name, type, required, description}] (by name; only when the
  plugin declares arguments), notes [], file
A FILE that cannot be read, or whose signature block is damaged, is left
out; its error goes to stderr as "tenon: MESSAGE".

A plugin built for CRIU itself (no Tenon metadata; CRIU's CR_PLUGIN_DESC or
its legacy cr_plugin_* functions) is described from the file too:
  file        PATH
  format      CRIU binary plugin (CR_PLUGIN_DESC)
  plugin      NAME (or "(set at run time)")
  version     0xVERSION (CRIU plugin API X.Y.Z)
  max_hooks   N
  hooks       COUNT set in the file
    CR_PLUGIN_HOOK__NAME
  notes       1
    - hooks a constructor stores (CRIU's CR_PLUGIN_REGISTER_HOOK) are only known after dlopen
or, for a legacy plugin,
  format      CRIU legacy plugin (cr_plugin_* symbols)
  plugin      NAME (from the file name)
  symbols     COUNT
    cr_plugin_SYMBOL
In JSON: {format: "criu-binary", name, version, max_hooks, hooks [], file}
or {format: "criu-legacy", name, symbols [], file}.)text";

constexpr const char *keygen_footer = R"(Writes a new Ed25519 key pair: NAME.secret, the secret key (mode 0600), and
NAME.pub, the public key hosts trust. Neither file may exist yet. Prints
  NAME.secret: secret key KEYID
  NAME.pub: public key KEYID
KEYID is the key id signature blocks and messages name the key by. Keep
NAME.secret private: whoever has it can sign plugins your hosts will run.)";

constexpr const char *sign_footer = R"(Signs each FILE, an ELF plugin, with SECRET-KEY (a file from `tenon keygen`,
which group and others must not be able to access). A signature the file
already carries is replaced. Each FILE is rewritten atomically with its mode
kept. Prints, for each FILE signed,
  FILE: signed by key KEYID
A FILE that cannot be signed is reported on stderr as "tenon: MESSAGE" and
the others are still signed.)";

constexpr const char *verify_footer = R"(Checks that each FILE is signed by one of the --key public keys, as a host
that requires signatures does before it loads a plugin. Prints, for each
FILE whose signature holds,
  FILE: signature by key KEYID verified
A FILE that is unsigned, damaged, changed since it was signed or signed by
another key is reported on stderr as "tenon: MESSAGE".)";

constexpr const char *check_footer = R"(Judges every plugin file under PATH (a file, or a directory of *.so files)
against the host interface in HOST.json, which the host writes with
tenon::interface_json(config): the same checks and messages as the host's
own load (metadata, interface and hook types, layout, pointers, DT_NEEDED,
dependencies, the trust policy, signatures). No plugin code runs: nothing is
mapped, so what only dlopen or init would find is not reported.
Text output, one line per file in file-name order, then a summary:
  accepted FILE: NAME VERSION (load position N)
  refused  MESSAGE [CODE]
  error    MESSAGE [CODE]          (a problem with no one file)
  A accepted, R refused
With --probe, each accepted plugin is then loaded in a child process of its
own, after the plugins it requires, with a host that provides no services:
its constructors and init(stage) run, then exit(stage, 0). Under its
"accepted" line:
           probe passed: WHAT RAN
           probe failed: WHAT WENT WRONG, AND WHERE
           | LINE                  (the last lines the plugin wrote)
A crash, a non-zero init, an exit of the process or no answer within
--timeout (the child is then killed) fails the probe; a plugin whose
requirement failed is not run. The summary adds "; probes: P passed, F failed".
JSON output (--json): {plugins: [{file, verdict: "accepted", name, version,
load_position[, probe {passed, result, output []}]} or {file, verdict:
"refused", code, message}], errors: [{code, message}], accepted, refused,
[probes {passed, failed},] ok}.
Exit status: 0 if every file is accepted (and, with --probe, every probe
passed); 1 otherwise, or when HOST.json cannot be read; 2 for a usage error.)";

constexpr const char *graph_footer = R"text(Shows how the plugin files under PATH (files, or directories of *.so files)
fit together, from their metadata alone: nothing is mapped and no plugin code
runs, and no host interface is needed, so this judges only names, versions
and requirements (`tenon check` judges the rest). The load order is the
loader's: each plugin after those it requires, ties in file order.
Imports and subscriptions are made at run time and are not recorded in a
file; an export's or event's "dependents" are the plugins that require its
provider, whose imports and subscriptions the loader guarantees can find it.
Text output (every section but "refused" always present):
  load order
    N. NAME VERSION  FILE
  dependencies
    NAME requires PLUGIN RANGE          (RANGE is "(any version)" when empty)
  exports
    EXPORT  SIGNATURE  from NAME; dependents: NAME, ... (or "none")
  events
    EVENT  CALLBACK-SIGNATURE  MODE  from NAME; dependents: ...
  refused                              (by file)
    MESSAGE [CODE]    (a file that cannot be read, a name already taken,
                       a requirement missing, out of range or in a cycle)
DOT output (--dot): digraph plugins, one box per ordered plugin labelled with
its position, name, version, exports and events; an edge from each plugin to
each plugin it requires, labelled with the range ("any" when empty); one
"// refused: MESSAGE [CODE]" comment per refusal.
Exit status: 0 if every file was read and every plugin ordered; 1 otherwise;
2 for a usage error.)text";

std::string version_line() {
    return "tenon " TENON_VERSION " (plugin ABI " + std::to_string(TENON_ABI_MAJOR) + "." +
           std::to_string(TENON_ABI_MINOR) + ")";
}

int inspect(const std::vector<std::string> &files, bool json) {
    int status = 0;
    auto documents = nlohmann::ordered_json::array();
    bool first_block = true;
    for (const std::string &file : files) {
        auto result = tenon::read_plugin_metadata(file);
#if TENON_TOOL_HAS_CRIU
        // No Tenon metadata: it may be a plugin built for CRIU itself.
        if (!result && result.error().code == tenon::Errc::no_metadata) {
            if (auto criu = tenon::criu::describe_binary_plugin(file)) {
                if (json) {
                    documents.push_back(tenon_cli::inspect_criu_json(file, *criu));
                } else {
                    std::cout << (first_block ? "" : "\n") << tenon_cli::inspect_criu_text(file, *criu) << std::flush;
                    first_block = false;
                }
                continue;
            }
        }
#endif
        if (!result) {
            tenon_cli::report(result.error());
            status = exit_file_error;
            continue;
        }
        // A damaged signature block is the file's fault too: its error, not a block.
        auto signature = tenon::read_plugin_signature(file);
        if (!signature) {
            tenon_cli::report(signature.error());
            status = exit_file_error;
            continue;
        }
        const tenon::PluginMetadata &meta = result.value();  // hooks come sorted by name
        if (json) {
            documents.push_back(tenon_cli::inspect_json(meta, *signature));
        } else {
            // Printed as we go, so on a terminal each error shows next to its file.
            std::cout << (first_block ? "" : "\n") << tenon_cli::inspect_text(meta, *signature) << std::flush;
            first_block = false;
        }
    }
    if (json) {
        // The shape depends on the command line, not on which files failed,
        // so a consumer always knows whether to expect an object or an array.
        const bool several = files.size() > 1;
        if (several || !documents.empty()) {
            const auto &out = several ? documents : documents.front();
            // Plugin strings are untrusted bytes: replace invalid UTF-8 instead of throwing.
            std::cout << out.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << '\n';
        }
    }
    return tenon_cli::flush_output(status);
}

}  // namespace

int main(int argc, char **argv) {
    CLI::App app{"Tenon plugin runtime tool.", "tenon"};
    app.set_version_flag("--version", version_line(), "Print the Tenon version and plugin ABI, then exit");
    app.footer(main_footer);

    std::vector<std::string> files;
    bool json = false;
    CLI::App *inspect_cmd = app.add_subcommand("inspect", "Show what plugin files declare, without loading them");
    inspect_cmd->add_option("FILE", files, "Plugin files (.so)")->required()->type_name("");
    inspect_cmd->add_flag("--json", json, "Print JSON instead of text");
    inspect_cmd->footer(inspect_footer);

    std::string key_name;
    CLI::App *keygen_cmd = app.add_subcommand("keygen", "Generate a key pair for signing plugins");
    keygen_cmd->add_option("NAME", key_name, "Writes NAME.secret and NAME.pub")->required()->type_name("");
    keygen_cmd->footer(keygen_footer);

    std::string secret_key;
    CLI::App *sign_cmd = app.add_subcommand("sign", "Sign plugin files");
    sign_cmd->add_option("SECRET-KEY", secret_key, "Secret key file (NAME.secret)")->required()->type_name("");
    sign_cmd->add_option("FILE", files, "Plugin files (.so)")->required()->type_name("");
    sign_cmd->footer(sign_footer);

    std::vector<std::string> public_keys;
    CLI::App *verify_cmd = app.add_subcommand("verify", "Check plugin files' signatures against trusted keys");
    // One file per --key, so "--key a.pub plugin.so" leaves plugin.so a FILE.
    verify_cmd->add_option("--key", public_keys, "A trusted public key file (NAME.pub); repeat for more")
        ->required()
        ->allow_extra_args(false)
        ->type_name("PUB");
    verify_cmd->add_option("FILE", files, "Plugin files (.so)")->required()->type_name("");
    verify_cmd->footer(verify_footer);

    std::string interface_file;
    std::vector<std::string> paths;
    CLI::App *check_cmd =
        app.add_subcommand("check", "Judge plugin files against a host's interface, without loading them");
    check_cmd->add_option("--interface", interface_file, "The host's interface (from tenon::interface_json)")
        ->required()
        ->type_name("HOST.json");
    check_cmd->add_option("PATH", paths, "Plugin files or directories")->required()->type_name("");
    check_cmd->add_flag("--json", json, "Print JSON instead of text");
    bool probe = false;
    tenon_cli::ProbeOptions probe_options;
    double timeout_seconds = 10;
    check_cmd->add_flag("--probe", probe, "Also run each accepted plugin's init and exit, in a child process");
    check_cmd->add_option("--stage", probe_options.stage, "The stage --probe passes to init and exit (default 0)")
        ->type_name("N");
    check_cmd
        ->add_option("--timeout", timeout_seconds, "How long one plugin's --probe may take, in seconds (default 10)")
        ->check(CLI::Range(0.001, 86400.0))
        ->type_name("SECONDS");
    check_cmd->footer(check_footer);

    bool dot = false;
    CLI::App *graph_cmd =
        app.add_subcommand("graph", "Show the load order, dependencies, exports and events of plugin files");
    graph_cmd->add_option("PATH", paths, "Plugin files or directories")->required()->type_name("");
    graph_cmd->add_flag("--dot", dot, "Print Graphviz DOT instead of text");
    graph_cmd->footer(graph_footer);

    try {
        app.parse(argc, argv);
        // Checked here rather than with require_subcommand(1), which would
        // answer a mistyped command with "A subcommand is required" instead
        // of naming the word it did not expect.
        if (app.get_subcommands().empty()) {
            throw CLI::RequiredError("A subcommand");
        }
    } catch (const CLI::ParseError &error) {
        const int code = app.exit(error);  // prints help, the version, or the error
        return code == 0 ? 0 : exit_usage;
    }

    try {
        if (inspect_cmd->parsed()) {
            return inspect(files, json);
        }
        if (check_cmd->parsed()) {
            probe_options.timeout = std::chrono::milliseconds(static_cast<long long>(timeout_seconds * 1000 + 0.5));
            return tenon_cli::check(interface_file, paths, json, probe ? std::optional(probe_options) : std::nullopt);
        }
        if (graph_cmd->parsed()) {
            return tenon_cli::graph(paths, dot);
        }
        if (keygen_cmd->parsed()) {
            return tenon_cli::keygen(key_name);
        }
        if (sign_cmd->parsed()) {
            return tenon_cli::sign(secret_key, files);
        }
        if (verify_cmd->parsed()) {
            return tenon_cli::verify(public_keys, files);
        }
    } catch (const std::exception &error) {
        // Only resource exhaustion gets here: bad plugins come back as errors, not exceptions.
        std::cerr << "tenon: " << error.what() << '\n';
        return exit_file_error;
    }
    return exit_usage;  // unreachable: a subcommand was required above
}
