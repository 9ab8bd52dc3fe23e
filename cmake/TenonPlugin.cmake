# CMake helpers for building Tenon plugins, in Tenon's own tree and, installed
# with the CMake package, in any project (find_package(Tenon) includes this).

# tenon_add_plugin(<target> <source>... [OUTPUT_DIRECTORY <dir>] [OUTPUT_NAME <name>] [ALLOW_UNDEFINED])
#
# Builds a Tenon plugin: a MODULE library (loaded with dlopen, never linked)
# that sees only the plugin SDK headers (tenon::plugin: C11, C++17). It does
# not link libtenon: plugins reach the host through the services table, never
# through host symbols. So every symbol must resolve at link time
# (-Wl,-z,defs): a typo'd function is a link error, not a dlopen failure.
# ALLOW_UNDEFINED drops that, for a plugin that binds to symbols its host
# exports on purpose. Symbols are hidden by default; the SDK's macros export
# what the loader needs. The file is called <target>.so (no "lib" prefix).
function(tenon_add_plugin target)
  cmake_parse_arguments(ARG "ALLOW_UNDEFINED" "OUTPUT_DIRECTORY;OUTPUT_NAME" "" ${ARGN})
  add_library(${target} MODULE ${ARG_UNPARSED_ARGUMENTS})
  target_link_libraries(${target} PRIVATE tenon::plugin)
  set_target_properties(${target} PROPERTIES PREFIX "" C_VISIBILITY_PRESET hidden CXX_VISIBILITY_PRESET hidden
                                             VISIBILITY_INLINES_HIDDEN ON)
  if(NOT ARG_ALLOW_UNDEFINED)
    target_link_options(${target} PRIVATE -Wl,-z,defs)
  endif()
  if(ARG_OUTPUT_DIRECTORY)
    set_target_properties(${target} PROPERTIES LIBRARY_OUTPUT_DIRECTORY ${ARG_OUTPUT_DIRECTORY})
  endif()
  if(ARG_OUTPUT_NAME)
    set_target_properties(${target} PROPERTIES OUTPUT_NAME ${ARG_OUTPUT_NAME})
  endif()
endfunction()

# tenon_add_criu_plugin(<target> <source>... [OUTPUT_DIRECTORY <dir>] [OUTPUT_NAME <name>])
#
# A plugin written for CRIU, built as a Tenon plugin: as tenon_add_plugin, with
# CRIU's header names (criu-plugin.h, criu-log.h) on the include path. CRIU
# plugins call their host's functions (print_on_level and the rest), which
# libtenon-criu.so provides in the host process, so undefined symbols are allowed.
function(tenon_add_criu_plugin target)
  tenon_add_plugin(${target} ${ARGN} ALLOW_UNDEFINED)
  target_link_libraries(${target} PRIVATE tenon::criu_plugin)
endfunction()
