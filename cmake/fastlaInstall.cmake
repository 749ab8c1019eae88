# Install and export: the libraries, headers and fastla-info, a CMake
# package (fastlaConfig.cmake: fastla::fastla, fastla::fastla_static,
# fastla::cblas) and pkg-config files (fastla.pc, fastla-cblas.pc). Every
# path is relative to the install prefix, so an installed tree can be moved
# (tests/install/run.sh checks that).
include(CMakePackageConfigHelpers)

set(FASTLA_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/fastla)

install(TARGETS fastla fastla_static EXPORT fastlaTargets
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(FILES include/fastla.h DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(EXPORT fastlaTargets NAMESPACE fastla::
  DESTINATION ${FASTLA_CMAKE_DIR})

# libfastla.a carries libfastla.so's private dependencies (libm, threads,
# OpenMP) as link-only ones: the package config finds them again.
if(FASTLA_ENABLE_OPENMP AND OpenMP_C_FOUND)
  set(FASTLA_WITH_OPENMP ON)
else()
  set(FASTLA_WITH_OPENMP OFF)
endif()
configure_package_config_file(cmake/fastlaConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/fastlaConfig.cmake
  INSTALL_DESTINATION ${FASTLA_CMAKE_DIR})
write_basic_package_version_file(
  ${CMAKE_CURRENT_BINARY_DIR}/fastlaConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMajorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/fastlaConfig.cmake
              ${CMAKE_CURRENT_BINARY_DIR}/fastlaConfigVersion.cmake
  DESTINATION ${FASTLA_CMAKE_DIR})

# pkg-config: prefix from ${pcfiledir}, so the files follow the tree.
if(IS_ABSOLUTE "${CMAKE_INSTALL_LIBDIR}" OR
   IS_ABSOLUTE "${CMAKE_INSTALL_INCLUDEDIR}")
  set(FASTLA_PC_PREFIX "${CMAKE_INSTALL_PREFIX}") # not relocatable
  set(FASTLA_PC_LIBDIR "${CMAKE_INSTALL_FULL_LIBDIR}")
  set(FASTLA_PC_INCLUDEDIR "${CMAKE_INSTALL_FULL_INCLUDEDIR}")
else()
  file(RELATIVE_PATH up "/prefix/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/prefix")
  string(REGEX REPLACE "/$" "" up "${up}")
  set(FASTLA_PC_PREFIX "\${pcfiledir}/${up}")
  set(FASTLA_PC_LIBDIR "\${prefix}/${CMAKE_INSTALL_LIBDIR}")
  set(FASTLA_PC_INCLUDEDIR "\${prefix}/${CMAKE_INSTALL_INCLUDEDIR}")
endif()
set(FASTLA_PC_LIBS_PRIVATE "-lm -pthread")
if(FASTLA_WITH_OPENMP)
  set(FASTLA_PC_LIBS_PRIVATE "${OpenMP_C_FLAGS} ${FASTLA_PC_LIBS_PRIVATE}")
endif()
foreach(pc fastla fastla-cblas)
  configure_file(cmake/${pc}.pc.in ${CMAKE_CURRENT_BINARY_DIR}/${pc}.pc @ONLY)
  install(FILES ${CMAKE_CURRENT_BINARY_DIR}/${pc}.pc
    DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
endforeach()
