# Install rules, the CMake package (find_package(Tenon)) and the pkg-config
# files. Included by the top-level CMakeLists.txt when TENON_INSTALL is on.
# Everything honours GNUInstallDirs, CMAKE_INSTALL_PREFIX and DESTDIR.
include(CMakePackageConfigHelpers)

set(TENON_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/Tenon)

# Components: `runtime` (libtenon.so.0, libtenon-criu.so.0), `development`
# (headers, libtenon.a, the symlinks, the CMake package, pkg-config) and
# `tools` (the tenon command). The Debian packages are cut along them.
set(tenon_targets tenon tenon_static tenon_sdk tenon_qemu_sdk)
if(TENON_BUILD_CRIU)
  list(APPEND tenon_targets tenon_criu tenon_criu_sdk)
endif()
install(TARGETS ${tenon_targets} EXPORT TenonTargets
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT runtime NAMELINK_COMPONENT development
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT development
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/tenon DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} COMPONENT development
  REGEX "/compat/criu(/.*)?$" EXCLUDE)
if(TENON_BUILD_CRIU)
  install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/tenon/compat/criu DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/tenon/compat
    COMPONENT development)
endif()
if(TENON_BUILD_TOOLS)
  install(TARGETS tenon_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT tools)
endif()

install(EXPORT TenonTargets NAMESPACE tenon:: DESTINATION ${TENON_CMAKE_DIR} COMPONENT development)
configure_package_config_file(${CMAKE_CURRENT_LIST_DIR}/TenonConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/TenonConfig.cmake INSTALL_DESTINATION ${TENON_CMAKE_DIR})
# 0.x: a newer 0.y satisfies a request for 0.x with y >= x, as the SONAME promises (docs/abi.md).
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/TenonConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMajorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/TenonConfig.cmake ${CMAKE_CURRENT_BINARY_DIR}/TenonConfigVersion.cmake
  ${CMAKE_CURRENT_LIST_DIR}/TenonPlugin.cmake DESTINATION ${TENON_CMAKE_DIR} COMPONENT development)

# pkg-config: `tenon` for hosts, `tenon-plugin` for plugin authors (flags only).
# The prefix is found from the .pc file's own place (${pcfiledir}), so a tree
# installed with `cmake --install --prefix`, or unpacked from a .deb
# somewhere else, points at itself.
file(RELATIVE_PATH pc_to_prefix ${CMAKE_INSTALL_FULL_LIBDIR}/pkgconfig ${CMAKE_INSTALL_PREFIX})
string(REGEX REPLACE "/$" "" pc_to_prefix "${pc_to_prefix}")
foreach(pc tenon tenon-plugin)
  configure_file(${CMAKE_CURRENT_LIST_DIR}/${pc}.pc.in ${CMAKE_CURRENT_BINARY_DIR}/${pc}.pc @ONLY)
  install(FILES ${CMAKE_CURRENT_BINARY_DIR}/${pc}.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig COMPONENT development)
endforeach()

# The tool finds libtenon.so.0 through the system's search path when the
# prefix is a system one, and through a RUNPATH relative to itself otherwise
# (a prefix under /opt or a temporary one), so it runs where it is installed.
if(TENON_BUILD_TOOLS)
  list(FIND CMAKE_CXX_IMPLICIT_LINK_DIRECTORIES "${CMAKE_INSTALL_FULL_LIBDIR}" system_libdir)
  if(system_libdir EQUAL -1)
    file(RELATIVE_PATH libdir_from_bin ${CMAKE_INSTALL_FULL_BINDIR} ${CMAKE_INSTALL_FULL_LIBDIR})
    set_target_properties(tenon_cli PROPERTIES INSTALL_RPATH "$ORIGIN/${libdir_from_bin}")
  endif()
endif()

if(TENON_BUILD_TOOLS)
  install(FILES ${PROJECT_SOURCE_DIR}/tools/man/tenon.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1 COMPONENT tools)
endif()
