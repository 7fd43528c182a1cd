# `drsim sweep` end to end: the JSON of --jobs 1 and --jobs 2 is the same bytes, its CSV has a row per point and
# strategy, and a mistyped --vary path is refused with exit 2 and a suggestion before any drill. Run with
# -DDRSIM=path/to/drsim -DWORK=scratch/dir from the source tree.
cmake_minimum_required(VERSION 3.20)

include(${CMAKE_CURRENT_LIST_DIR}/../support/drsim_expect.cmake)

file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
set(sweep sweep scenarios/shop-region-loss.json --vary topology.dns.shop.ttl=30s,300s --runs 3
          --strategy pilot-light --strategy warm-standby)
foreach(jobs IN ITEMS 1 2)
  drsim_expect(0 ${sweep} --jobs ${jobs} --format json --output ${WORK}/jobs-${jobs}.json)
endforeach()
file(SHA256 ${WORK}/jobs-1.json one)
file(SHA256 ${WORK}/jobs-2.json two)
if(NOT one STREQUAL two)
  message(FATAL_ERROR "the sweep's JSON differs between --jobs 1 and --jobs 2: ${WORK}/jobs-1.json, jobs-2.json")
endif()
file(READ ${WORK}/jobs-1.json json)
string(JSON points LENGTH "${json}" points)
string(JSON strategies LENGTH "${json}" points 0 results)
if(NOT points EQUAL 2 OR NOT strategies EQUAL 2)
  message(FATAL_ERROR "expected 2 points of 2 strategies, got ${points} points of ${strategies}:\n${json}")
endif()

drsim_expect(0 ${sweep} --jobs 2 --format csv)
string(REGEX MATCHALL "\n" lines "${out}")
list(LENGTH lines rows)
if(NOT rows EQUAL 5)
  message(FATAL_ERROR "expected a header and 4 rows of CSV, got ${rows} lines:\n${out}")
endif()

drsim_expect(2 sweep scenarios/shop-region-loss.json --vary topology.dns.shop.tll=30s,300s --runs 3)
if(NOT err MATCHES "did you mean")
  message(FATAL_ERROR "a mistyped --vary path gets no suggestion:\n${err}")
endif()
drsim_expect(2 sweep scenarios/shop-region-loss.json --runs 3)
if(NOT err MATCHES "--vary")
  message(FATAL_ERROR "a sweep without --vary does not say what it needs:\n${err}")
endif()
# An --output that cannot be written is refused before the first drill: with 100,000 drills a point, a refusal after
# them would take hours; TIMEOUT makes that a failure.
execute_process(COMMAND ${DRSIM} sweep scenarios/shop-region-loss.json --vary topology.dns.shop.ttl=30s,300s
                        --runs 100000 --format json --output ${WORK}/missing/sweep.json
                RESULT_VARIABLE code ERROR_VARIABLE err TIMEOUT 30)
if(NOT code EQUAL 2 OR NOT err MATCHES "--output")
  message(FATAL_ERROR "an --output in a missing directory: exit ${code}, expected 2 at once:\n${err}")
endif()
