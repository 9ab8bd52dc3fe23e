/*
 * The hello host's interface, "hello/1": the hooks its plugins may implement.
 * Shared by the host and every plugin, in C and C++.
 */
#ifndef HELLO_HOOKS_H
#define HELLO_HOOKS_H

#include <stddef.h>
#include <tenon/hook.h>

#define HELLO_INTERFACE "hello"
#define HELLO_INTERFACE_VERSION 1

/* Stages the host passes to init and exit. */
enum hello_stage { HELLO_STAGE_GREETING = 1 };

/*
 * hello_greet (first-claimer): write a greeting for `name` in `language`
 * ("en", "fr", ...) into out[len]. Return 0 when done, -ENOTSUP to let the
 * next plugin try, or another negative errno to fail the call.
 */
#define TENON_HOOK_hello_greet(X, ...) \
    X(__VA_ARGS__, TENON_FIRST_CLAIMER, int, (const char *, const char *, char *, size_t))
TENON_DECLARE_HOOK(hello_greet);

/*
 * hello_count_visit (broadcast): every plugin adds to *visits. Return 0, or
 * -ENOTSUP to say "not interested".
 */
#define TENON_HOOK_hello_count_visit(X, ...) X(__VA_ARGS__, TENON_BROADCAST, int, (int *))
TENON_DECLARE_HOOK(hello_count_visit);

#endif /* HELLO_HOOKS_H */
