# `drsim import terraform` end to end on the shipped Terraform state: the topology it writes validates without a
# warning, every assumption it lists points into that topology, `analyze` finds what the fixture was built to have
# (the recovery region runs no instance, so us-east-1 is a single point of failure; one bucket has no copy),
# `compare` runs the pilot-light preset on it, the same input gives the same bytes, and a file that is not Terraform
# JSON is refused. Run with -DDRSIM=path/to/drsim -DFIXTURE=state.json -DWORK=scratch/dir.
cmake_minimum_required(VERSION 3.20)

include(${CMAKE_CURRENT_LIST_DIR}/../support/drsim_expect.cmake)

function(require text pattern what)
  if(NOT text MATCHES "${pattern}")
    message(FATAL_ERROR "${what}: no match for '${pattern}' in:\n${text}")
  endif()
endfunction()

file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
drsim_expect(0 import terraform ${FIXTURE} --output ${WORK}/topology.json --assumptions ${WORK}/assumptions.json)
require("${err}" "assumed, please check \\([0-9]+\\):" "import's stderr")
if(err MATCHES "warning")
  message(FATAL_ERROR "the fixture's import warns:\n${err}")
endif()
require("${err}" "  /clients/0/rate = \"100/s\": " "import's stderr")
require("${err}" "  aws_iam_role.backup \\(aws_iam_role\\): its type has no counterpart" "import's stderr")
require("${err}" "  module.primary.aws_vpc.main \\(aws_vpc\\): " "import's stderr")
file(READ ${WORK}/topology.json topology)
file(READ ${WORK}/assumptions.json assumptions)

# Every assumption's pointer names a key of the topology, or one left out whose parent is there.
string(JSON count LENGTH "${assumptions}" assumptions)
if(count LESS 10)
  message(FATAL_ERROR "only ${count} assumptions listed:\n${assumptions}")
endif()
math(EXPR last "${count} - 1")
foreach(i RANGE ${last})
  string(JSON pointer GET "${assumptions}" assumptions ${i} pointer)
  string(REGEX REPLACE "^/" "" path "${pointer}")
  string(REPLACE "/" ";" path "${path}")
  string(JSON found ERROR_VARIABLE missing GET "${topology}" ${path})
  if(missing)
    list(POP_BACK path)
    set(missing "")
    if(path)
      string(JSON found ERROR_VARIABLE missing GET "${topology}" ${path})
    endif()
    if(missing)
      message(FATAL_ERROR "assumption ${pointer} points at nothing in the topology: ${missing}")
    endif()
  endif()
endforeach()

drsim_expect(0 validate ${WORK}/topology.json)
if(err MATCHES "warning")
  message(FATAL_ERROR "validate warns about the imported topology:\n${err}")
endif()

drsim_expect(0 analyze ${WORK}/topology.json)
# The invoices bucket is the fixture's planted flaw: not replicated, not backed up, and the fleet needs it.
require("${out}" "shop-invoices-use1/us-east-1 \\(object store copy, us-east-1\\)" "analyze")
require("${out}" "us-east-1 \\(region\\): users-of-shop.example.com has no working path without shop-invoices-use1"
        "analyze")
require("${out}" "Data without a copy elsewhere\n  shop-invoices-use1 \\(object store, us-east-1\\)[^\n]*\n\n" "analyze")
# The replicated and backed-up data is not listed: the read replica, the global table and S3 replication were read.
if(out MATCHES "(orders|sessions|shop-assets-use1) \\((database|object store)")
  message(FATAL_ERROR "analyze lists replicated data as without a copy:\n${out}")
endif()

file(WRITE ${WORK}/scenario.json [=[
{
  "drsim_scenario": 1,
  "name": "imported-region-loss",
  "topology": "topology.json",
  "horizon": "12h",
  "faults": [{"kind": "region-outage", "target": "us-east-1", "onset": "10m", "duration": "6h"}],
  "strategies": [{"name": "pilot-light", "preset": "pilot-light"}]
}
]=])
drsim_expect(0 validate ${WORK}/scenario.json)
drsim_expect("0;1" compare ${WORK}/scenario.json --runs 3)
require("${out}" "pilot-light" "compare's report")

drsim_expect(0 import terraform ${FIXTURE})
if(NOT out STREQUAL topology)
  message(FATAL_ERROR "a second import of the same file wrote other bytes")
endif()

file(WRITE ${WORK}/empty-state.json "{\"format_version\": \"1.0\", \"terraform_version\": \"1.9.8\"}")
drsim_expect(0 import terraform ${WORK}/empty-state.json --output ${WORK}/empty.json)
require("${err}" "warning: the topology does not validate yet; complete it by hand:\n[^\n]*/regions: must not be empty"
        "an empty state's import")

drsim_expect(2 import terraform ${WORK}/topology.json)
require("${err}" "is not Terraform JSON; expected the JSON of `terraform show -json`" "a topology given to import")
drsim_expect(2 import cloudformation ${FIXTURE})
require("${err}" "import needs a source: `drsim import terraform FILE`" "an unknown import source")

# One file named twice, by two spellings: refused before anything is written, so the topology is not lost.
drsim_expect(2 import terraform ${FIXTURE} --output ${WORK}/both.json --assumptions ${WORK}/../import/both.json)
require("${err}" "--output and --assumptions both name [^\n]*both.json: the notes would replace the topology"
        "one file for the topology and the notes")
if(EXISTS ${WORK}/both.json)
  message(FATAL_ERROR "import wrote ${WORK}/both.json though it refused the command")
endif()
