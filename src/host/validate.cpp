// Phase 1 of Host::load: every check that needs only the file's bytes, all
// of them read from the one descriptor each file is opened with. No plugin
// code runs here.
#include "common/diagnostic.hpp"
#include "host/foreign.hpp"
#include "host/load_phases.hpp"
#include "loader/dependencies.hpp"
#include "loader/needed_libraries.hpp"
#include "loader/pointer_checks.hpp"
#include "loader/static_image.hpp"
#include "metadata/elf_image.hpp"
#include "metadata/uncreated_events.hpp"
#include "trust/signature.hpp"

#include <algorithm>
#include <exception>
#include <sys/stat.h>
#include <thread>
#include <unordered_map>

namespace tenon::detail {

LoadContext::LoadContext(HostState &host, MapMethod map_method, std::filesystem::path private_parent)
    : state(host), method(map_method), private_directory(std::move(private_parent)), trust(host.config.trust) {}

namespace {

// One file through every check of phase 1. `key` is set once the file is
// open. Safe on several threads at once, each with its own `trust`.
Result<Candidate> validate_file(LoadContext &context, PathTrust &trust, const std::filesystem::path &file,
                                std::optional<FileKey> &key) {
    HostState &state = context.state;
    const LoadLimits &limits = state.config.limits;
    auto opened = OpenFile::open(file, limits.max_file_size, context.method, &context.private_directory);
    if (!opened) {
        return opened.error();
    }
    const FileIdentity &identity = opened->identity();
    key = FileKey{identity.device, identity.inode};
    log_step(state, file, [&] {
        return "opened (inode " + std::to_string(identity.inode) + ", " + std::to_string(identity.size) + " bytes)";
    });
    Candidate candidate;
    if (Error error = trust.check_file(file, identity, candidate.resolved); error.code != Errc::ok) {
        return error;
    }
    candidate.file = file;
    // Before any other byte is parsed: an unsigned file gets no attention from the ELF reader.
    if (const SignaturePolicy &signatures = state.config.signatures; signatures.required) {
        auto signer =
            verify_plugin_signature(opened->fd(), opened->mapped_identity().size, file, signatures.trusted_keys);
        if (!signer) {
            return signer.error();
        }
        candidate.signed_by = *signer;
        log_step(state, file, [&] { return "signature by key " + candidate.signed_by + " verified"; });
    }
    auto image = ElfImage::read(opened->fd(), opened->mapped_identity().size, file);
    if (!image) {
        return image.error();
    }
    if (candidate.resolved.empty()) {
        std::error_code ignored;
        candidate.resolved = std::filesystem::absolute(file, ignored);
    }
    candidate.segments = image->segments();
    auto dynamic = read_dynamic_info(*image, limits);
    if (!dynamic) {
        return dynamic.error();
    }
    candidate.dynamic = std::move(dynamic.value());

    auto sections = read_plugin_sections(*image, limits);
    if (!sections && sections.error().code == Errc::no_metadata && !state.config.foreign_formats.empty()) {
        auto foreign = recognise_foreign(state, *image, sections.error());
        if (!foreign) {
            return foreign.error();
        }
        candidate.foreign = foreign->format;
        candidate.foreign_file = std::move(foreign->file);
        candidate.parsed.metadata.file = file;
        candidate.parsed.metadata.name = file.string();  // no plugin name has a '/', so this clashes with none
        candidate.opened = std::move(opened.value());
        log_step(state, file, [&] { return "validated as a " + foreign->format->name + " plugin"; });
        return candidate;
    }
    if (!sections) {
        return sections.error();
    }
    auto parsed = parse_plugin(file, sections->descriptor.bytes, sections->records.bytes, limits);
    if (!parsed) {
        return parsed.error();
    }
    if (Error error = drop_uncreated_events(*image, candidate.dynamic, *sections, *parsed, limits);
        error.code != Errc::ok) {
        return error;
    }
    auto bindings = check_compatibility(parsed->metadata, state.config, state.hooks, state.hook_index);
    if (!bindings) {
        return bindings.error();
    }
    if (Error error = check_file_pointers(*image, candidate.dynamic, *sections, *parsed, limits);
        error.code != Errc::ok) {
        return error;
    }
    for (const auto &note : parsed->metadata.notes) {
        state.log(LogLevel::debug, shown(file) + ": " + note);
    }
    for (const auto &note : bindings->debug_notes) {
        state.log(LogLevel::debug, shown(file) + ": " + note);
    }
    candidate.opened = std::move(opened.value());
    candidate.sections = std::move(sections.value());
    candidate.parsed = std::move(parsed.value());
    candidate.bindings = std::move(bindings.value());
    log_step(state, file, [&] {
        return "validated as " + candidate.parsed.metadata.name + " " + candidate.parsed.metadata.version;
    });
    return candidate;
}

// A static plugin through the checks that concern metadata rather than a
// file: the same parser, the host's view of it, and its pointers, which are
// already in place (the program is mapped), checked against the segments of
// the object holding it.
Result<Candidate> validate_static(LoadContext &context, const tenon_static_plugin *registration, std::size_t index) {
    HostState &state = context.state;
    const LoadLimits &limits = state.config.limits;
    auto image = read_static_image(registration, index, limits);
    if (!image) {
        return image.error();
    }
    auto parsed = parse_plugin(image->name, image->sections.descriptor.bytes, image->sections.records.bytes, limits);
    if (!parsed) {
        return parsed.error();
    }
    auto bindings = check_compatibility(parsed->metadata, state.config, state.hooks, state.hook_index);
    if (!bindings) {
        return bindings.error();
    }
    // The program is mapped already: its pointers are final, checked once, here.
    const SegmentMap segments(image->segments, image->bias);
    auto live = read_live_pointers(image->name, image->sections, *parsed, segments);
    if (!live) {
        return live.error();
    }
    std::vector<bool> slot_is_null;
    for (void **slot : live->event_slots) {
        slot_is_null.push_back(slot == nullptr);
    }
    drop_uncreated_events(*parsed, slot_is_null, &live->event_slots);
    for (const auto &note : bindings->debug_notes) {
        state.log(LogLevel::debug, shown(image->name) + ": " + note);
    }
    Candidate candidate;
    candidate.file = image->name;
    candidate.linked = registration;
    candidate.linked_bias = image->bias;
    candidate.linked_key = image->claim_key;
    candidate.linked_pointers = std::move(live.value());
    candidate.segments = std::move(image->segments);
    candidate.sections = std::move(image->sections);
    candidate.parsed = std::move(parsed.value());
    candidate.bindings = std::move(bindings.value());
    log_step(state, candidate.file, [&] {
        return "validated as " + candidate.parsed.metadata.name + " " + candidate.parsed.metadata.version;
    });
    return candidate;
}

}  // namespace

namespace {

// What phase 1 made of one file: a candidate, or why not (and its identity, once open).
struct FileOutcome {
    Result<Candidate> candidate = Error{};
    std::optional<FileKey> key;
};

// Loads of this many files or more validate on several threads.
constexpr std::size_t parallel_from = 32;

// Validates files[first, last) into outcomes[first, last), in order.
void validate_range(LoadContext &context, PathTrust &trust, const std::vector<std::filesystem::path> &files,
                    std::size_t first, std::size_t last, std::vector<FileOutcome> &outcomes) {
    for (std::size_t i = first; i < last; ++i) {
        log_step(context.state, files[i], [] { return "opening"; });
        outcomes[i].candidate = validate_file(context, trust, files[i], outcomes[i].key);
    }
}

// Phase 1 is one file after another, each opened, read and judged on its
// own: a large load splits the files into contiguous runs and validates them
// on up to four threads (the calling one among them), joined before anything
// is mapped. Results are merged in file order, so nothing a caller sees
// depends on it. Not for foreign formats, whose callbacks are promised the
// loading thread, nor for private copies, which share one directory.
std::vector<FileOutcome> validate_all(LoadContext &context, const std::vector<std::filesystem::path> &files) {
    std::vector<FileOutcome> outcomes(files.size());
    const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
    const std::size_t threads = files.size() < parallel_from || !context.state.config.foreign_formats.empty() ||
                                        context.method == MapMethod::private_file
                                    ? 1
                                    : std::min<std::size_t>({cores, 4, files.size() / (parallel_from / 2)});
    if (threads <= 1) {
        validate_range(context, context.trust, files, 0, files.size(), outcomes);
        return outcomes;
    }
    std::vector<std::thread> helpers;
    std::vector<std::exception_ptr> failures(threads);
    std::vector<std::unique_ptr<PathTrust>> trusts;
    const std::size_t run = (files.size() + threads - 1) / threads;
    for (std::size_t t = 1; t < threads; ++t) {
        trusts.push_back(std::make_unique<PathTrust>(context.state.config.trust));
        const std::size_t first = std::min(files.size(), t * run);
        const std::size_t last = std::min(files.size(), first + run);
        PathTrust &trust = *trusts.back();
        helpers.emplace_back([&, first, last, t] {
            try {
                validate_range(context, trust, files, first, last, outcomes);
            } catch (...) {
                failures[t] = std::current_exception();
            }
        });
    }
    try {
        validate_range(context, context.trust, files, 0, std::min(files.size(), run), outcomes);
    } catch (...) {
        failures[0] = std::current_exception();
    }
    for (std::thread &helper : helpers) {
        helper.join();
    }
    for (const std::exception_ptr &failure : failures) {
        if (failure) {
            std::rethrow_exception(failure);
        }
    }
    return outcomes;
}

}  // namespace

Validated validate_candidates(LoadContext &context, const std::vector<const tenon_static_plugin *> &static_plugins,
                              const std::vector<std::filesystem::path> &files, std::vector<Error> &errors) {
    HostState &state = context.state;
    // Static plugins first: they are part of the program, so a file that takes one's name is the second.
    std::vector<FileOutcome> outcomes;
    for (std::size_t i = 0; i < static_plugins.size(); ++i) {
        outcomes.push_back({validate_static(context, static_plugins[i], i), std::nullopt});
    }
    for (FileOutcome &outcome : validate_all(context, files)) {
        outcomes.push_back(std::move(outcome));
    }
    Validated validated;
    validated.candidates.reserve(outcomes.size());  // never moves, so `names` may view the names it holds
    // Every name taken so far, and by which file: one lookup per file rather
    // than a scan of the others (1,000 plugins load at once).
    std::unordered_map<std::string_view, const std::filesystem::path *> names;
    for (const auto &plugin : state.plugins) {
        names.emplace(plugin->metadata.name, &plugin->metadata.file);
    }
    for (std::size_t i = 0; i < outcomes.size(); ++i) {
        auto &candidate = outcomes[i].candidate;
        if (candidate && candidate->foreign == nullptr) {
            const std::string &name = candidate->parsed.metadata.name;
            if (const auto clash = names.find(name); clash != names.end()) {
                candidate = duplicate_name(candidate->file, name, *clash->second);
            }
        }
        if (!candidate) {
            if (outcomes[i].key) {
                validated.refusals.emplace(*outcomes[i].key, candidate.error().message);
            }
            errors.push_back(candidate.error());
            continue;
        }
        validated.candidates.push_back(std::move(candidate.value()));
        const Candidate &accepted = validated.candidates.back();
        if (accepted.foreign == nullptr) {
            names.emplace(accepted.parsed.metadata.name, &accepted.file);
        }
    }
    return validated;
}

namespace {

std::filesystem::path resolved_directory(const std::filesystem::path &directory) {
    std::error_code ignored;
    std::filesystem::path resolved = std::filesystem::canonical(directory, ignored);
    return resolved.empty() ? directory.lexically_normal() : resolved;
}

// Checks one candidate's libraries; adds the requirements its links imply. Ok, or why it is refused.
class NeededCheck {
public:
    NeededCheck(LoadContext &context, Validated &validated) : context_(context), validated_(validated) {
        for (const auto &directory : context.plugin_directories) {
            plugin_directories_.insert(resolved_directory(directory).string());
        }
        for (std::size_t i = 0; i < validated.candidates.size(); ++i) {
            const FileIdentity &identity = validated.candidates[i].opened.identity();
            candidates_.emplace(FileKey{identity.device, identity.inode}, i);
        }
        for (const auto &plugin : context.state.plugins) {
            loaded_.emplace(FileKey{plugin->device, plugin->inode}, plugin.get());
        }
    }

