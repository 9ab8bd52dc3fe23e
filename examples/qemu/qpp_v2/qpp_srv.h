/* The QPP v2 test server's functions: both take an int and return an int. */
#ifndef QPP_SRV_H
#define QPP_SRV_H

QPP_FUN_PROTOTYPE(qpp_srv, int, qpp_srv_do_add, int);
QPP_FUN_PROTOTYPE(qpp_srv, int, qpp_srv_do_sub, int);

#endif
