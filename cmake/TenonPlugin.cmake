# tenon_add_plugin(<target> <source>... [OUTPUT_DIRECTORY <dir>] [OUTPUT_NAME <name>])
#
# Builds a Tenon plugin: a MODULE library (loaded with dlopen, never linked)
# that sees only the plugin SDK headers. It does not link libtenon: plugins
# reach the host through the services table, never through host symbols.
function(tenon_add_plugin target)
  cmake_parse_arguments(ARG "" "OUTPUT_DIRECTORY;OUTPUT_NAME" "" ${ARGN})
  add_library(${target} MODULE ${ARG_UNPARSED_ARGUMENTS})
  target_link_libraries(${target} PRIVATE tenon::sdk)
  set_target_properties(${target} PROPERTIES PREFIX "" C_VISIBILITY_PRESET hidden CXX_VISIBILITY_PRESET hidden)
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
# CRIU's header names (criu-plugin.h, criu-log.h) on the include path.
function(tenon_add_criu_plugin target)
  tenon_add_plugin(${target} ${ARGN})
  target_link_libraries(${target} PRIVATE tenon::criu_sdk)
endfunction()
