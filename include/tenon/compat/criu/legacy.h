/*
 * tenon/compat/criu/legacy.h: what lets a plugin of CRIU's old API work
 * unchanged when built against Tenon's criu-plugin.h and criu-log.h (which
 * include this; a plugin need not).
 *
 * The old API has no CR_PLUGIN_REGISTER: a plugin defines cr_plugin_init,
 * cr_plugin_fini and one function per hook, cr_plugin_dump_file and so on,
 * and CRIU finds them by name. Such a plugin has no Tenon descriptor, so the
 * CRIU profile loads it by those names (tenon::criu::binary_format()). Two
 * things make that work as it does under CRIU:
 *   - the names are declared here with default visibility, so a build with
 *     -fvisibility=hidden (as tenon_add_criu_plugin builds) still exports
 *     them. The declarations give no parameter list, so the old API's
 *     (void) definitions and the newer (int stage) ones both match;
 *   - tenon_criu_legacy_services is where the loader stores such a plugin's
 *     services table before init (weak: one object however many files
 *     include this). pr_*, criu_get_image_dir(), criu_plugin_get_options()
 *     and the inventory calls use it when the plugin has no Tenon
 *     descriptor, and tenon_plugin_services when it has one.
 * Old-API plugins are C: in C++ only the services part applies. A plugin
 * linked into its host (TENON_STATIC_PLUGIN) must use CR_PLUGIN_REGISTER.
 */
#ifndef TENON_COMPAT_CRIU_LEGACY_H
#define TENON_COMPAT_CRIU_LEGACY_H

#include <tenon/plugin.h>

TENON__EXTERN_C_BEGIN
__attribute__((weak, visibility("default"))) const tenon_services *tenon_criu_legacy_services = 0;
TENON__EXTERN_C_END

#ifndef TENON_STATIC_PLUGIN
/* Defined only by CR_PLUGIN_REGISTER (through TENON_PLUGIN): weak, so an old-API plugin links without it. */
#pragma weak tenon_plugin_services
#endif

/* The services table of this plugin, whichever way it was registered; NULL outside init ... exit. */
static inline const tenon_services *tenon__criu_services(void) {
    const tenon_services *const *registered = &tenon_plugin_services;
    if (registered != NULL && *registered != NULL) {
        return *registered;
    }
    return tenon_criu_legacy_services;
}

#if !defined(__cplusplus) && !defined(TENON_STATIC_PLUGIN)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wstrict-prototypes"
#if defined(__clang__) && __clang_major__ >= 15
#pragma GCC diagnostic ignored "-Wdeprecated-non-prototype"
#endif
#define TENON__CRIU_LEGACY(ret, name) extern __attribute__((visibility("default"))) ret name()
TENON__CRIU_LEGACY(int, cr_plugin_init);
TENON__CRIU_LEGACY(void, cr_plugin_fini);
TENON__CRIU_LEGACY(int, cr_plugin_dump_unix_sk);
TENON__CRIU_LEGACY(int, cr_plugin_restore_unix_sk);
TENON__CRIU_LEGACY(int, cr_plugin_dump_file);
TENON__CRIU_LEGACY(int, cr_plugin_restore_file);
TENON__CRIU_LEGACY(int, cr_plugin_dump_ext_mount);
TENON__CRIU_LEGACY(int, cr_plugin_restore_ext_mount);
TENON__CRIU_LEGACY(int, cr_plugin_dump_ext_link);
TENON__CRIU_LEGACY(int, cr_plugin_handle_device_vma);
TENON__CRIU_LEGACY(int, cr_plugin_update_vma_map);
TENON__CRIU_LEGACY(int, cr_plugin_resume_devices_late);
TENON__CRIU_LEGACY(int, cr_plugin_pause_devices);
TENON__CRIU_LEGACY(int, cr_plugin_checkpoint_devices);
TENON__CRIU_LEGACY(int, cr_plugin_post_forking);
TENON__CRIU_LEGACY(int, cr_plugin_restore_init);
TENON__CRIU_LEGACY(int, cr_plugin_dump_devices_late);
TENON__CRIU_LEGACY(int, cr_plugin_update_inetsk);
#undef TENON__CRIU_LEGACY
#pragma GCC diagnostic pop
#endif

#endif /* TENON_COMPAT_CRIU_LEGACY_H */