    /// Ok, or the refusal of candidate `index`; `refused` marks candidates refused so far.
    Error check(std::size_t index, const std::vector<bool> &refused) {
        Candidate &candidate = validated_.candidates[index];
        const std::filesystem::path origin = candidate.resolved.parent_path();
        for (const NeededLibrary &library : find_needed_libraries(candidate.dynamic, origin)) {
            if (library.found != NeededLibrary::Found::run_path) {
                continue;  // the system's directories or LD_LIBRARY_PATH: the host's environment
            }
            const std::filesystem::path directory = resolved_directory(library.file.parent_path());
            const bool plugin_side = plugin_directories_.contains(directory.string()) ||
                                     (library.through_origin && directory == resolved_directory(origin));
            const std::string subject = "DT_NEEDED " + single_quoted(library.name) + " (" + library.via + ")";
            if (!plugin_side) {
                if (library.through_origin) {
                    return mismatch(Errc::refused_dependency, candidate.file, subject,
                                    "a library found without $ORIGIN (Tenon maps a plugin from its descriptor, "
                                    "where the dynamic loader cannot expand $ORIGIN)",
                                    shown(library.file) + ", found through $ORIGIN");
                }
                if (Error error = context_.trust.check_library(candidate.file, library.file); error.code != Errc::ok) {
                    return error;
                }
                continue;
            }
            if (Error error = check_plugin_side(candidate, subject, library, refused); error.code != Errc::ok) {
                return error;
            }
        }
        return {};
    }

private:
    Error check_plugin_side(Candidate &candidate, const std::string &subject, const NeededLibrary &library,
                            const std::vector<bool> &refused) {
        const std::string expected =
            "a plugin this load accepted or one already loaded (it resolves into a plugin directory)";
        struct stat status {};
        if (stat(library.file.c_str(), &status) != 0) {
            return mismatch(Errc::refused_dependency, candidate.file, subject, expected,
                            shown(library.file) + ", which cannot be examined");
        }
        const FileKey key{static_cast<std::uint64_t>(status.st_dev), static_cast<std::uint64_t>(status.st_ino)};
        const FileIdentity &own = candidate.opened.identity();
        if (key == FileKey{own.device, own.inode}) {
            return {};
        }
        std::string provider;
        std::optional<std::string> soname;
        if (const auto found = candidates_.find(key); found != candidates_.end()) {
            const Candidate &other = validated_.candidates[found->second];
            if (refused[found->second]) {
                return mismatch(Errc::refused_dependency, candidate.file, subject, expected,
                                shown(library.file) + ", which this load refused (" + validated_.refusals[key] + ")");
            }
            if (other.foreign != nullptr) {
                return mismatch(Errc::refused_dependency, candidate.file, subject, expected,
                                shown(library.file) + ", a " + other.foreign->name +
                                    " plugin (only Tenon plugins can be linked against)");
            }
            provider = other.parsed.metadata.name;
            soname = other.dynamic.soname;
        } else if (const auto loaded = loaded_.find(key); loaded != loaded_.end()) {
            provider = loaded->second->metadata.name;
            soname = loaded->second->soname;
        } else if (const auto refusal = validated_.refusals.find(key); refusal != validated_.refusals.end()) {
            return mismatch(Errc::refused_dependency, candidate.file, subject, expected,
                            shown(library.file) + ", which this load refused (" + refusal->second + ")");
        } else {
            return mismatch(Errc::refused_dependency, candidate.file, subject, expected,
                            shown(library.file) + ", which is neither");
        }
        // The dynamic loader binds a name without '/' to an object it has
        // loaded by that object's DT_SONAME; the plugin's own mapping is
        // named /proc/self/fd/N, so nothing else would find it.
        if (library.name.find('/') == std::string::npos && soname != library.name) {
            return mismatch(Errc::refused_dependency, candidate.file, subject,
                            "the plugin it resolves to to have DT_SONAME " + single_quoted(library.name) +
                                " (link it with -Wl,-soname," + escape_untrusted(library.name) + ")",
                            shown(library.file) + " with " +
                                (soname ? "DT_SONAME " + single_quoted(*soname) : std::string("no DT_SONAME")));
        }
        std::vector<RequirementMetadata> &requirements = candidate.parsed.metadata.requirements;
        const bool declared = std::any_of(requirements.begin(), requirements.end(),
                                          [&](const RequirementMetadata &r) { return r.name == provider; });
        if (!declared) {
            requirements.push_back({provider, ""});
            const std::string note = "requires '" + provider + "': it links against " + shown(library.file) +
                                     " (DT_NEEDED " + single_quoted(library.name) + ")";
            context_.state.log(LogLevel::debug, shown(candidate.file) + ": " + note);
            candidate.parsed.metadata.notes.push_back(note);
        }
        return {};
    }

