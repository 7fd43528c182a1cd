# Golden output, in the manner of SimGrid's tesh files: runs drsim and compares what it prints on stdout, byte for
# byte, with a reference file. Usage:
#   cmake -DDRSIM=<drsim> "-DARGS=<arguments>" -DEXPECTED=<reference> -DACTUAL=<output> -P check_golden.cmake
# run from the source tree (the arguments name scenarios by their relative paths, as the README does). The evidence
# footer of a text report is left out of the comparison.
# With -DREGENERATE=ON it writes the reference instead: `cmake --build --preset release --target regenerate_golden`
# does that for every golden test, after a change meant to change what drsim prints (review the diff it leaves).
foreach(variable DRSIM ARGS EXPECTED)
  if(NOT DEFINED ${variable})
    message(FATAL_ERROR "check_golden: pass -D${variable}=...")
  endif()
endforeach()

if(REGENERATE)
  set(ACTUAL "${EXPECTED}")
elseif(NOT DEFINED ACTUAL)
  message(FATAL_ERROR "check_golden: pass -DACTUAL=...")
endif()

separate_arguments(ARGS UNIX_COMMAND "${ARGS}")
execute_process(COMMAND "${DRSIM}" ${ARGS} OUTPUT_FILE "${ACTUAL}" ERROR_VARIABLE errors RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "drsim ${ARGS} exited with ${status}:\n${errors}")
endif()
# The figures are the reference; the evidence footer names the build type and the input files' hashes, which differ
# between presets and with every edit of a scenario (unit.evidence tests it).
file(READ "${ACTUAL}" printed)
string(FIND "${printed}" "\nEvidence (`drsim reproduce`" footer)
if(footer GREATER -1)
  string(SUBSTRING "${printed}" 0 ${footer} printed)
  file(WRITE "${ACTUAL}" "${printed}")
endif()
if(REGENERATE)
  message(STATUS "wrote ${EXPECTED}")
  return()
endif()

execute_process(COMMAND "${CMAKE_COMMAND}" -E compare_files "${EXPECTED}" "${ACTUAL}" RESULT_VARIABLE different)
if(different)
  find_program(DIFF diff)
  if(DIFF)
    execute_process(COMMAND "${DIFF}" -u "${EXPECTED}" "${ACTUAL}" OUTPUT_VARIABLE changes)
  else()
    file(READ "${ACTUAL}" changes)
  endif()
  message(FATAL_ERROR "drsim ${ARGS} printed other bytes than ${EXPECTED}:\n${changes}")
endif()
