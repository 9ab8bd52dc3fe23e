// tenon/detail/dispatch.hpp: the dispatch hot path, inlined into the host.
//
// Not included directly; <tenon/host.hpp> provides it. A hook's handlers are
// an immutable Chain: flat arrays, sorted once at load. Dispatch is one
// acquire load of the chain pointer, then a loop of indirect calls. No lock,
// no allocation, no std::function, no virtual call: the cost should stay
// within a few percent of a hand-written loop over a C array.
#pragma once

#include <tenon/abi.h>
#include <tenon/parallel.hpp>  // HandlerResult

#include <atomic>
#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace tenon::detail {

/// One handler in a chain, and its plugin's "used" flag, which the host's
/// inventory reads. Side by side, so a claim finds its flag with one load
/// from the line the handler came from.
struct ChainEntry {
    tenon_fn_ptr handler;
    std::atomic<unsigned char> *used;  ///< set the first time the handler claims a first-claimer call
};

/// Handlers of one hook, in dispatch order. Immutable once published.
///
/// The entries follow this header in the same allocation and end with a
/// sentinel whose handler is null. Dispatch therefore walks slot -> chain ->
/// entry with no other load: the address of the array is arithmetic, and the
/// sentinel replaces a read of `count`.
struct alignas(ChainEntry) Chain {
    std::size_t count = 0;                      ///< entries before the sentinel
    const char *const *plugin_names = nullptr;  ///< `count` entries: which plugin each handler belongs to

    /// `count` entries, then one whose handler is nullptr.
    const ChainEntry *entries() const noexcept { return reinterpret_cast<const ChainEntry *>(this + 1); }
    /// Bytes to allocate for a chain of `count` entries and the sentinel.
    static constexpr std::size_t bytes_for(std::size_t count) noexcept {
        return sizeof(Chain) + (count + 1) * sizeof(ChainEntry);
    }
};
static_assert(sizeof(Chain) % alignof(ChainEntry) == 0, "entries must be aligned right after the header");

/// The chain of every plugin-less hook (zero handlers, then the sentinel): dispatch needs no null check.
struct EmptyChain {
    Chain header;
    ChainEntry sentinel{nullptr, nullptr};
};
static_assert(offsetof(EmptyChain, sentinel) == sizeof(Chain), "the sentinel must sit where entries() points");
inline constexpr EmptyChain empty_chain{};

/// Where a hook's current chain is published. Owned by the host; stable address.
struct HookSlot {
    std::atomic<const Chain *> chain{&empty_chain.header};
};

/// Records that the plugin of `entry` claimed a call. The flag is only
/// written the first time, so a hot claimer does not keep dirtying its line.
inline void record_claim(const ChainEntry &entry) noexcept {
    if (entry.used->load(std::memory_order_relaxed) == 0) [[unlikely]] {
        entry.used->store(1, std::memory_order_relaxed);
    }
}

template <typename Fn>
struct HookCall;

template <typename... A>
struct HookCall<int (*)(A...)> {
    using fn_type = int (*)(A...);

    // The walk keeps its cursor in a register: a handler is an opaque call that
    // could (as far as the compiler knows) write the chain, so anything read
    // through `chain` inside the loop would be reloaded after every call.
    // The first handler is called outside the loop, and its claim is the
    // straight path: written as one loop, GCC entered the rotated loop by
    // jumping into its middle, and that taken branch was a third of the cost
    // of a dispatch with one handler (docs/performance.md). Chains with more
    // handlers pay one taken branch for the first decline, against n calls.
    static int first_claimer(const Chain &chain, A... args) noexcept {
        const ChainEntry *entry = chain.entries();
        if (entry->handler == nullptr) [[unlikely]] {
            return -ENOTSUP;
        }
        int result = reinterpret_cast<fn_type>(entry->handler)(args...);
        if (result != -ENOTSUP) [[likely]] {
            record_claim(*entry);
            return result;
        }
        for (++entry; entry->handler != nullptr; ++entry) {
            result = reinterpret_cast<fn_type>(entry->handler)(args...);
            if (result != -ENOTSUP) {
                record_claim(*entry);
                return result;
            }
        }
        return -ENOTSUP;
    }

