# cmx_docs: the HTML API reference (Doxygen) of capi/cmx.h and include/cmx, generated into
# <build>/docs/api/html with warnings as errors (cmake/Doxyfile.in). Only where Doxygen is found.
find_package(Doxygen QUIET)
if(DOXYGEN_FOUND)
  set(CMX_DOCS_OUTPUT_DIR ${PROJECT_BINARY_DIR}/docs/api)
  configure_file(${PROJECT_SOURCE_DIR}/cmake/Doxyfile.in ${PROJECT_BINARY_DIR}/docs/Doxyfile @ONLY)
  file(GLOB_RECURSE CMX_DOCS_INPUTS CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/include/cmx/*.hpp)
  add_custom_command(
    OUTPUT ${CMX_DOCS_OUTPUT_DIR}/html/index.html
    COMMAND ${CMAKE_COMMAND} -E make_directory ${CMX_DOCS_OUTPUT_DIR}
    COMMAND ${DOXYGEN_EXECUTABLE} ${PROJECT_BINARY_DIR}/docs/Doxyfile
    DEPENDS ${PROJECT_BINARY_DIR}/docs/Doxyfile ${PROJECT_SOURCE_DIR}/capi/cmx.h
            ${CMX_DOCS_INPUTS}
    COMMENT "Doxygen: API reference in ${CMX_DOCS_OUTPUT_DIR}/html"
    VERBATIM)
  add_custom_target(cmx_docs DEPENDS ${CMX_DOCS_OUTPUT_DIR}/html/index.html)
else()
  message(STATUS "cmx: Doxygen not found; no cmx_docs target (apt-get install doxygen)")
endif()
