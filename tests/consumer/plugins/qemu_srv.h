/* qemu_srv's QPP interface. */
#ifndef QEMU_SRV_H
#define QEMU_SRV_H

QPP_CB_PROTOTYPE(void, on_bye, int);
QPP_FUN_PROTOTYPE(qemu_srv, int, triple, int);

#endif
