/*
 * tenon/compat/detail/registrations.h: what a plugin registered through a
 * compatibility header (QPP_REG_CB, qemu_plugin_reg_callback, PPP_REG_CB),
 * so that the matching removal (QPP_REMOVE_CB, qemu_plugin_unreg_callback,
 * PPP_REMOVE_CB) finds the runtime's subscription id from what those APIs
 * pass: the provider, the callback's name, the function and, for PPP's
 * context variants, the context. Not part of the API.
 *
 * One weak, hidden object per plugin, shared by its source files and by C
 * and C++; it grows on demand and owns copies of the names. Its lock is held
 * only while the array changes, never during a call into the runtime.
 * Thread-safe.
 */
#ifndef TENON_COMPAT_DETAIL_REGISTRATIONS_H
#define TENON_COMPAT_DETAIL_REGISTRATIONS_H

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <tenon/abi.h>

typedef struct tenon__registration {
    char *provider;        /* owned copy */
    char *callback;        /* owned copy */
    tenon_fn_ptr function; /* the registered function */
    void *context;         /* what else identifies it (PPP's context); 0 otherwise */
    uint64_t id;           /* the runtime's subscription id */
} tenon__registration;

typedef struct tenon__registrations_t {
    pthread_mutex_t lock;
    tenon__registration *items;
    size_t count;
    size_t capacity;
} tenon__registrations_t;

__attribute__((weak, visibility("hidden")))
tenon__registrations_t tenon__registrations = {PTHREAD_MUTEX_INITIALIZER, 0, 0, 0};

/* Frees what is left when the plugin is unmapped (registrations never removed). Idempotent: one per file. */
__attribute__((destructor, used)) static void tenon__registrations_release(void) {
    size_t i;
    for (i = 0; i < tenon__registrations.count; ++i) {
        free(tenon__registrations.items[i].provider);
        free(tenon__registrations.items[i].callback);
    }
    free(tenon__registrations.items);
    tenon__registrations.items = 0;
    tenon__registrations.count = 0;
    tenon__registrations.capacity = 0;
}

static inline char *tenon__registration_copy(const char *text) {
    const size_t length = strlen(text) + 1;
    char *copy = (char *)malloc(length);
    if (copy != 0) {
        memcpy(copy, text, length);
    }
    return copy;
}

/* Records a registration; 1 when recorded, 0 when out of memory (nothing recorded). */
static inline int tenon__registration_remember(const char *provider, const char *callback, tenon_fn_ptr function,
                                               void *context, uint64_t id) {
    char *provider_copy = tenon__registration_copy(provider);
    char *callback_copy = tenon__registration_copy(callback);
    int stored = 0;
    if (provider_copy != 0 && callback_copy != 0) {
        pthread_mutex_lock(&tenon__registrations.lock);
        if (tenon__registrations.count == tenon__registrations.capacity) {
            const size_t capacity = tenon__registrations.capacity == 0 ? 8 : 2 * tenon__registrations.capacity;
            tenon__registration *grown =
                (tenon__registration *)realloc(tenon__registrations.items, capacity * sizeof(tenon__registration));
            if (grown != 0) {
                tenon__registrations.items = grown;
                tenon__registrations.capacity = capacity;
            }
        }
        if (tenon__registrations.count < tenon__registrations.capacity) {
            tenon__registration *slot = &tenon__registrations.items[tenon__registrations.count++];
            slot->provider = provider_copy;
            slot->callback = callback_copy;
            slot->function = function;
            slot->context = context;
            slot->id = id;
            stored = 1;
        }
        pthread_mutex_unlock(&tenon__registrations.lock);
    }
    if (!stored) {
        free(provider_copy);
        free(callback_copy);
    }
    return stored;
}

/* Takes the earliest matching registration out of the record: its id, or 0 when there is none. */
static inline uint64_t tenon__registration_forget(const char *provider, const char *callback, tenon_fn_ptr function,
                                                  void *context) {
    uint64_t id = 0;
    size_t i;
    pthread_mutex_lock(&tenon__registrations.lock);
    for (i = 0; i < tenon__registrations.count; ++i) {
        tenon__registration *item = &tenon__registrations.items[i];
        if (item->function == function && item->context == context && strcmp(item->callback, callback) == 0 &&
            strcmp(item->provider, provider) == 0) {
            id = item->id;
            free(item->provider);
            free(item->callback);
            memmove(item, item + 1, (tenon__registrations.count - i - 1) * sizeof(tenon__registration));
            if (--tenon__registrations.count == 0) {
                free(tenon__registrations.items);
                tenon__registrations.items = 0;
                tenon__registrations.capacity = 0;
            }
            break;
        }
    }
    pthread_mutex_unlock(&tenon__registrations.lock);
    return id;
}

#endif /* TENON_COMPAT_DETAIL_REGISTRATIONS_H */
