# Fails when a C++ file of the project is not laid out as .clang-format says, naming the files and the command that
# fixes them. Usage: cmake -DCLANG_FORMAT=clang-format -DSOURCE_DIR=<the project> -P check_format.cmake
file(GLOB_RECURSE sources LIST_DIRECTORIES false RELATIVE ${SOURCE_DIR}
     ${SOURCE_DIR}/sim/*.cpp ${SOURCE_DIR}/sim/*.hpp ${SOURCE_DIR}/models/*.cpp
     ${SOURCE_DIR}/models/*.hpp ${SOURCE_DIR}/reports/*.cpp ${SOURCE_DIR}/reports/*.hpp ${SOURCE_DIR}/tests/*.cpp
     ${SOURCE_DIR}/tests/*.hpp)
list(SORT sources)
set(unformatted "")
foreach(source IN LISTS sources)
  execute_process(COMMAND ${CLANG_FORMAT} --dry-run -Werror ${source} WORKING_DIRECTORY ${SOURCE_DIR}
                  RESULT_VARIABLE status OUTPUT_QUIET ERROR_QUIET)
  if(NOT status EQUAL 0)
    list(APPEND unformatted ${source})
  endif()
endforeach()
list(LENGTH sources checked)
if(unformatted)
  list(JOIN unformatted " " files)
  message(FATAL_ERROR "not laid out as .clang-format says: ${files}\nfix: clang-format -i ${files}")
endif()
message(STATUS "${checked} files laid out as .clang-format says")
