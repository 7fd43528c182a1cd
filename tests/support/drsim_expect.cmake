# What the CTest scripts share: drsim_expect(CODES ARGS...) runs ${DRSIM} ARGS, fails the test unless its exit code is
# one of CODES (a list, e.g. "0;1"), and leaves its stdout in `out` and its stderr in `err`.
function(drsim_expect expected_codes)
  execute_process(COMMAND ${DRSIM} ${ARGN} RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT code IN_LIST expected_codes)
    message(FATAL_ERROR "drsim ${ARGN}: exit ${code}, expected one of ${expected_codes}\n${out}\n${err}")
  endif()
  set(out "${out}" PARENT_SCOPE)
  set(err "${err}" PARENT_SCOPE)
endfunction()
