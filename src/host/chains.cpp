// Builds the flat, immutable handler arrays that dispatch walks.
#include "host/host_state.hpp"

#include <algorithm>

namespace tenon::detail {

void publish_chains(HostState &state) {
    std::vector<std::unique_ptr<OwnedChain>> built(state.hooks.size());
    for (std::size_t hook = 0; hook < state.hooks.size(); ++hook) {
        struct Entry {
            int priority;
            tenon_fn_ptr function;
            const char *plugin;
        };
        std::vector<Entry> entries;
        for (const auto &plugin : state.plugins) {  // load order
            for (const HookBinding &binding : plugin->bindings) {
                if (binding.hook_index == hook) {
                    entries.push_back({binding.priority, binding.function, plugin->metadata.name.c_str()});
                }
            }
        }
        // Tier first; stable, so load order breaks ties.
        std::stable_sort(entries.begin(), entries.end(),
                         [](const Entry &a, const Entry &b) { return a.priority < b.priority; });
        auto owned = std::make_unique<OwnedChain>();
        for (const Entry &entry : entries) {
            owned->handlers.push_back(entry.function);
            owned->plugin_names.push_back(entry.plugin);
        }
        owned->chain.count = static_cast<std::uint32_t>(entries.size());
        owned->chain.handlers = owned->handlers.data();
        owned->chain.plugin_names = owned->plugin_names.data();
        built[hook] = std::move(owned);
    }
    for (std::size_t hook = 0; hook < built.size(); ++hook) {
        state.slots[hook].chain.store(&built[hook]->chain, std::memory_order_release);
    }
    state.chains = std::move(built);
}

void unpublish_chains(HostState &state) {
    for (std::size_t hook = 0; hook < state.hooks.size(); ++hook) {
        state.slots[hook].chain.store(&empty_chain, std::memory_order_release);
    }
    // No dispatch may overlap finish() (documented on Host), so nothing still reads these.
    state.chains.clear();
}

}  // namespace tenon::detail
