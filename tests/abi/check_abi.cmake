# Compares the shared C library with the committed ABI baseline (abidiff, libabigail). Fails on
# any difference: a removed or changed function or public type breaks callers, and an added
# function must come with the updated baseline in the same commit (cmx_abi_baseline target).
#   cmake -DABIDIFF=abidiff -DLIBRARY=libcmx_c.so -DHEADER=capi/cmx.h -DBASELINE=cmx_c.abi
#         [-DMUTATE=added|removed|changed -DFUNCTION=name -DWORK_DIR=dir] -P check_abi.cmake
# MUTATE edits a copy of the baseline so that, seen from it, the library has added FUNCTION
# (dropped from the copy), lost FUNCTION (a copy of cmx_free's declaration under that name) or
# changed FUNCTION's return type (to void*): the negative tests prove the check notices each.
cmake_policy(VERSION 3.25)

# The declaration of function `name` in the abixml text `abi`, with its parameters and return.
function(abi_declaration abi name out)
  string(REGEX MATCH "[ ]*<function-decl name='${name}'[^\n]*\n([ ]+<(parameter|return)[^\n]*\n)*[ ]*</function-decl>\n"
         decl "${abi}")
  if(decl STREQUAL "")
    message(FATAL_ERROR "no declaration of ${name} in ${BASELINE}")
  endif()
  set(${out} "${decl}" PARENT_SCOPE)
endfunction()

set(baseline ${BASELINE})
if(DEFINED MUTATE)
  file(READ ${BASELINE} abi)
  abi_declaration("${abi}" cmx_free free_decl)
  string(REGEX MATCH "<parameter type-id='([^']+)'" ignored "${free_decl}")
  set(void_pointer ${CMAKE_MATCH_1})
  if(MUTATE STREQUAL "added")
    abi_declaration("${abi}" ${FUNCTION} decl)
    string(REPLACE "${decl}" "" abi "${abi}")
    string(REGEX REPLACE "[ ]*<elf-symbol name='${FUNCTION}'[^\n]*\n" "" abi "${abi}")
  elseif(MUTATE STREQUAL "removed")
    string(REPLACE "cmx_free" "${FUNCTION}" decl "${free_decl}")
    string(REPLACE "${free_decl}" "${free_decl}${decl}" abi "${abi}")
    string(REGEX MATCH "[ ]*<elf-symbol name='cmx_free'[^\n]*\n" symbol "${abi}")
    string(REPLACE "cmx_free" "${FUNCTION}" new_symbol "${symbol}")
    string(REPLACE "${symbol}" "${symbol}${new_symbol}" abi "${abi}")
  elseif(MUTATE STREQUAL "changed")
    abi_declaration("${abi}" ${FUNCTION} decl)
    string(REGEX REPLACE "<return type-id='[^']+'/>" "<return type-id='${void_pointer}'/>" changed
           "${decl}")
    if(changed STREQUAL decl)
      message(FATAL_ERROR "${FUNCTION} already returns void*; pick another function")
    endif()
    string(REPLACE "${decl}" "${changed}" abi "${abi}")
  else()
    message(FATAL_ERROR "MUTATE must be added, removed or changed")
  endif()
  set(baseline ${WORK_DIR}/cmx_c_${MUTATE}_${FUNCTION}.abi)
  file(WRITE ${baseline} "${abi}")
endif()

execute_process(
  COMMAND ${ABIDIFF} --fail-no-debug-info --drop-private-types --exported-interfaces-only
          --header-file2 ${HEADER} ${baseline} ${LIBRARY}
  OUTPUT_VARIABLE report ERROR_VARIABLE report RESULT_VARIABLE rc)
message("${report}")
if(NOT rc EQUAL 0)
  message("abi check failed: abidiff status ${rc}")
  message(FATAL_ERROR "abidiff: ${LIBRARY} differs from ${baseline} (status ${rc}). If the change "
                      "is intended (see capi/VERSIONING.md), update the baseline in the same "
                      "commit: cmake --build <build dir> --target cmx_abi_baseline")
endif()
message(STATUS "the ABI of ${LIBRARY} matches ${baseline}")
