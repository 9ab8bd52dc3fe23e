// tenon/static_plugin.hpp: naming the plugins linked into the program, for
// PluginSources::static_plugins.
//
// A static plugin is an ordinary plugin source compiled with
// TENON_STATIC_PLUGIN defined to an identifier (tenon_add_static_plugin()
// does it) and linked into the host. Host::load judges it by the same rules
// as a file: the metadata, the interface and hook types, the pointers (into
// the program's code and writable data), names unique among all plugins,
// dependencies and their order; then init, dispatch, events, exports, the
// inventory, unload (exit runs, its registrations go) and finish. What
// differs: nothing is mapped or unmapped (its code and data stay, and a
// second load after an unload finds its static data as the first left it);
// the trust policy, signatures and DT_NEEDED checks concern files and do not
// apply; one Host at a time may load it (it has one services pointer);
// Host::plugin_at does not attribute its addresses (they are the program's).
#pragma once

#include <tenon/abi.h>

#include <vector>

/// Declares the registration of the static plugin built with
/// TENON_STATIC_PLUGIN=id, at namespace scope: TENON_DECLARE_STATIC_PLUGIN(storage);
#define TENON_DECLARE_STATIC_PLUGIN(id) extern "C" const tenon_static_plugin tenon_static_plugin_##id
/// The registration declared above, for PluginSources::static_plugins.
#define TENON_STATIC_PLUGIN_OF(id) (&tenon_static_plugin_##id)

// Bounds of the program's list of static plugins, defined by the linker when
// any is linked in (weak: NULL when none is).
extern "C" const tenon_static_plugin *const __start_tenon_static_plugins[] __attribute__((weak, visibility("hidden")));
extern "C" const tenon_static_plugin *const __stop_tenon_static_plugins[] __attribute__((weak, visibility("hidden")));

namespace tenon {

/// Every static plugin linked into the object (executable or shared
/// library) that calls this, in link order, so a host loads them all with
/// `sources.static_plugins = tenon::linked_static_plugins();`. It is inline
/// on purpose: the list is the calling object's, which libtenon cannot see.
/// Allocates; thread-safe.
inline std::vector<const tenon_static_plugin *> linked_static_plugins() {
    std::vector<const tenon_static_plugin *> plugins;
    if (__start_tenon_static_plugins != nullptr && __stop_tenon_static_plugins != nullptr) {
        plugins.assign(__start_tenon_static_plugins, __stop_tenon_static_plugins);
    }
    return plugins;
}

}  // namespace tenon
