# `mpirun -np N drsim compare|sweep ...` writes the bytes one process writes with --jobs, whatever the ranks and the jobs
# per rank, with a fixed number of drills and with a precision target (drills in batches). Run with
# -DDRSIM=path/to/drsim -DMPIEXEC=path/to/mpirun -DSCENARIO=scenario.json -DWORK=scratch/dir. A drsim that did not
# join the ranks would print its whole report once per rank; one that merged the ranks' drills out of order would
# write the CSV's rows, one per drill, in another order.
cmake_minimum_required(VERSION 3.20)

function(drsim_to file)
  execute_process(COMMAND ${ARGN} OUTPUT_FILE ${WORK}/${file} ERROR_VARIABLE err RESULT_VARIABLE code)
  if(NOT code EQUAL 0)
    message(FATAL_ERROR "${ARGN}: exit ${code}\n${err}")
  endif()
endfunction()

function(expect_same single ranked what)
  execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${WORK}/${single} ${WORK}/${ranked} RESULT_VARIABLE differ)
  if(differ)
    file(SIZE ${WORK}/${single} single_size)
    file(SIZE ${WORK}/${ranked} ranked_size)
    message(FATAL_ERROR "${what}: ${ranked} (${ranked_size} bytes) differs from ${single} (${single_size} bytes)")
  endif()
endfunction()

file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
# 200 drills of each of the scenario's strategies: more than one block of drills gathered from the ranks.
set(compare compare ${SCENARIO} --runs 200 --format json)
drsim_to(jobs-2.json ${DRSIM} ${compare} --jobs 2)
drsim_to(ranks-2.json ${MPIEXEC} -np 2 --oversubscribe ${DRSIM} ${compare} --jobs 1)
expect_same(jobs-2.json ranks-2.json "2 ranks of 1 job")
set(rows compare ${SCENARIO} --runs 200 --format csv)
drsim_to(jobs-2.csv ${DRSIM} ${rows} --jobs 2)
drsim_to(ranks-2.csv ${MPIEXEC} -np 2 --oversubscribe ${DRSIM} ${rows} --jobs 1)
expect_same(jobs-2.csv ranks-2.csv "CSV rows, 2 ranks of 1 job")
drsim_to(ranks-3.json ${MPIEXEC} -np 3 --oversubscribe ${DRSIM} ${compare} --jobs 2)
expect_same(jobs-2.json ranks-3.json "3 ranks of 2 jobs")

set(precise compare ${SCENARIO} --precision 20 --format json)
drsim_to(precise-jobs-2.json ${DRSIM} ${precise} --jobs 2)
drsim_to(precise-ranks-3.json ${MPIEXEC} -np 3 --oversubscribe ${DRSIM} ${precise} --jobs 1)
expect_same(precise-jobs-2.json precise-ranks-3.json "--precision, 3 ranks of 1 job")
file(READ ${WORK}/precise-jobs-2.json report)
string(JSON batches LENGTH "${report}" precision batches)
if(batches LESS 2)
  message(FATAL_ERROR "--precision ran ${batches} batch: the test needs a target that takes several")
endif()

# A sweep drills one scenario per point, each in the ranks' workers; the acceptance of the sweeps asks for its bytes.
set(sweep sweep ${SCENARIO} --vary topology.dns.shop.ttl=30s,300s --runs 20 --format json)
drsim_to(sweep-jobs-2.json ${DRSIM} ${sweep} --jobs 2)
drsim_to(sweep-ranks-2.json ${MPIEXEC} -np 2 --oversubscribe ${DRSIM} ${sweep} --jobs 1)
expect_same(sweep-jobs-2.json sweep-ranks-2.json "sweep, 2 ranks of 1 job")
