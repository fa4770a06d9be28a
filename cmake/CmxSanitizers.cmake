# cmx_enable_sanitizers("address;undefined"): builds everything (libraries, tests, tools) with
# the given sanitizers; undefined behaviour aborts instead of printing and going on.
function(cmx_enable_sanitizers sanitizers)
  if(sanitizers STREQUAL "")
    return()
  endif()
  list(JOIN sanitizers "," joined)
  add_compile_options(-fsanitize=${joined} -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=${joined})
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    # GCC 12's -Wrestrict misfires on std::string concatenation once the sanitizers'
    # instrumentation is inlined (GCC PR 105329, PR 105651); the uninstrumented builds keep it.
    add_compile_options(-Wno-restrict)
  endif()
  set(CMX_SANITIZER_FLAGS "-fsanitize=${joined} -fno-omit-frame-pointer" PARENT_SCOPE)
endfunction()
