# Runs clang-format --dry-run -Werror over every C and C++ source of the repository.
#   cmake -DCLANG_FORMAT=clang-format -DROOT=<repo> -P check_format.cmake
cmake_policy(VERSION 3.25)
set(sources "")
foreach(dir include src capi tests benchmarks examples bindings)
  file(GLOB_RECURSE found ${ROOT}/${dir}/*.c ${ROOT}/${dir}/*.h ${ROOT}/${dir}/*.cpp ${ROOT}/${dir}/*.hpp)
  list(APPEND sources ${found})
endforeach()
list(LENGTH sources count)
if(count EQUAL 0)
  message(FATAL_ERROR "no sources found under ${ROOT}")
endif()
execute_process(COMMAND ${CLANG_FORMAT} --dry-run -Werror --style=file ${sources}
                WORKING_DIRECTORY ${ROOT} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "clang-format disagrees with the files above (run clang-format -i on them)")
endif()
message(STATUS "${count} sources follow .clang-format")
