# Runs examples/data/system/generate_episodes.py into a scratch folder and checks it writes
# exactly the committed stays.csv, handoffs.csv and observations.csv.
# Usage: cmake -DPYTHON=... -DSOURCE=<repo> -DWORK=<scratch> -P example_reproducible.cmake
cmake_policy(VERSION 3.25)
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
set(data ${SOURCE}/examples/data/system)
execute_process(COMMAND ${PYTHON} ${data}/generate_episodes.py --out ${WORK} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "generate_episodes.py failed: ${rc}")
endif()
foreach(name stays.csv handoffs.csv observations.csv)
  execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${WORK}/${name} ${data}/${name}
                  RESULT_VARIABLE differ)
  if(NOT differ EQUAL 0)
    message(FATAL_ERROR "${name} differs from the committed file")
  endif()
endforeach()
message(STATUS "the generator reproduces the committed example data")
