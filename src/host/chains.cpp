// Builds the flat, immutable handler arrays that dispatch walks.
#include "host/host_state.hpp"

#include <algorithm>
#include <new>

namespace tenon::detail {

OwnedChain::OwnedChain(const std::vector<ChainEntry> &entries, std::vector<const char *> plugin_names)
    : block_(new std::byte[Chain::bytes_for(entries.size())]), plugin_names_(std::move(plugin_names)) {
    auto *chain = new (block_.get()) Chain{entries.size(), plugin_names_.data()};
    auto *slots = const_cast<ChainEntry *>(chain->entries());
    std::copy(entries.begin(), entries.end(), slots);
    slots[entries.size()] = ChainEntry{nullptr, nullptr};  // the sentinel dispatch stops at
}

namespace {
// Deleters for the chains a slot no longer points at: readers may still walk them.
std::vector<std::function<void()>> retire_chains(std::vector<std::unique_ptr<OwnedChain>> old) {
    std::vector<std::function<void()>> retired;
    for (auto &chain : old) {
        retired.push_back(deleter_for(std::move(chain)));
    }
    return retired;
}
}  // namespace

std::vector<std::function<void()>> publish_chains(HostState &state) {
    std::vector<std::unique_ptr<OwnedChain>> built(state.hooks.size());
    for (std::size_t hook = 0; hook < state.hooks.size(); ++hook) {
        struct Entry {
            int priority;
            tenon_fn_ptr function;
            const char *plugin;
            std::atomic<unsigned char> *used;
        };
        std::vector<Entry> entries;
        for (const auto &plugin : state.plugins) {  // load order
            for (const HookBinding &binding : plugin->bindings) {
                if (binding.hook_index == hook) {
                    std::atomic<unsigned char> *marks =
                        state.config.claims_mark_used ? &plugin->used : &plugin->claimed;
                    entries.push_back({binding.priority, binding.function, plugin->metadata.name.c_str(), marks});
                }
            }
        }
        // Tier first; stable, so load order breaks ties.
        std::stable_sort(entries.begin(), entries.end(),
                         [](const Entry &a, const Entry &b) { return a.priority < b.priority; });
        std::vector<ChainEntry> chained;
        std::vector<const char *> plugin_names;
        for (const Entry &entry : entries) {
            chained.push_back({entry.function, entry.used});
            plugin_names.push_back(entry.plugin);
        }
        built[hook] = std::make_unique<OwnedChain>(chained, std::move(plugin_names));
    }
    for (std::size_t hook = 0; hook < built.size(); ++hook) {
        state.slots[hook].chain.store(&built[hook]->chain(), std::memory_order_seq_cst);
    }
    std::swap(state.chains, built);
    return retire_chains(std::move(built));
}

std::vector<std::function<void()>> unpublish_chains(HostState &state) {
    for (std::size_t hook = 0; hook < state.hooks.size(); ++hook) {
        state.slots[hook].chain.store(&empty_chain.header, std::memory_order_seq_cst);
    }
    return retire_chains(std::move(state.chains));
}

}  // namespace tenon::detail
