/*
 * tenon/abi.h: the binary layout a plugin embeds in its shared object.
 *
 * Everything here is plain C11 data. The loader reads these records straight
 * from the ELF file, before dlopen(), so a plugin is validated before any of
 * its code (constructors included) can run. That is why the records hold
 * their strings inline, addressed by offsets: an offset reads the same in the
 * file and in memory, whereas a pointer would need the dynamic linker.
 *
 * Plugin authors never fill these structs by hand; the macros in
 * <tenon/plugin.h> do it. Tools and compatibility layers may read them.
 * The versioning rules are in docs/abi.md.
 */
#ifndef TENON_ABI_H
#define TENON_ABI_H

#include <errno.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** ABI major: a plugin built with a different major is refused; the layout changed incompatibly. */
#define TENON_ABI_MAJOR 1
/** ABI minor: grows when fields or record kinds are appended; older hosts ignore them. */
#define TENON_ABI_MINOR 1

/** First field of every descriptor: "TNON" read as a little-endian u32. */
#define TENON_DESCRIPTOR_MAGIC 0x4e4f4e54u

/** ELF section holding the one descriptor of a plugin. */
#define TENON_DESCRIPTOR_SECTION "tenon_descriptor"
/** ELF section holding the plugin's records (hooks now; exports, events and requirements later). */
#define TENON_RECORDS_SECTION "tenon_records"

/** A generic function pointer, cast back to the declared hook type at dispatch. */
typedef void (*tenon_fn_ptr)(void);

struct tenon_services;

/** Signature of a plugin's init: the host's stage, and the services table (valid until exit returns). */
typedef int (*tenon_init_fn)(int stage, const struct tenon_services *services);
/**
 * Signature of a plugin's exit: the stage, and the run's result: 0 on success,
 * otherwise the failure code (a negative errno by convention; on a strict
 * rollback, exactly what the failing init returned).
 */
typedef void (*tenon_exit_fn)(int stage, int result);

/** The result exit receives when the host is torn down without finishing normally. */
#define TENON_RESULT_ABANDONED (-ECANCELED)

/**
 * The plugin descriptor, followed directly by its string block.
 *
 * Growth rule: new fields are only ever appended, and `size` says how many
 * bytes of this struct the plugin was built with. A host reads
 * min(size, its own sizeof) bytes and treats the rest as zero, so an older,
 * smaller descriptor loads, and a newer, larger one loads with its unknown
 * tail ignored. The string block starts at byte `size` of the descriptor.
 */
typedef struct tenon_descriptor {
    uint32_t magic;        /**< TENON_DESCRIPTOR_MAGIC */
    uint32_t size;         /**< sizeof(tenon_descriptor) as the plugin was compiled */
    uint16_t abi_major;    /**< TENON_ABI_MAJOR the plugin was compiled with */
    uint16_t abi_minor;    /**< TENON_ABI_MINOR the plugin was compiled with */
    uint32_t strings_size; /**< bytes in the string block after the descriptor */
    uint32_t name;         /**< string offset: plugin name, unique within a host */
    uint32_t version;      /**< string offset: semantic version "MAJOR.MINOR.PATCH" */
    uint32_t interface_id; /**< string offset: host interface "NAME/VERSION", e.g. "hello/1" */
    uint32_t description;  /**< string offset: one line for humans */
    tenon_init_fn init;    /**< may be NULL; only meaningful after dlopen */
    tenon_exit_fn exit;    /**< may be NULL; only meaningful after dlopen */
    /* ---- end of the minimum descriptor (TENON_DESCRIPTOR_MIN_SIZE) ---- */
    const struct tenon_services **services_slot; /**< where the loader stores the services pointer; may be NULL */
} tenon_descriptor;

/** The smallest descriptor a host accepts: every field up to and including `exit`. */
#define TENON_DESCRIPTOR_MIN_SIZE ((uint32_t)offsetof(tenon_descriptor, services_slot))

/** First field of a static plugin's registration: "TNST" read as a little-endian u32. */
#define TENON_STATIC_PLUGIN_MAGIC 0x54534e54u
/** Section of the program listing a pointer to every static plugin linked into it. */
#define TENON_STATIC_PLUGINS_SECTION "tenon_static_plugins"

/**
 * A plugin linked into the program instead of loaded (a source compiled with
 * TENON_STATIC_PLUGIN defined to an identifier ID, see <tenon/plugin.h>):
 * the one object, tenon_static_plugin_ID, a host hands to Host::load in
 * PluginSources::static_plugins. The descriptor and records are the same
 * bytes a shared-library build puts in its sections, so the loader judges
 * them with the same code. Growth rule: fields are only appended; `size`
 * says how many bytes of this struct the plugin was built with.
 */
typedef struct tenon_static_plugin {
    uint32_t magic;            /**< TENON_STATIC_PLUGIN_MAGIC */
    uint32_t size;             /**< sizeof(tenon_static_plugin) as compiled */
    const char *id;            /**< the identifier TENON_STATIC_PLUGIN was defined to */
    const void *descriptor;    /**< the tenon_descriptor, followed by its string block */
    uint64_t descriptor_size;  /**< bytes of descriptor and strings */
    const void *records_begin; /**< the plugin's own records section; NULL when it has no records */
    const void *records_end;   /**< one past its end */
} tenon_static_plugin;

