# Fails when a source file includes what its folder's layer may not use (ARCHITECTURE.md, "Layers").
# Usage: cmake -DROOT=<tree> -P check_layers.cmake
#
# Each rule: a folder, the project folders its files may include, and whether they may include SimGrid.
# A folder's allowed set contains every folder its allowed folders may use, so checking direct includes
# checks the whole closure.
if(NOT ROOT)
  message(FATAL_ERROR "check_layers: pass -DROOT=<source tree>")
endif()

set(core_uses      "sim/core")
set(input_uses     "sim/core;sim/input")
set(analysis_uses  "sim/core;sim/analysis")
set(measure_uses   "sim/core;sim/measure")
set(models_uses    "sim/core;sim/measure;models")
set(engine_uses    "sim/core;sim/measure;models;sim/engine")
set(runs_uses      "sim/core;sim/measure;models;sim/engine;sim/runs")
set(training_uses  "sim/core;sim/input;sim/measure;models;sim/engine;reports;sim/training")
set(svg_uses       "sim/core;reports/svg")
set(reports_uses   "sim/core;sim/measure;reports")
set(history_uses   "sim/core;sim/measure;sim/history")
set(import_uses    "sim/core;sim/input;sim/import")
set(fis_uses       "sim/core;sim/input;sim/measure;reports;sim/fis")
set(cli_uses       "sim/core;sim/input;sim/analysis;sim/measure;models;sim/engine;sim/runs;sim/training;sim/history;sim/import;reports;sim/fis;sim/cli")
set(main_uses      "sim/cli")

# folder -> rule name and whether SimGrid may be included
set(layers
  "sim/core=core=no" "sim/input=input=no" "sim/analysis=analysis=no" "sim/measure=measure=no"
  "models=models=yes" "sim/engine=engine=yes" "sim/runs=runs=no" "sim/training=training=yes" "sim/history=history=no" "sim/import=import=no" "reports/svg=svg=no"
  "reports=reports=no" "sim/fis=fis=no"
  "sim/cli=cli=no")

set(violations "")
foreach(layer IN LISTS layers)
  string(REPLACE "=" ";" parts "${layer}")
  list(GET parts 0 folder)
  list(GET parts 1 rule)
  list(GET parts 2 simgrid_allowed)
  file(GLOB_RECURSE sources "${ROOT}/${folder}/*.hpp" "${ROOT}/${folder}/*.cpp" "${ROOT}/${folder}/*.hpp.in")
  foreach(source IN LISTS sources)
    file(RELATIVE_PATH relative "${ROOT}" "${source}")
    file(STRINGS "${source}" includes REGEX "^[ \t]*#[ \t]*include[ \t]*[\"<]")
    foreach(line IN LISTS includes)
      string(REGEX REPLACE "^[ \t]*#[ \t]*include[ \t]*[\"<]([^\">]+)[\">].*" "\\1" header "${line}")
      if(header MATCHES "^simgrid/")
        if(NOT simgrid_allowed)
          list(APPEND violations "${relative}: includes <${header}>, but ${folder} never reaches SimGrid")
        endif()
        continue()
      endif()
      if(NOT header MATCHES "^(sim|models|reports)/")
        continue()
      endif()
      set(allowed FALSE)
      foreach(permitted IN LISTS ${rule}_uses)
        string(LENGTH "${permitted}/" length)
        string(SUBSTRING "${header}" 0 ${length} prefix)
        if(prefix STREQUAL "${permitted}/")
          set(allowed TRUE)
        endif()
      endforeach()
      if(NOT allowed)
        list(APPEND violations "${relative}: includes \"${header}\", which ${folder} may not use")
      endif()
    endforeach()
  endforeach()
endforeach()

if(EXISTS "${ROOT}/sim/main.cpp")
  file(STRINGS "${ROOT}/sim/main.cpp" includes REGEX "^#include \"")
  foreach(line IN LISTS includes)
    if(NOT line MATCHES "^#include \"sim/cli/")
      list(APPEND violations "sim/main.cpp: ${line}: main only calls the command line")
    endif()
  endforeach()
endif()

if(violations)
  list(JOIN violations "\n  " text)
  message(FATAL_ERROR "layer violations:\n  ${text}")
endif()
message(STATUS "layers hold")
