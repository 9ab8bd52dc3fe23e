// good_plugin.cpp built as a static plugin: every SDK macro in static mode must compile as strict C++17 too.
#define TENON_STATIC_PLUGIN pedantic_cxx
#include "good_plugin.cpp"