    LoadContext &context_;
    Validated &validated_;
    std::set<std::string> plugin_directories_;
    std::map<FileKey, std::size_t> candidates_;
    std::map<FileKey, const LoadedPlugin *> loaded_;
};

}  // namespace

void check_needed_libraries(LoadContext &context, Validated &validated, std::vector<Error> &errors) {
    std::vector<bool> refused(validated.candidates.size(), false);
    NeededCheck check(context, validated);
    // Until nothing changes: a plugin refused here refuses those that link against it.
    for (bool changed = true; changed;) {
        changed = false;
        for (std::size_t i = 0; i < validated.candidates.size(); ++i) {
            if (refused[i] || validated.candidates[i].dynamic.needed.empty()) {
                continue;
            }
            if (Error error = check.check(i, refused); error.code != Errc::ok) {
                const FileIdentity &identity = validated.candidates[i].opened.identity();
                validated.refusals.emplace(FileKey{identity.device, identity.inode}, error.message);
                errors.push_back(std::move(error));
                refused[i] = true;
                changed = true;
            }
        }
    }
    std::vector<Candidate> kept;
    kept.reserve(validated.candidates.size());
    for (std::size_t i = 0; i < validated.candidates.size(); ++i) {
        if (!refused[i]) {
            kept.push_back(std::move(validated.candidates[i]));
        }
    }
    validated.candidates = std::move(kept);
}

}  // namespace tenon::detail
