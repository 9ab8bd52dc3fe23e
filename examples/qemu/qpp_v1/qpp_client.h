/* The QPP RFC v1 test client's callback for qpp_srv's on_exit. */
#ifndef QPP_CLIENT_H
#define QPP_CLIENT_H

void my_on_exit(int, bool);

#endif