/** Record kinds found in TENON_RECORDS_SECTION. Unknown kinds are skipped (they come from a newer minor). */
enum tenon_record_kind {
    TENON_RECORD_HOOK = 0x4b4f4f48u,    /* "HOOK" */
    TENON_RECORD_REQUIRE = 0x52514552u, /* "REQR" */
    TENON_RECORD_EXPORT = 0x4f505845u,  /* "EXPO" */
    TENON_RECORD_EVENT = 0x4e455645u,   /* "EVEN" */
    /**
     * ABI 1.1: an export record (same layout) that applies only when its
     * provider string is this plugin's name, and is ignored otherwise. Several
     * records of one name are one export. Lets a header that declares another
     * plugin's functions be compiled into every plugin (QPP's prototypes with
     * CURRENT_PLUGIN defined for each plugin, as the RFC's Makefile did).
     */
    TENON_RECORD_EXPORT_IF_PROVIDER = 0x43505845u, /* "EXPC" */
    /** ABI 1.1: an argument the plugin accepts from its host (TENON_ARGUMENT). */
    TENON_RECORD_ARGUMENT = 0x55475241u /* "ARGU" */
};

/** Types of a plugin argument (ABI 1.1). The loader checks a given value against it before dlopen. */
enum tenon_argument_type {
    TENON_ARG_STRING = 1, /**< any text */
    TENON_ARG_BOOL = 2,   /**< on, off, true, false, yes, no, 1 or 0 */
    TENON_ARG_INT = 3,    /**< a signed 64-bit integer: decimal, or hexadecimal after 0x, optionally signed */
    TENON_ARG_ANY = 4     /**< a record named "*": any key, any value, unchecked (QEMU plugins parse their own argv) */
};

/** Argument record flags. */
enum tenon_argument_flags {
    TENON_ARG_REQUIRED = 1u << 0 /**< the host must give it; the loader refuses the plugin otherwise */
};

/** Event record flags (ABI 1.1). */
enum tenon_event_flags {
    /**
     * The event is this plugin's only when its slot is defined: a record whose
     * slot resolves to NULL (a weak, undefined symbol: another plugin's event
     * declared by a shared header) is ignored, and several records of one
     * name are one event.
     */
    TENON_EVENT_IF_CREATED = 1u << 0,
    /**
     * The runtime stores the event's handle in the slot only while the event
     * has at least one subscriber, and NULL otherwise (running with a NULL
     * handle calls nothing). A runner then knows whether anyone listens with
     * one atomic load of its slot (PANDA's PPP_CHECK_CB). Runners must load
     * the slot atomically, as the runtime rewrites it while they run.
     */
    TENON_EVENT_SLOT_WHILE_SUBSCRIBED = 1u << 1
};

/**
 * Common head of every record. `size` covers the whole record including its
 * strings and is a multiple of 8; records are 8-byte aligned, and zero-filled
 * gaps between them (linker or compiler padding) are skipped.
 */
typedef struct tenon_record_header {
    uint32_t kind; /**< enum tenon_record_kind */
    uint32_t size; /**< total bytes of this record */
} tenon_record_header;

/** Dispatch modes a host can declare for a hook. */
enum tenon_dispatch_mode {
    TENON_FIRST_CLAIMER = 1, /**< handlers run in order until one returns something other than -ENOTSUP */
    TENON_BROADCAST = 2,     /**< every handler runs; the result is 0 or the first error */
    /**
     * Hooks only: every handler runs at the same time on the runtime's worker
     * threads while the host goes on; the host joins later and gets every
     * result. A handler whose first parameter is `const tenon_cancel_token *`
     * receives the run's token. A host's parallel hook also accepts handlers
     * a plugin registered for broadcast (CRIU's POST_FORKING), since both mean
     * "every handler runs, errors are gathered".
     */
    TENON_PARALLEL = 3,
    TENON_NOTIFY = 4 /**< events only: every callback runs and results are ignored */
};

/**
 * The cancellation token of one parallel run. The runtime owns it; it stays
 * valid until the handler that received it returns. Read it only through
 * tenon_cancel_requested: the runtime sets `cancelled` from another thread.
 */
typedef struct tenon_cancel_token {
    int cancelled; /**< non-zero once the host cancelled the run */
} tenon_cancel_token;

/** Non-zero once the run that handed out `token` was cancelled; 0 for a NULL token. Thread-safe. */
static inline int tenon_cancel_requested(const tenon_cancel_token *token) {
    return token != NULL && __atomic_load_n(&token->cancelled, __ATOMIC_ACQUIRE) != 0;
}

/** Priority tiers: order within a chain is tier, then load order. */
enum tenon_priority { TENON_PRIORITY_FIRST = 0, TENON_PRIORITY_NORMAL = 1, TENON_PRIORITY_LAST = 2 };

/** Hook record flags. */
enum tenon_hook_flags {
    /** The host may not know this hook (pluggy's optionalhook): skip it with a debug log instead of refusing. */
    TENON_HOOK_OPTIONAL = 1u << 0
};

