# clang_tidy.all passes when it checks nothing: this fails when its file pattern (PATTERN) matches no compile command
# under one of drsim's library folders (sim, models, reports) of the source or build tree (ROOTS, alternatives of a
# regex), as a renamed build tree or a changed unity layout would make it.
#   cmake -DCOMPILE_COMMANDS=<build>/compile_commands.json -DPATTERN=<regex> -DROOTS=<source>|<build>
#         -P check_tidy_coverage.cmake
file(READ "${COMPILE_COMMANDS}" commands)
string(REGEX MATCHALL "\"file\": \"[^\"]*\"" files "${commands}")
foreach(folder sim models reports)
  set(covered 0)
  foreach(entry IN LISTS files)
    string(REGEX REPLACE "^\"file\": \"(.*)\"$" "\\1" path "${entry}")
    if(path MATCHES "${PATTERN}" AND path MATCHES "^(${ROOTS})/${folder}/")
      math(EXPR covered "${covered} + 1")
    endif()
  endforeach()
  if(covered EQUAL 0)
    message(FATAL_ERROR "clang_tidy.all would check no file of ${folder}/: its pattern ${PATTERN} matches none of "
                        "the ${COMPILE_COMMANDS} entries; fix the pattern in tests/CMakeLists.txt")
  endif()
  message(STATUS "${folder}/: clang-tidy checks ${covered} compile commands")
endforeach()
