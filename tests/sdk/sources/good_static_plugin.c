/* good_plugin.c built as a static plugin: every SDK macro in static mode must compile as strict C11 too. */
#define TENON_STATIC_PLUGIN pedantic_c
#include "good_plugin.c"
