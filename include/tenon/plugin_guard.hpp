/*
 * tenon/plugin_guard.hpp: the C++ side of the plugin SDK, included by
 * <tenon/plugin.h> when compiled as C++. Not for direct use.
 *
 * Exceptions must never cross the C ABI into the host, whose compiler and
 * runtime may differ from the plugin's. Each registered function is therefore
 * called through a noexcept trampoline that turns an exception into
 * TENON_EXCEPTION_RESULT and an error line naming the hook.
 */
#ifndef TENON_PLUGIN_GUARD_HPP
#define TENON_PLUGIN_GUARD_HPP

#include <exception>
#include <type_traits>

/*
 * Hidden, so none of this is exported: a default-visibility inline variable is
 * emitted as STB_GNU_UNIQUE, and glibc then refuses to ever dlclose the plugin.
 */
#pragma GCC visibility push(hidden)

namespace tenon::plugin_detail {

/* A noexcept function is as good as its plain declared type. */
template <typename Declared, typename Actual>
inline constexpr bool same_function_type = false;
template <typename R, typename... A>
inline constexpr bool same_function_type<R (*)(A...), R (*)(A...)> = true;
template <typename R, typename... A>
inline constexpr bool same_function_type<R (*)(A...), R (*)(A...) noexcept> = true;

/* Logs through the plugin's own services table; silent only before init, when there is no sink yet. */
inline void report_exception(const char *where, const char *what) noexcept {
    const tenon_services *services = tenon_plugin_services;
    if (services != nullptr && services->log != nullptr) {
        services->log(services, TENON_LOG_ERROR, "%s threw an exception: %s", where, what);
    }
}

template <typename Body>
inline int call_returning_int(const char *where, Body &&body) noexcept {
    try {
        return body();
    } catch (const std::exception &error) {
        report_exception(where, error.what());
    } catch (...) {
        report_exception(where, "an exception not derived from std::exception");
    }
    return TENON_EXCEPTION_RESULT;
}

// What a guarded call returns after an exception: the documented error for
// int (hooks, and exports returning int), nothing for void, else a
// value-initialised R.
template <typename R>
R exception_result() noexcept {
    if constexpr (std::is_void_v<R>) {
        return;
    } else if constexpr (std::is_same_v<R, int>) {
        return TENON_EXCEPTION_RESULT;
    } else {
        return R{};
    }
}

template <typename Declared, auto Impl, const char *Where>
struct guarded_call;

template <typename R, typename... A, auto Impl, const char *Where>
struct guarded_call<R (*)(A...), Impl, Where> {
    static R call(A... args) noexcept {
        // A mismatch is already reported by the static_assert at registration; avoid a second, noisier error.
        if constexpr (same_function_type<R (*)(A...), decltype(Impl)>) {
            try {
                return Impl(args...);
            } catch (const std::exception &error) {
                report_exception(Where, error.what());
            } catch (...) {
                report_exception(Where, "an exception not derived from std::exception");
            }
        }
        return exception_result<R>();
    }
};

inline constexpr char init_where[] = "init";
inline constexpr char exit_where[] = "exit";

// Type mismatches are reported by TENON_PLUGIN's static_assert; the guards then stay quiet.
template <auto Init>
int guarded_init(int stage, const tenon_services *services) noexcept {
    if constexpr (same_function_type<tenon_init_fn, decltype(Init)>) {
        return call_returning_int(init_where, [&] { return Init(stage, services); });
    } else {
        return TENON_EXCEPTION_RESULT;
    }
}

template <auto Exit>
void guarded_exit(int stage, int result) noexcept {
    if constexpr (same_function_type<tenon_exit_fn, decltype(Exit)>) {
        (void)call_returning_int(exit_where, [&] {
            Exit(stage, result);
            return 0;
        });
    }
}

}  // namespace tenon::plugin_detail

#pragma GCC visibility pop

#endif /* TENON_PLUGIN_GUARD_HPP */
