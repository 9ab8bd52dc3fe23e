/* The QPP interface of the compile-test plugin "every": callbacks and functions of several shapes. */
#ifndef EVERY_API_H
#define EVERY_API_H

#include <stdbool.h>
#include <tenon/compat/qpp.h>

QPP_CB_PROTOTYPE(void, every_event, bool, const char *);
QPP_CB_PROTOTYPE(int, every_quiet, void);
QPP_FUN_PROTOTYPE(every, int, every_sum, int, int);
QPP_FUN_PROTOTYPE(every, void, every_reset, void);

#endif /* EVERY_API_H */
