# `drsim optimize` on the shop region-loss drill, varying the warm standby's TTL, health-check interval, warm capacity
# and log-shipping interval: it recommends a configuration, `drsim check` with its patch confirms it for that
# strategy, the HTML report draws the Pareto chart, the same search with another --jobs writes the same JSON, and bad
# values and an --output that cannot be written fail with exit code 2 before any drill.
#
# -DDRSIM=path/to/drsim -DWORK=scratch directory; run from the source tree.

set(scenario scenarios/shop-region-loss.json)
set(vary
    --vary topology.dns.shop.ttl=30s,300s
    --vary topology.dns.shop.endpoints.alb-east.health_check.interval=10s,30s
    --vary strategies.warm-standby.preset_parameters.standby_share=0.1..0.5/3
    --vary topology.backups.orders-backups.log_interval=1m,15m)
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})

execute_process(COMMAND ${DRSIM} optimize ${scenario} --strategy warm-standby ${vary} --jobs 2 --format json
                        --output ${WORK}/optimize.json
                RESULT_VARIABLE code ERROR_VARIABLE errors)
if(NOT code EQUAL 0)
  message(FATAL_ERROR "drsim optimize exited with ${code}, expected 0 (a configuration found):\n${errors}")
endif()
file(READ ${WORK}/optimize.json json)
string(JSON strategy GET "${json}" recommended strategy)
string(JSON command GET "${json}" recommended check_command)
string(JSON spent GET "${json}" drills spent)
string(JSON budget GET "${json}" drills budget)
string(JSON grid GET "${json}" drills grid)
if(NOT strategy STREQUAL "warm-standby")
  message(FATAL_ERROR "the recommendation is for '${strategy}', not the one strategy searched")
endif()
if(spent GREATER budget OR NOT grid EQUAL 480)
  message(FATAL_ERROR "drills: ${spent} spent of a budget of ${budget}, ${grid} on the grid (expected 24 x 20)")
endif()
foreach(path topology.dns.shop.ttl topology.dns.shop.endpoints.alb-east.health_check.interval
             strategies.warm-standby.preset_parameters.standby_share topology.backups.orders-backups.log_interval)
  string(FIND "${command}" "--set ${path}=" at)
  if(at LESS 0)
    message(FATAL_ERROR "the check command sets no value of ${path}: ${command}")
  endif()
endforeach()

# The patch, pasted into `drsim check`, passes every objective of the warm standby (the other strategies are drilled
# with their default values, and their verdicts are no part of the recommendation).
separate_arguments(check_arguments UNIX_COMMAND "${command}")
list(POP_FRONT check_arguments program)
if(NOT program STREQUAL "drsim")
  message(FATAL_ERROR "the check command does not start with drsim: ${command}")
endif()
execute_process(COMMAND ${DRSIM} ${check_arguments} --jobs 2 --junit ${WORK}/check.xml
                RESULT_VARIABLE check_code OUTPUT_VARIABLE check_output ERROR_VARIABLE check_errors)
if(NOT check_code EQUAL 0 AND NOT check_code EQUAL 1)
  message(FATAL_ERROR "${command} exited with ${check_code}:\n${check_errors}")
endif()
file(READ ${WORK}/check.xml junit)
string(REGEX MATCHALL "classname=\"shop-region-loss\\.warm-standby\" name=\"[^\"]*\"/?>" cases "${junit}")
string(REGEX MATCHALL "classname=\"shop-region-loss\\.warm-standby\" name=\"[^\"]*\"/>" passed "${junit}")
list(LENGTH cases case_count)
list(LENGTH passed passed_count)
if(case_count EQUAL 0 OR NOT passed_count EQUAL case_count)
  message(FATAL_ERROR "${command} passed ${passed_count} of the warm standby's ${case_count} objectives:\n"
                      "${check_output}")
endif()

# The HTML report, from a search with one job: the same recommendation, and the Pareto chart.
execute_process(COMMAND ${DRSIM} optimize ${scenario} --strategy warm-standby ${vary} --jobs 1 --format html
                        --output ${WORK}/optimize.html
                RESULT_VARIABLE code ERROR_VARIABLE errors)
if(NOT code EQUAL 0)
  message(FATAL_ERROR "drsim optimize --format html exited with ${code}:\n${errors}")
endif()
file(READ ${WORK}/optimize.html html)
string(REGEX MATCHALL "--set [^ ]+" patch "${command}")
foreach(expected "<h2>Recommended: " "<h2>Pareto front</h2>" "<svg" "<polyline" ${patch})
  string(FIND "${html}" "${expected}" at)
  if(at LESS 0)
    message(FATAL_ERROR "the HTML report lacks ${expected}")
  endif()
endforeach()

# The same search with one job writes the same bytes.
execute_process(COMMAND ${DRSIM} optimize ${scenario} --strategy warm-standby ${vary} --jobs 1 --format json
                        --output ${WORK}/optimize-one-job.json
                RESULT_VARIABLE code ERROR_VARIABLE errors)
file(READ ${WORK}/optimize-one-job.json one_job)
if(NOT code EQUAL 0 OR NOT one_job STREQUAL json)
  message(FATAL_ERROR "drsim optimize --jobs 1 (exit ${code}) wrote other bytes than --jobs 2:\n${errors}")
endif()

# Bad input: a value Route 53 does not offer, and a path that names nothing, fail at once with exit code 2.
foreach(bad "topology.dns.shop.endpoints.alb-east.health_check.interval=10s,20s" "topology.dns.shop.tll=30s,60s")
  execute_process(COMMAND ${DRSIM} optimize ${scenario} --strategy warm-standby --vary ${bad}
                  RESULT_VARIABLE code OUTPUT_VARIABLE output ERROR_VARIABLE errors)
  if(NOT code EQUAL 2 OR NOT output STREQUAL "")
    message(FATAL_ERROR "--vary ${bad}: exit ${code}, expected 2 before any drill:\n${output}${errors}")
  endif()
endforeach()
execute_process(COMMAND ${DRSIM} optimize ${scenario} --vary topology.dns.shop.ttl=30s,60s
                        --set topology.dns.shop.ttl=300s
                RESULT_VARIABLE code OUTPUT_VARIABLE output ERROR_VARIABLE errors)
if(NOT code EQUAL 2 OR NOT errors MATCHES "is varied too")
  message(FATAL_ERROR "--set of a varied path: exit ${code}, expected 2 naming it:\n${output}${errors}")
endif()

execute_process(COMMAND ${DRSIM} optimize ${scenario} --vary topology.dns.shop.ttl=30s,60s --strategy warm-standbi
                RESULT_VARIABLE code OUTPUT_VARIABLE output ERROR_VARIABLE errors)
if(NOT code EQUAL 2 OR NOT errors MATCHES "did you mean \"warm-standby\"")
  message(FATAL_ERROR "--strategy with a typo: exit ${code}, expected 2 with a suggestion:\n${output}${errors}")
endif()

# An --output that cannot be written fails with exit code 2 before any drill: with 100000 drills a candidate the
# search would not end within the timeout if it drilled first.
execute_process(COMMAND ${DRSIM} optimize ${scenario} --strategy warm-standby --vary topology.dns.shop.ttl=30s,60s
                        --runs 100000 --output ${WORK}/no-such-directory/optimize.json
                TIMEOUT 30
                RESULT_VARIABLE code OUTPUT_VARIABLE output ERROR_VARIABLE errors)
if(NOT code EQUAL 2 OR NOT errors MATCHES "--output")
  message(FATAL_ERROR "--output in a missing directory: exit ${code}, expected 2 at once naming --output:\n${output}${errors}")
endif()
