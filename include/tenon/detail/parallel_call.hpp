// tenon/detail/parallel_call.hpp: how Hook::start() hands a typed call to the
// runtime's workers. Not included directly; <tenon/host.hpp> provides it.
//
// The arguments are copied once into a tuple shared by every handler; the
// runtime only sees an untyped invoker, instantiated here for the hook's type.
#pragma once

#include <tenon/abi.h>
#include <tenon/parallel.hpp>

#include <memory>
#include <tuple>
#include <type_traits>

namespace tenon::detail {

struct HostState;
struct HookSlot;

/// Calls `handler` with the stored arguments (and `token`, if it takes one).
using ParallelInvoker = int (*)(tenon_fn_ptr handler, const void *arguments, const tenon_cancel_token *token);

/// Starts a run of the hook in `slot` (defined in the runtime): snapshots its
/// handlers and queues one task per handler. `arguments` stays alive until the run ends.
ParallelRun start_parallel(HostState &host, const HookSlot &slot, ParallelInvoker invoke,
                           std::shared_ptr<const void> arguments);

template <typename Tuple>
struct DropFirst {
    using type = std::tuple<>;
};
template <typename First, typename... Rest>
struct DropFirst<std::tuple<First, Rest...>> {
    using type = std::tuple<Rest...>;
};

template <typename Fn>
struct ParallelCall;

template <typename... A>
struct ParallelCall<int (*)(A...)> {
    using fn_type = int (*)(A...);
    using all_arguments = std::tuple<std::decay_t<A>...>;
    static constexpr bool takes_token = [] {
        if constexpr (sizeof...(A) == 0) {
            return false;
        } else {
            return std::is_same_v<std::tuple_element_t<0, all_arguments>, const tenon_cancel_token *>;
        }
    }();
    using stored_arguments = std::conditional_t<takes_token, typename DropFirst<all_arguments>::type, all_arguments>;

    static int invoke(tenon_fn_ptr handler, const void *arguments, const tenon_cancel_token *token) {
        const auto &stored = *static_cast<const stored_arguments *>(arguments);
        return std::apply(
            [&](const auto &...values) {
                if constexpr (takes_token) {
                    return reinterpret_cast<fn_type>(handler)(token, values...);
                } else {
                    (void)token;
                    return reinterpret_cast<fn_type>(handler)(values...);
                }
            },
            stored);
    }

    template <typename... Given>
    static ParallelRun start(HostState &host, const HookSlot &slot, Given &&...given) {
        static_assert(sizeof...(Given) == std::tuple_size_v<stored_arguments>,
                      "tenon: start() takes the hook's arguments after the cancellation token");
        auto arguments = std::make_shared<const stored_arguments>(std::forward<Given>(given)...);
        return start_parallel(host, slot, &invoke, std::move(arguments));
    }
};

}  // namespace tenon::detail
