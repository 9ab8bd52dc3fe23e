# Compiles one source file and checks the outcome.
#   -DCOMPILER=... -DSOURCE=... -DFLAGS="a;b" -DEXPECT=ok           : must compile
#   -DCOMPILER=... -DSOURCE=... -DFLAGS="a;b" -DEXPECT="<text>"     : must fail, and print <text>
execute_process(COMMAND ${COMPILER} ${FLAGS} -fsyntax-only ${SOURCE}
                RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
set(output "${out}${err}")
if(EXPECT STREQUAL "ok")
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "expected ${SOURCE} to compile, but it failed:\n${output}")
  endif()
  return()
endif()
if(status EQUAL 0)
  message(FATAL_ERROR "expected ${SOURCE} to be rejected, but it compiled")
endif()
string(FIND "${output}" "${EXPECT}" at)
if(at EQUAL -1)
  message(FATAL_ERROR "expected the diagnostic\n  ${EXPECT}\nbut the compiler said:\n${output}")
endif()
message(STATUS "rejected as expected: ${EXPECT}")
