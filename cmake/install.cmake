# `cmake --install`: the public headers, the library (static libkzrules.a, and shared
# libkzrules.so when KZ_BUILD_SHARED), the kzrules CLI, a CMake package and a pkg-config
# file. A consumer then writes
#
#   find_package(kzrules CONFIG REQUIRED)
#   target_link_libraries(app PRIVATE kzrules::kzrules)         # static
#   target_link_libraries(app PRIVATE kzrules::kzrules_shared)  # or shared
#
# or `pkg-config --cflags --libs kzrules` (add --static to link libkzrules.a).
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(KZ_INSTALL_CMAKEDIR "${CMAKE_INSTALL_LIBDIR}/cmake/kzrules"
    CACHE STRING "Where kzrulesConfig.cmake is installed, relative to the prefix")

install(DIRECTORY "${PROJECT_SOURCE_DIR}/include/kzrules"
        DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}" COMPONENT kzrules_development
        FILES_MATCHING PATTERN "*.hpp")

set(kz_installed_libraries kzrules)
if(TARGET kzrules_shared)
  list(APPEND kz_installed_libraries kzrules_shared)
endif()
install(TARGETS ${kz_installed_libraries} EXPORT kzrulesTargets
        ARCHIVE DESTINATION "${CMAKE_INSTALL_LIBDIR}" COMPONENT kzrules_development
        LIBRARY DESTINATION "${CMAKE_INSTALL_LIBDIR}" COMPONENT kzrules_runtime
                NAMELINK_COMPONENT kzrules_development
        RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}" COMPONENT kzrules_runtime
        INCLUDES DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}")
install(TARGETS kzrules-cli RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}" COMPONENT kzrules_runtime)

install(EXPORT kzrulesTargets NAMESPACE kzrules:: FILE kzrulesTargets.cmake
        DESTINATION "${KZ_INSTALL_CMAKEDIR}" COMPONENT kzrules_development)
configure_package_config_file("${PROJECT_SOURCE_DIR}/cmake/kzrulesConfig.cmake.in"
                              "${PROJECT_BINARY_DIR}/kzrulesConfig.cmake"
                              INSTALL_DESTINATION "${KZ_INSTALL_CMAKEDIR}")
# 0.x: a new minor version may change the API, so only the same minor version matches.
write_basic_package_version_file("${PROJECT_BINARY_DIR}/kzrulesConfigVersion.cmake"
                                 VERSION "${PROJECT_VERSION}" COMPATIBILITY SameMinorVersion)
install(FILES "${PROJECT_BINARY_DIR}/kzrulesConfig.cmake" "${PROJECT_BINARY_DIR}/kzrulesConfigVersion.cmake"
        DESTINATION "${KZ_INSTALL_CMAKEDIR}" COMPONENT kzrules_development)

# kzrules.pc finds its prefix from its own place (${pcfiledir}), so the tree can be
# installed with `cmake --install --prefix` anywhere and moved afterwards.
set(kz_pc_dir "${CMAKE_INSTALL_LIBDIR}/pkgconfig")
if(IS_ABSOLUTE "${CMAKE_INSTALL_LIBDIR}")
  set(KZ_PC_PREFIX "${CMAKE_INSTALL_PREFIX}")
  set(KZ_PC_LIBDIR "${CMAKE_INSTALL_LIBDIR}")
else()
  file(RELATIVE_PATH kz_pc_up "/kz/${kz_pc_dir}" "/kz")
  string(REGEX REPLACE "/$" "" kz_pc_up "${kz_pc_up}")
  set(KZ_PC_PREFIX "\${pcfiledir}/${kz_pc_up}")
  set(KZ_PC_LIBDIR "\${prefix}/${CMAKE_INSTALL_LIBDIR}")
endif()
if(IS_ABSOLUTE "${CMAKE_INSTALL_INCLUDEDIR}")
  set(KZ_PC_INCLUDEDIR "${CMAKE_INSTALL_INCLUDEDIR}")
else()
  set(KZ_PC_INCLUDEDIR "\${prefix}/${CMAKE_INSTALL_INCLUDEDIR}")
endif()
set(KZ_PC_ZLIB "")
if(KZ_WITH_ZLIB)
  set(KZ_PC_ZLIB " zlib")
endif()
# libpq is opened with dlopen when a connection is made (lib/postgres/libpq.hpp): the
# library needs only libdl (part of libc on glibc 2.34 and later).
set(KZ_PC_LIBS_PRIVATE "")
if(KZ_WITH_POSTGRESQL AND CMAKE_DL_LIBS)
  set(KZ_PC_LIBS_PRIVATE " -l${CMAKE_DL_LIBS}")
endif()
set(KZ_PC_ABSEIL "")
if(KZ_USE_ABSEIL)
  set(KZ_PC_ABSEIL " absl_flat_hash_map absl_flat_hash_set absl_hash absl_inlined_vector absl_function_ref")
endif()
configure_file("${PROJECT_SOURCE_DIR}/cmake/kzrules.pc.in" "${PROJECT_BINARY_DIR}/kzrules.pc" @ONLY)
install(FILES "${PROJECT_BINARY_DIR}/kzrules.pc" DESTINATION "${kz_pc_dir}" COMPONENT kzrules_development)

install(FILES "${PROJECT_SOURCE_DIR}/README.md" "${PROJECT_SOURCE_DIR}/docs/api.md"
        DESTINATION "${CMAKE_INSTALL_DOCDIR}" COMPONENT kzrules_development)
