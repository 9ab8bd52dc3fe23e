/*
 * The consumer host's interface, "consumer/1". This project is built outside
 * Tenon's tree, against an installed Tenon (tests/consumer/run), the way a
 * user's project would be.
 */
#ifndef CONSUMER_HOOKS_H
#define CONSUMER_HOOKS_H

#include <stddef.h>
#include <tenon/hook.h>

#define CONSUMER_INTERFACE "consumer"
#define CONSUMER_INTERFACE_VERSION 1

/* consumer_describe (first-claimer): describe `thing` into out[len], or -ENOTSUP. */
#define TENON_HOOK_consumer_describe(X, ...) X(__VA_ARGS__, TENON_FIRST_CLAIMER, int, (const char *, char *, size_t))
TENON_DECLARE_HOOK(consumer_describe);

/* consumer_count (broadcast): add to *total. */
#define TENON_HOOK_consumer_count(X, ...) X(__VA_ARGS__, TENON_BROADCAST, int, (int *))
TENON_DECLARE_HOOK(consumer_count);

#endif /* CONSUMER_HOOKS_H */
