# Runs the CRIU example host and checks what it prints: status 0, nothing on
# stderr, and the same lines as the expected output. Lines are compared as
# sorted lists, because POST_FORKING logs from a worker thread while the host
# prints its own line; the host itself checks the order that matters.
#   cmake -DHOST=<criu_host> -DEXPECTED=<file> -P check_example.cmake
cmake_minimum_required(VERSION 3.25)
execute_process(COMMAND ${HOST} RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "criu_host exited with status ${status}\n--- stdout:\n${out}--- stderr:\n${err}")
endif()
if(NOT err STREQUAL "")
  message(FATAL_ERROR "criu_host wrote to stderr (every line should go to stdout):\n${err}")
endif()
file(READ ${EXPECTED} expected)
foreach(text IN ITEMS out expected)
  string(REPLACE ";" "," ${text} "${${text}}")
  string(REPLACE "\n" ";" ${text}_lines "${${text}}")
  list(SORT ${text}_lines)
endforeach()
if(NOT out_lines STREQUAL expected_lines)
  message(FATAL_ERROR "criu_host printed other lines than ${EXPECTED}\n--- whole output:\n${out}")
endif()
