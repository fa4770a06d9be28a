# Runs `cmx system flow --format json` on tests/fixtures/system/four_units_stays.csv and checks
# the numbers against the hand-worked graph of tests/unit/system/test_flow.cpp: A -> B (2),
# B -> C, A -> C, C -> A, C -> D (1 each). Betweenness with length 1/count, normalised by
# (n-1)(n-2) = 6: A 1/6, C 1/2. Usage: cmake -DCMX=... -DSTAYS=... -P system_flow_check.cmake
cmake_policy(VERSION 3.25)
execute_process(COMMAND ${CMX} system flow --stays ${STAYS} --format json --top 2
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "exit ${rc}: ${err}")
endif()

# The value printed starts with the expected digits (JSON prints doubles in full precision).
function(expect_digits path expected)
  string(JSON got GET "${out}" ${path})
  string(FIND "${got}" "${expected}" at)
  if(NOT at EQUAL 0)
    message(FATAL_ERROR "${path}: got ${got}, expected ${expected}...\n${out}")
  endif()
endfunction()

function(expect_equal path expected)
  string(JSON got GET "${out}" ${path})
  if(NOT "${got}" STREQUAL "${expected}")
    message(FATAL_ERROR "${path}: got ${got}, expected ${expected}\n${out}")
  endif()
endfunction()

expect_equal("units;0;id" "A")
expect_equal("units;0;out_degree" "2")
expect_equal("units;0;in_degree" "1")
expect_equal("units;2;in_degree" "2")
expect_equal("units;3;out_degree" "0")
expect_digits("units;0;out_strength" "3")
expect_digits("units;1;in_strength" "2")
expect_digits("units;0;betweenness" "0.16666666666666")
expect_digits("units;2;betweenness" "0.5")
expect_digits("units;1;betweenness" "0")
expect_equal("edges;0;from" "A")
expect_equal("edges;0;to" "B")
expect_equal("edges;0;count" "2")
expect_equal("edges;0;episodes" "2")
expect_digits("edges;0;median_delay_hours" "3")
string(JSON n_paths LENGTH "${out}" paths)
expect_equal("paths;0;count" "1")
if(NOT n_paths EQUAL 2)
  message(FATAL_ERROR "expected 2 paths, got ${n_paths}")
endif()
message(STATUS "all checks passed")
