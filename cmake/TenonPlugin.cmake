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

# tenon_add_qemu_plugin(<target> <source>... [NAME <name>] [OUTPUT_DIRECTORY <dir>] [OUTPUT_NAME <name>])
#
# A plugin written for QEMU's plugin-to-plugin API (QPP), built as a Tenon
# plugin: as tenon_add_plugin, with Tenon's <qemu-plugin.h> and
# <plugin-qpp.h> on the include path (tenon::qemu_plugin), and CURRENT_PLUGIN
# defined to "<name>" (default: the target name) for every source file, as
# the QPP RFC's Makefile defined it. The sources add one line,
# TENON_QEMU_PLUGIN(CURRENT_PLUGIN, ...): see docs/migrating-from-qpp.md.
function(tenon_add_qemu_plugin target)
  cmake_parse_arguments(ARG "" "NAME" "" ${ARGN})
  if(NOT ARG_NAME)
    set(ARG_NAME ${target})
  endif()
  tenon_add_plugin(${target} ${ARG_UNPARSED_ARGUMENTS})
  target_link_libraries(${target} PRIVATE tenon::qemu_plugin)
  target_compile_definitions(${target} PRIVATE "CURRENT_PLUGIN=\"${ARG_NAME}\"")
endfunction()

# tenon_add_static_plugin(<target> <source>... [ID <identifier>])
#
# Builds the same plugin sources to be linked into a host instead of loaded:
# an OBJECT library compiled with TENON_STATIC_PLUGIN=<identifier> (by default
# the target name made a C identifier), so the services pointer, the records
# section and the registration tenon_static_plugin_<identifier> are this
# plugin's own and any number of plugins link into one program. Link it with
# target_link_libraries(<host> PRIVATE <target>): an object library puts every
# object file into the host (a static archive would drop files nothing refers
# to, and their records with them). The host then names it with
# TENON_DECLARE_STATIC_PLUGIN(<identifier>) and TENON_STATIC_PLUGIN_OF, or
# takes every linked one with tenon::linked_static_plugins()
# (<tenon/static_plugin.hpp>). The identifier is also the target property
# TENON_STATIC_PLUGIN_ID.
function(tenon_add_static_plugin target)
  cmake_parse_arguments(ARG "" "ID" "" ${ARGN})
  if(NOT ARG_ID)
    string(MAKE_C_IDENTIFIER "${target}" ARG_ID)
  endif()
  add_library(${target} OBJECT ${ARG_UNPARSED_ARGUMENTS})
  target_link_libraries(${target} PRIVATE tenon::plugin)
  target_compile_definitions(${target} PRIVATE TENON_STATIC_PLUGIN=${ARG_ID})
  set_target_properties(${target} PROPERTIES C_VISIBILITY_PRESET hidden CXX_VISIBILITY_PRESET hidden
                                             VISIBILITY_INLINES_HIDDEN ON POSITION_INDEPENDENT_CODE ON
                                             TENON_STATIC_PLUGIN_ID ${ARG_ID})
endfunction()

# tenon_add_static_criu_plugin(<target> <source>... [ID <identifier>])
#
# A plugin written for CRIU, linked into the host: as tenon_add_static_plugin,
# with CRIU's header names on the include path. Its CR_PLUGIN_DESC is named
# after the identifier too. The host passes it in
# tenon::criu::Options::static_plugins and links tenon::criu, which defines
# the CRIU functions such plugins call.
function(tenon_add_static_criu_plugin target)
  tenon_add_static_plugin(${target} ${ARGN})
  target_link_libraries(${target} PRIVATE tenon::criu_plugin)
endfunction()