    // -ENOTSUP from a broadcast handler means "not mine", not failure.
    static int broadcast(const Chain &chain, A... args) noexcept {
        int first_error = 0;
        for (const ChainEntry *entry = chain.entries(); entry->handler != nullptr; ++entry) {
            const int result = reinterpret_cast<fn_type>(entry->handler)(args...);
            if (result != 0 && result != -ENOTSUP && first_error == 0) {
                first_error = result;
            }
        }
        return first_error;
    }

    // One walk, as first_claimer or broadcast, that also says which plugin
    // decided: the claimer, or the first handler to fail. Never allocates.
    static HandlerResult attributed(const Chain &chain, bool first_claimer, A... args) noexcept {
        HandlerResult decided{{}, first_claimer ? -ENOTSUP : 0};
        for (std::size_t i = 0; i < chain.count; ++i) {
            const ChainEntry &entry = chain.entries()[i];
            const int result = reinterpret_cast<fn_type>(entry.handler)(args...);
            if (first_claimer && result != -ENOTSUP) {
                record_claim(entry);
                return {std::string_view(chain.plugin_names[i]), result};
            }
            if (!first_claimer && result != 0 && result != -ENOTSUP && decided.result == 0) {
                decided = {std::string_view(chain.plugin_names[i]), result};
            }
        }
        return decided;
    }

    template <typename Out>
    static void each(const Chain &chain, bool stop_at_claim, Out &out, A... args) {
        for (std::size_t i = 0; i < chain.count; ++i) {
            const ChainEntry &entry = chain.entries()[i];
            const int result = reinterpret_cast<fn_type>(entry.handler)(args...);
            out.push_back({std::string_view(chain.plugin_names[i]), result});
            if (stop_at_claim && result != -ENOTSUP) {
                record_claim(entry);
                return;
            }
        }
    }
};

/// Runs an event's callbacks: `Fn` is the callback type, `void *` userdata first.
template <typename Fn>
struct EventCall;

template <typename R, typename... A>
struct EventCall<R (*)(void *, A...)> {
    using fn_type = R (*)(void *, A...);

    // The alive byte is loaded before each call: a callback unsubscribed by an
    // earlier callback of this very run must not start.
    static bool live(const tenon_event_entry *entry) noexcept {
        // The runtime writes the byte through std::atomic<unsigned char>; C runners read it the same way.
        return __atomic_load_n(entry->alive, __ATOMIC_SEQ_CST) != 0;
    }

    template <int Mode>
    static int run(const tenon_event_entry *entry, A... args) noexcept {
        if constexpr (Mode == TENON_NOTIFY) {
            for (; entry->callback != nullptr; ++entry) {
                if (live(entry)) {
                    reinterpret_cast<fn_type>(entry->callback)(entry->userdata, args...);
                }
            }
            return 0;
        } else if constexpr (Mode == TENON_FIRST_CLAIMER) {
            for (; entry->callback != nullptr; ++entry) {
                if (live(entry)) {
                    const int result = reinterpret_cast<fn_type>(entry->callback)(entry->userdata, args...);
                    if (result != -ENOTSUP) {
                        return result;
                    }
                }
            }
            return -ENOTSUP;
        } else {
            static_assert(Mode == TENON_BROADCAST, "tenon: an event's mode is notify, first-claimer or broadcast");
            int first_error = 0;
            for (; entry->callback != nullptr; ++entry) {
                if (live(entry)) {
                    const int result = reinterpret_cast<fn_type>(entry->callback)(entry->userdata, args...);
                    if (result != 0 && result != -ENOTSUP && first_error == 0) {
                        first_error = result;
                    }
                }
            }
            return first_error;
        }
    }
};

}  // namespace tenon::detail
