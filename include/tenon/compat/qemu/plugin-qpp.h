/*
 * plugin-qpp.h, as Tenon provides it: QEMU's QPP macros (RFC v1's
 * QPP_CB_PROTOTYPE, QPP_CREATE_CB, QPP_RUN_CB, QPP_REG_CB, QPP_REMOVE_CB and
 * QPP_FUN_PROTOTYPE; v2's QPP_FUN_PROTOTYPE naming) from
 * <tenon/compat/qpp.h>, under the header name QEMU plugins include.
 *
 * QPP_FUN_PROTOTYPE(plugin, ret, fn, args...) defines both names the RFC
 * series used for the imported function: `plugin_fn` (v1) and `fn_qpp`
 * (v2). TENON_QEMU_PLUGIN's init fills both before qemu_plugin_install
 * runs. CURRENT_PLUGIN may be defined for every source file of every plugin
 * (the RFC's Makefile passed -DCURRENT_PLUGIN=\"name\"; tenon_add_qemu_plugin
 * does the same): a plugin declares only the callbacks it creates and the
 * functions under its own name, whatever headers it includes.
 */
#ifndef TENON_COMPAT_QEMU_PLUGIN_QPP_H
#define TENON_COMPAT_QEMU_PLUGIN_QPP_H

#include <qemu-plugin.h>
#include <tenon/compat/qpp.h>

#endif /* TENON_COMPAT_QEMU_PLUGIN_QPP_H */
