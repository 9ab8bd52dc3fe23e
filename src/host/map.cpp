// Phase 2 of Host::load: dlopen of each validated file from its descriptor,
// then, before any init, the checks of what the dynamic loader mapped.
#include "common/diagnostic.hpp"
#include "common/versions.hpp"
#include "host/foreign.hpp"
#include "host/load_phases.hpp"
#include "loader/pointer_checks.hpp"
#include "loader/static_image.hpp"

#include <cstring>

namespace tenon::detail {
namespace {

// The runtime's record of a freshly mapped Tenon plugin.
std::unique_ptr<LoadedPlugin> adopt(HostState &state, Candidate &candidate, FileClaim claim, MappedLibrary mapped,
                                    LivePointers live) {
    auto plugin = std::make_unique<LoadedPlugin>();
    plugin->metadata = std::move(candidate.parsed.metadata);
    plugin->claim = std::move(claim);
    plugin->library = std::move(mapped.handle);
    plugin->loader_name = mapped.loader_name;
    plugin->init = live.init;
    plugin->exit = live.exit;
    plugin->services_slot = live.services_slot;
    plugin->arguments = std::move(candidate.arguments);
    plugin->host = &state;
    for (std::size_t i = 0; i < live.hook_functions.size(); ++i) {
        const std::size_t hook = candidate.bindings.host_hook_index[i];
        if (hook != HookBindings::skipped) {
            plugin->bindings.push_back({hook, live.hook_functions[i], plugin->metadata.hooks[i].priority});
        }
    }
    plugin->export_functions = std::move(live.export_functions);
    plugin->event_slots = std::move(live.event_slots);
    parse_semantic_version(plugin->metadata.version, plugin->version);  // validated in phase 1
    create_plugin_events(*plugin);
    prepare_services(*plugin);
    return plugin;
}

// The mapped descriptor must say what the validated one said: its fixed
// fields before the pointers, and its strings (name, version, interface,
// description). The dynamic loader maps the descriptor it was handed, and no
// other Tenon mapping holds that name, so this only fails if it handed back
// another object after all (a dlopen of /proc/self/fd/N outside Tenon).
Error check_mapped_descriptor(const Candidate &candidate, std::uintptr_t bias) {
    const SectionCopy &descriptor = candidate.sections.descriptor;
    const auto *mapped = reinterpret_cast<const std::byte *>(bias + descriptor.address);
    const std::size_t head = offsetof(tenon_descriptor, init);
    const std::size_t size = candidate.parsed.metadata.descriptor_size;
    std::uint32_t strings = 0;
    std::memcpy(&strings, descriptor.bytes.data() + offsetof(tenon_descriptor, strings_size), sizeof strings);
    if (std::memcmp(mapped, descriptor.bytes.data(), head) != 0 ||
        std::memcmp(mapped + size, descriptor.bytes.data() + size, strings) != 0) {
        return mismatch(Errc::changed_on_disk, candidate.file, "mapped descriptor", "the bytes validated before dlopen",
                        "others (the dynamic loader mapped another object)");
    }
    return {};
}

// A static plugin is in place already, its pointers checked in phase 1:
// claimed here, so one Host at a time has its services pointer.
Result<std::unique_ptr<LoadedPlugin>> adopt_static(HostState &state, Candidate &candidate) {
    FileClaim claim;
    if (!claim.acquire(static_claim_device, candidate.linked_key)) {
        return mismatch(Errc::already_loaded, candidate.file, "static plugin",
                        "one no other tenon::Host in this process has loaded",
                        "it loaded by another Host (a static plugin has one services pointer)");
    }
    auto plugin = adopt(state, candidate, std::move(claim), MappedLibrary{}, std::move(candidate.linked_pointers));
    plugin->device = static_claim_device;
    plugin->inode = candidate.linked_key;
    plugin->linked_in = true;
    return plugin;
}

}  // namespace

Result<std::unique_ptr<LoadedPlugin>> map_candidate(LoadContext &context, Candidate &candidate,
                                                    const std::vector<Candidate> &candidates) {
    HostState &state = context.state;
    if (candidate.linked != nullptr) {
        return adopt_static(state, candidate);
    }
    const FileIdentity &identity = candidate.opened.identity();
    FileClaim claim;
    if (!claim.acquire(identity.device, identity.inode)) {
        return mismatch(Errc::already_loaded, candidate.file, "file",
                        "one no other tenon::Host in this process has loaded",
                        "it loaded by another Host (the dynamic loader maps a file once per process)");
    }
    log_step(state, candidate.file, [] { return "mapping"; });
    auto mapped = map_file(candidate.opened, candidate.segments);
    if (!mapped) {
        return mapped.error();
    }
    candidate.opened.close();  // the mapping keeps the file; the name /proc/self/fd/N stays reserved
    log_step(state, candidate.file, [] { return "mapped"; });
    std::unique_ptr<LoadedPlugin> plugin;
    if (candidate.foreign != nullptr) {
        std::set<std::string, std::less<>> taken;
        for (const auto &loaded : state.plugins) {
            taken.insert(loaded->metadata.name);
        }
        for (const Candidate &other : candidates) {
            if (other.foreign == nullptr) {
                taken.insert(other.parsed.metadata.name);
            }
        }
        auto adopted = adopt_foreign(state, candidate.foreign_file, *candidate.foreign, std::move(claim),
                                     std::move(mapped.value()), candidate.segments, taken);
        if (!adopted) {
            return adopted.error();
        }
        plugin = std::move(adopted.value());
    } else {
        if (Error error = check_mapped_descriptor(candidate, mapped->bias); error.code != Errc::ok) {
            return error;
        }
        const SegmentMap segments(candidate.segments, mapped->bias);
        auto live = read_live_pointers(candidate.file, candidate.sections, candidate.parsed, segments);
        if (!live) {
            return live.error();
        }
        plugin = adopt(state, candidate, std::move(claim), std::move(mapped.value()), std::move(live.value()));
    }
    plugin->device = identity.device;
    plugin->inode = identity.inode;
    plugin->soname = candidate.dynamic.soname;
    plugin->signed_by = candidate.signed_by;
    return plugin;
}

}  // namespace tenon::detail
