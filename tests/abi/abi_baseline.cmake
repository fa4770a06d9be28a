# Writes the ABI baseline (capi/abi/cmx_c.abi) of the shared C library with abidw: the exported
# functions and the types of capi/cmx.h they use (opaque handles stay declarations, so their
# private members are not part of the ABI). Run through the target: cmake --build <build>
# --target cmx_abi_baseline (after a deliberate, reviewed change of the C API).
#   cmake -DABIDW=abidw -DLIBRARY=libcmx_c.so -DHEADER=capi/cmx.h -DROOT=<source dir>
#         -DOUTPUT=capi/abi/cmx_c.abi -P abi_baseline.cmake
cmake_policy(VERSION 3.25)
execute_process(
  COMMAND ${ABIDW} --no-corpus-path --no-comp-dir-path --no-show-locs
          --header-file ${HEADER} --drop-private-types --exported-interfaces-only
          --type-id-style hash ${LIBRARY}
  OUTPUT_VARIABLE abi RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "abidw failed on ${LIBRARY} (status ${rc})")
endif()
if(NOT abi MATCHES "<function-decl name='cmx_context_create'")
  message(FATAL_ERROR "abidw found no debug info for cmx_context_create in ${LIBRARY}")
endif()
# The translation units' paths name the checkout; the baseline must not depend on it.
string(REPLACE "path='${ROOT}/" "path='" abi "${abi}")
file(WRITE ${OUTPUT} "${abi}")
message(STATUS "wrote ${OUTPUT}")
