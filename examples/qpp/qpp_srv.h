/*
 * What the plugin qpp_srv offers other plugins, declared with the macros of
 * QEMU's QPP RFC. <tenon/compat/qpp.h> maps them onto Tenon events and
 * exports. qpp_srv.c defines CURRENT_PLUGIN before including this header,
 * which makes it the provider. Every other includer is a consumer.
 */
#ifndef QPP_SRV_H
#define QPP_SRV_H

#include <tenon/compat/qpp.h>

/*
 * on_tick(tick, label): qpp_srv runs it on every host tick, with the tick
 * number (from 1) and a label such as "tick-3". Register with
 * QPP_REG_CB("qpp_srv", on_tick, fn).
 */
QPP_CB_PROTOTYPE(void, on_tick, int, const char *);

/* qpp_srv_square(x): x * x. Consumers call qpp_srv_qpp_srv_square after QPP_IMPORT(qpp_srv, qpp_srv_square). */
QPP_FUN_PROTOTYPE(qpp_srv, int, qpp_srv_square, int);

#endif /* QPP_SRV_H */
