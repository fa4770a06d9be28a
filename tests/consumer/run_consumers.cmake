# Installs the build tree into a fresh prefix, then builds and runs three consumers against it:
# a C99 program through pkg-config (shared and static), the same through find_package(cmx), and
# a C++ program through find_package(cmx) with cmx::cmx.
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
