// tenon/detail/dispatch.hpp: the dispatch hot path, inlined into the host.
//
// Not included directly; <tenon/host.hpp> provides it. A hook's handlers are
// an immutable Chain: flat arrays, sorted once at load. Dispatch is one
// acquire load of the chain pointer, then a loop of indirect calls. No lock,
// no allocation, no std::function, no virtual call: the cost should stay
// within a few percent of a hand-written loop over a C array.
#pragma once

#include <tenon/abi.h>

#include <atomic>
#include <cerrno>
#include <cstdint>
#include <string_view>
#include <vector>

namespace tenon::detail {

/// Handlers of one hook, in dispatch order. Immutable once published.
struct Chain {
    std::uint32_t count = 0;
    const tenon_fn_ptr *handlers = nullptr;     ///< `count` entries
    const char *const *plugin_names = nullptr;  ///< `count` entries: which plugin each handler belongs to
};

/// The chain of every plugin-less hook: dispatch needs no null check.
inline constexpr Chain empty_chain{};

/// Where a hook's current chain is published. Owned by the host; stable address.
struct HookSlot {
    std::atomic<const Chain *> chain{&empty_chain};
};

template <typename Fn>
struct HookCall;

template <typename... A>
struct HookCall<int (*)(A...)> {
    using fn_type = int (*)(A...);

    static int first_claimer(const Chain &chain, A... args) noexcept {
        for (std::uint32_t i = 0; i < chain.count; ++i) {
            const int result = reinterpret_cast<fn_type>(chain.handlers[i])(args...);
            if (result != -ENOTSUP) {
                return result;
            }
        }
        return -ENOTSUP;
    }

    // -ENOTSUP from a broadcast handler means "not mine", not failure.
    static int broadcast(const Chain &chain, A... args) noexcept {
        int first_error = 0;
        for (std::uint32_t i = 0; i < chain.count; ++i) {
            const int result = reinterpret_cast<fn_type>(chain.handlers[i])(args...);
            if (result != 0 && result != -ENOTSUP && first_error == 0) {
                first_error = result;
            }
        }
        return first_error;
    }

    template <typename Out>
    static void each(const Chain &chain, bool stop_at_claim, Out &out, A... args) {
        for (std::uint32_t i = 0; i < chain.count; ++i) {
            const int result = reinterpret_cast<fn_type>(chain.handlers[i])(args...);
            out.push_back({std::string_view(chain.plugin_names[i]), result});
            if (stop_at_claim && result != -ENOTSUP) {
                return;
            }
        }
    }
};

}  // namespace tenon::detail
