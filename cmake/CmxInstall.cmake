# Installation: headers, the C++ core, both C libraries, the CLI, a CMake package (cmx::cmx,
# cmx::cmx_c, cmx::cmx_c_static) and a pkg-config file for C consumers.
include(CMakePackageConfigHelpers)

install(DIRECTORY include/cmx DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} FILES_MATCHING PATTERN "*.hpp")
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/include/cmx/version.hpp
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/cmx)
install(FILES capi/cmx.h DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})

install(TARGETS cmx cmx_c cmx_c_static EXPORT cmxTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
        INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(TARGETS cmx_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

set(CMX_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/cmx)
install(EXPORT cmxTargets NAMESPACE cmx:: DESTINATION ${CMX_CMAKE_DIR})
configure_package_config_file(cmake/cmxConfig.cmake.in ${CMAKE_CURRENT_BINARY_DIR}/cmxConfig.cmake
                              INSTALL_DESTINATION ${CMX_CMAKE_DIR})
# Before 1.0 a minor release may break compatibility, so only the same minor version matches.
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/cmxConfigVersion.cmake
                                 COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/cmxConfig.cmake
              ${CMAKE_CURRENT_BINARY_DIR}/cmxConfigVersion.cmake
        DESTINATION ${CMX_CMAKE_DIR})

# The .pc file finds its prefix from its own place, so an installed tree can be moved (or
# installed with `cmake --install --prefix`) and still work.
file(RELATIVE_PATH CMX_PC_TO_PREFIX "/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/")
string(REGEX REPLACE "/$" "" CMX_PC_TO_PREFIX "${CMX_PC_TO_PREFIX}")
configure_file(cmake/cmx.pc.in ${CMAKE_CURRENT_BINARY_DIR}/cmx.pc @ONLY)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/cmx.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
