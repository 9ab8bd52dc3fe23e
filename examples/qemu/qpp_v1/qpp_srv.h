/* The QPP RFC v1 test server's interface: one callback, two functions. */
#ifndef QPP_SRV_H
#define QPP_SRV_H

/* Run by qpp_srv when QEMU exits; takes a number and a flag. */
QPP_CB_PROTOTYPE(void, on_exit, int, bool);

/* Both take an int and return an int. */
QPP_FUN_PROTOTYPE(qpp_srv, int, do_add, int);
QPP_FUN_PROTOTYPE(qpp_srv, int, do_sub, int);

#endif
