# libmpi must come before libsimgrid in drsim's list of needed libraries: libsimgrid defines MPI's functions too
# (SMPI), and the dynamic linker binds each to the first library of the list that defines it (sim/runs/CMakeLists.txt).
# Run with -DDRSIM=path/to/drsim -DREADELF=path/to/readelf.
cmake_minimum_required(VERSION 3.20)

execute_process(COMMAND ${READELF} -d ${DRSIM} OUTPUT_VARIABLE dynamic RESULT_VARIABLE code)
if(NOT code EQUAL 0)
  message(FATAL_ERROR "readelf -d ${DRSIM}: exit ${code}")
endif()
string(FIND "${dynamic}" "[libmpi.so" mpi_at)
string(FIND "${dynamic}" "[libsimgrid.so" simgrid_at)
if(mpi_at LESS 0 OR simgrid_at LESS 0)
  message(FATAL_ERROR "drsim does not need both libmpi and libsimgrid:\n${dynamic}")
endif()
if(mpi_at GREATER simgrid_at)
  message(FATAL_ERROR "drsim needs libsimgrid before libmpi, so MPI_Init would be SimGrid's:\n${dynamic}")
endif()