/** One hook implementation, followed by its strings (hook name, then signature). */
typedef struct tenon_hook_record {
    tenon_record_header header; /**< kind TENON_RECORD_HOOK */
    uint32_t fixed_size;        /**< sizeof(tenon_hook_record) as compiled; strings start here */
    uint32_t name;              /**< string offset: hook name */
    uint32_t signature;         /**< string offset: canonical signature, e.g. "int(int, int)" */
    uint16_t mode;              /**< enum tenon_dispatch_mode the plugin's header declared */
    uint16_t priority;          /**< enum tenon_priority */
    uint32_t flags;             /**< enum tenon_hook_flags */
    uint32_t reserved;          /**< zero */
    tenon_fn_ptr fn;            /**< the implementation; only meaningful after dlopen */
} tenon_hook_record;

/**
 * A dependency on another plugin, followed by its strings (the required
 * plugin's name, then the version range). The loader initialises the required
 * plugin first and refuses this one if it is missing or out of range.
 */
typedef struct tenon_require_record {
    tenon_record_header header; /**< kind TENON_RECORD_REQUIRE */
    uint32_t fixed_size;        /**< sizeof(tenon_require_record) as compiled; strings start here */
    uint32_t name;              /**< string offset: the required plugin's name */
    uint32_t range;             /**< string offset: version range such as ">=1.2 <2"; "" accepts any version */
    uint32_t flags;             /**< enum tenon_require_flags (ABI 1.1; zero before) */
} tenon_require_record;

/** Requirement record flags (ABI 1.1). */
enum tenon_require_flags {
    /**
     * Order only: when a plugin of that name is in the load (or loaded), this
     * one is initialised after it and exited before it, and its version must
     * be in the range; when there is none, or it is refused, this one loads
     * anyway. It does not pin the other plugin against unload.
     */
    TENON_REQUIRE_IF_PRESENT = 1u << 0
};

/**
 * An argument the plugin accepts, followed by its strings (name, then a
 * one-line description). Plain data: no pointer.
 */
typedef struct tenon_argument_record {
    tenon_record_header header; /**< kind TENON_RECORD_ARGUMENT */
    uint32_t fixed_size;        /**< sizeof(tenon_argument_record) as compiled; strings start here */
    uint32_t name;              /**< string offset: the argument's name, or "*" for TENON_ARG_ANY */
    uint32_t description;       /**< string offset: what it does */
    uint16_t type;              /**< enum tenon_argument_type */
    uint16_t flags;             /**< enum tenon_argument_flags */
} tenon_argument_record;

/**
 * A function this plugin offers to other plugins, followed by its strings
 * (export name, signature, then the provider name its header declares, which
 * must equal this plugin's name).
 */
typedef struct tenon_export_record {
    tenon_record_header header; /**< kind TENON_RECORD_EXPORT */
    uint32_t fixed_size;        /**< sizeof(tenon_export_record) as compiled; strings start here */
    uint32_t name;              /**< string offset: export name, e.g. "storage_put" */
    uint32_t signature;         /**< string offset: canonical signature, e.g. "int(const char *)" */
    uint32_t provider;          /**< string offset: the provider named by the export's declaration */
    tenon_fn_ptr fn;            /**< the implementation; only meaningful after dlopen */
} tenon_export_record;

/**
 * An event this plugin declares and runs, followed by its strings (event
 * name, callback signature, then the provider name its declaration gives,
 * which must equal this plugin's name). Other plugins and the host subscribe
 * callbacks to it by provider and name.
 */
typedef struct tenon_event_record {
    tenon_record_header header; /**< kind TENON_RECORD_EVENT */
    uint32_t fixed_size;        /**< sizeof(tenon_event_record) as compiled; strings start here */
    uint32_t name;              /**< string offset: event name, e.g. "packet_seen" */
    uint32_t signature;         /**< string offset: the callback's signature, e.g. "void(void *, int)" */
    uint32_t provider;          /**< string offset: the provider named by the event's declaration */
    uint16_t mode;              /**< TENON_NOTIFY, TENON_FIRST_CLAIMER or TENON_BROADCAST */
    uint16_t flags;             /**< enum tenon_event_flags (ABI 1.1; zero before) */
    uint32_t reserved;          /**< zero */
    void **slot;                /**< where the loader stores the runtime's handle for the event; after dlopen */
} tenon_event_record;

/**
 * One subscribed callback, as an event's runner sees it. A run walks an
 * immutable array of these, ended by an entry whose callback is NULL, and
 * calls each callback whose `alive` byte (read atomically) is non-zero.
 * The runtime owns the array; it stays valid until the runner leaves the
 * read section in which it obtained it.
 */
typedef struct tenon_event_entry {
    tenon_fn_ptr callback;      /**< the subscriber's function, cast to the event's callback type to call */
    void *userdata;             /**< passed back as the callback's first argument (native events) */
    const unsigned char *alive; /**< 0 once unsubscribed; load it atomically before each call */
} tenon_event_entry;

#ifdef __cplusplus
}
#endif

#endif /* TENON_ABI_H */
