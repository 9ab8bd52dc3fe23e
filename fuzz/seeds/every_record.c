/*
 * A seed plugin with a record of every kind in one file (hooks, an optional
 * hook, an export, an event, requirements), so that the metadata harnesses
 * start from a file in which each record parser is reached at once, not from
 * one fixture per kind. Never loaded: only its file is read.
 */
#include <errno.h>
#include <tenon/plugin.h>

#define TENON_HOOK_seed_claim(X, ...) X(__VA_ARGS__, TENON_FIRST_CLAIMER, int, (int, int *))
TENON_DECLARE_HOOK(seed_claim);
#define TENON_HOOK_seed_notify(X, ...) X(__VA_ARGS__, TENON_BROADCAST, int, (const char *, unsigned long))
TENON_DECLARE_HOOK(seed_notify);
#define TENON_EXPORT_seed_lookup(X, ...) X(__VA_ARGS__, "every_record", int, (const char *, char *, size_t))
TENON_DECLARE_EXPORT(seed_lookup);
#define TENON_EVENT_seed_changed(X, ...) X(__VA_ARGS__, "every_record", TENON_NOTIFY, void, (void *, int))
TENON_DECLARE_EVENT(seed_changed);

static int claim(int key, int *answer) {
    if (key != 7) {
        return -ENOTSUP;
    }
    *answer = 7;
    return 0;
}

static int notify(const char *what, unsigned long size) {
    (void)what;
    return size == 0 ? -EINVAL : 0;
}

static int lookup(const char *key, char *out, size_t size) {
    (void)key;
    if (size > 0) {
        out[0] = '\0';
    }
    return 0;
}

static int seed_init(int stage, const tenon_services *services) {
    (void)stage;
    (void)services;
    return 0;
}

static void seed_exit(int stage, int result) {
    (void)stage;
    (void)result;
}

TENON_PLUGIN("every_record", "2.0.0-rc.1+seed", "test/2", "Carries one record of every kind", seed_init, seed_exit);
TENON_HOOK(seed_claim, claim);
TENON_HOOK_EX(seed_notify, notify, TENON_PRIORITY_FIRST, TENON_HOOK_OPTIONAL);
TENON_EXPORT(seed_lookup, lookup);
TENON_EVENT(seed_changed);
TENON_REQUIRES("storage", ">=1.2 <2");
TENON_REQUIRES("ticker", "");
