# Installs the build tree into a fresh prefix, then builds and runs three consumers against it:
# a C99 program through pkg-config (shared and static), the same through find_package(cmx), and
# a C++ program through find_package(cmx) with cmx::cmx; then builds the EHR embedding example
# (examples/c/ehr_embed.c) the same way and checks its signals on qicharts2's cdi data.
cmake_policy(VERSION 3.25)
function(run)
  execute_process(COMMAND ${ARGV} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    string(REPLACE ";" " " shown "${ARGV}")
    message(FATAL_ERROR "failed (${rc}): ${shown}\n${out}\n${err}")
  endif()
  message(STATUS "${out}")
  set(run_output "${out}" PARENT_SCOPE)
endfunction()

file(REMOVE_RECURSE ${WORK_DIR})
set(prefix ${WORK_DIR}/prefix)
run(${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${prefix})

separate_arguments(extra UNIX_COMMAND "${EXTRA_FLAGS}")
file(GLOB_RECURSE pc_file ${prefix}/*/cmx.pc)
if(NOT pc_file)
  message(FATAL_ERROR "cmx.pc was not installed under ${prefix}")
endif()
get_filename_component(pc_dir ${pc_file} DIRECTORY)
get_filename_component(lib_dir ${pc_dir} DIRECTORY)
set(ENV{PKG_CONFIG_PATH} ${pc_dir})

# C99 via pkg-config, shared.
run(pkg-config --cflags --libs cmx)
separate_arguments(pc_flags UNIX_COMMAND "${run_output}")
run(${C_COMPILER} -std=c99 -pedantic -Werror -Wall ${extra} ${SOURCE_DIR}/c/main.c ${pc_flags}
    -Wl,-rpath,${lib_dir} -o ${WORK_DIR}/c_pkgconfig_shared)
run(${WORK_DIR}/c_pkgconfig_shared)

# The EHR example, built like a vendor would (pkg-config, shared), on qicharts2's cdi data.
# Without phases the u chart (per 10,000 days) has a longest run of 17 above the centre 10.38
# (points 3-19, 2013-01 to 2014-05; qicharts2's limit round(log2(36) + 3) = 8), 5 crossings
# (limit qbinom(0.05, 35, 0.5) = 13) and point 31 (2015-05, 2.16 per 10,000) below the lower
# limit 2.18; with a new phase after point 24 the drop is explained and no signal is left.
run(${C_COMPILER} -std=c99 -pedantic -Werror -Wall -Wextra ${extra}
    ${EXAMPLES_DIR}/c/ehr_embed.c ${pc_flags} -Wl,-rpath,${lib_dir} -o ${WORK_DIR}/ehr_embed)
set(cdi ${EXAMPLES_DIR}/data/qicharts2_cdi.csv)
run(${WORK_DIR}/ehr_embed ${cdi} month n days)
foreach(expected
        "phase 1: points 1-36, centre 10.38, longest run 17 (max 8), crossings 5 (min 13), runs signal"
        "3 signal(s)"
        "signal beyond_limits: points 31-31 (2015-05-01 to 2015-05-01), down"
        "signal anhoej_longest_run: points 3-19 (2013-01-01 to 2014-05-01), up"
        "signal anhoej_crossings: points 1-36 (2012-11-01 to 2015-10-01)")
  string(FIND "${run_output}" "${expected}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "ehr_embed: expected line '${expected}' missing from:\n${run_output}")
  endif()
endforeach()
run(${WORK_DIR}/ehr_embed ${cdi} month n days 24)
string(FIND "${run_output}" "0 signal(s)" at)
if(at EQUAL -1)
  message(FATAL_ERROR "ehr_embed with a phase after 24: expected no signal:\n${run_output}")
endif()
# Bad data is refused with the context's message naming the point and field, exit status 1.
file(WRITE ${WORK_DIR}/bad_export.csv "month,n,days\n2020-01-01,3,100\n2020-02-01,-2,100\n")
execute_process(COMMAND ${WORK_DIR}/ehr_embed ${WORK_DIR}/bad_export.csv month n days
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 1 OR NOT err MATCHES "bad input data .*at point 2, field 'y'")
  message(FATAL_ERROR "ehr_embed on a negative count: exit ${rc}, stderr:\n${err}")
endif()

# C99 via pkg-config, static: Libs.private brings the C++ runtime.
run(pkg-config --cflags --libs --static cmx)
string(REPLACE "-lcmx_c" "-l:libcmx_c.a" static_flags "${run_output}")
separate_arguments(pc_flags UNIX_COMMAND "${static_flags}")
run(${C_COMPILER} -std=c99 -pedantic -Werror -Wall ${extra} ${SOURCE_DIR}/c/main.c ${pc_flags}
    -o ${WORK_DIR}/c_pkgconfig_static)
run(${WORK_DIR}/c_pkgconfig_static)

# C and C++ via find_package(cmx).
foreach(consumer c cxx)
  set(flags "")
  if(EXTRA_FLAGS)
    set(flags "-DCMAKE_C_FLAGS=${EXTRA_FLAGS}" "-DCMAKE_CXX_FLAGS=${EXTRA_FLAGS}"
              "-DCMAKE_EXE_LINKER_FLAGS=${EXTRA_FLAGS}")
  endif()
  run(${CMAKE_COMMAND} -S ${SOURCE_DIR}/${consumer} -B ${WORK_DIR}/${consumer}
      -DCMAKE_PREFIX_PATH=${prefix} -DCMAKE_C_COMPILER=${C_COMPILER}
      -DCMAKE_CXX_COMPILER=${CXX_COMPILER} ${flags})
  run(${CMAKE_COMMAND} --build ${WORK_DIR}/${consumer})
endforeach()
run(${WORK_DIR}/c/c_shared)
run(${WORK_DIR}/c/c_static)
run(${WORK_DIR}/cxx/cxx_consumer)
