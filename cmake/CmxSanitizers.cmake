# cmx_enable_sanitizers("address;undefined"): builds everything (libraries, tests, tools) with
# the given sanitizers; undefined behaviour aborts instead of printing and going on.
function(cmx_enable_sanitizers sanitizers)
  if(sanitizers STREQUAL "")
    return()
  endif()
  list(JOIN sanitizers "," joined)
  add_compile_options(-fsanitize=${joined} -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=${joined})
  set(CMX_SANITIZER_FLAGS "-fsanitize=${joined} -fno-omit-frame-pointer" PARENT_SCOPE)
endfunction()
