# Writes an evidence pack with `drsim check --evidence`, verifies its manifest with `sha256sum -c` and reproduces
# its report from the pack's copies of the inputs. Usage, from the source tree:
#   cmake -DDRSIM=<drsim> -DPACK=<new directory> -P check_pack.cmake
foreach(variable DRSIM PACK)
  if(NOT DEFINED ${variable})
    message(FATAL_ERROR "check_pack: pass -D${variable}=...")
  endif()
endforeach()
find_program(SHA256SUM sha256sum REQUIRED)

file(REMOVE_RECURSE "${PACK}")
execute_process(COMMAND "${DRSIM}" check scenarios/dc-pair-site-loss.json --runs 5 --jobs 2 --evidence "${PACK}"
                OUTPUT_QUIET ERROR_VARIABLE errors RESULT_VARIABLE status)
# 1: an objective not met on five drills is still a pack.
if(NOT (status EQUAL 0 OR status EQUAL 1))
  message(FATAL_ERROR "drsim check --evidence exited with ${status}:\n${errors}")
endif()

execute_process(COMMAND "${SHA256SUM}" -c MANIFEST.sha256 WORKING_DIRECTORY "${PACK}" OUTPUT_VARIABLE verified
                ERROR_VARIABLE errors RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "sha256sum -c MANIFEST.sha256 failed:\n${verified}${errors}")
endif()
message(STATUS "${verified}")

execute_process(COMMAND "${DRSIM}" reproduce dc-pair-site-loss/report.json --jobs 2 --inputs dc-pair-site-loss/inputs
                WORKING_DIRECTORY "${PACK}" OUTPUT_VARIABLE reproduced ERROR_VARIABLE errors RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "drsim reproduce of the pack exited with ${status}:\n${reproduced}${errors}")
endif()
message(STATUS "${reproduced}")
