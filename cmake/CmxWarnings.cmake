# cmx_set_warnings(<target>): the strict warning set of cmx, as errors when CMX_WERROR is on.
function(cmx_set_warnings target)
  set(common -Wall -Wextra -Wpedantic -Wconversion -Wsign-conversion -Wshadow -Wcast-align
             -Wunused -Wnull-dereference -Wformat=2 -Wimplicit-fallthrough
             -Wmissing-declarations -Wundef)
  set(cxx_only -Wold-style-cast -Wnon-virtual-dtor -Woverloaded-virtual)
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    # -Wdouble-promotion only on GCC, where it means float -> double; Clang also flags
    # double -> long double, which the SPC sums use on purpose (they reproduce R's long double).
    list(APPEND common -Wduplicated-cond -Wduplicated-branches -Wlogical-op -Wdouble-promotion)
  endif()
  target_compile_options(${target} PRIVATE ${common} $<$<COMPILE_LANGUAGE:CXX>:${cxx_only}>)
  if(CMX_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
