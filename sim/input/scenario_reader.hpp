// Reading a scenario file (format in the README, "Scenario file"): its settings, faults, random failures,
// common-cause events and objectives, with its topology (topology_reader.hpp) and its strategies
// (strategy_reader.hpp); and `drsim validate`'s check of any input file. Every problem is reported with its file
// and JSON Pointer.
#pragma once

#include <functional>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/core/errors.hpp"
#include "sim/core/scenario.hpp"
#include "sim/core/settings.hpp"

namespace drsim {

// Reads a scenario document read from `file` (which locates a topology given by path), appending every problem,
// including those of its topology file, to `problems`.
Scenario read_scenario(const nlohmann::json& document, const std::string& file, std::vector<Diagnostic>& problems);

// Reads and checks a scenario file and its topology: the "topology" path is relative to the scenario file, and each
// strategy's topology is the base topology with the strategy's "overrides" merge-patched in (RFC 7386) and read
// again. Throws InputError with all problems.
Scenario load_scenario_file(const std::string& path);
// The same with `settings` (sim/core/settings.hpp) applied to the two documents before they are read, in order (a
// later setting of a path wins). A path that names nothing is an InputError with the candidates; a value the format
// refuses is reported at its JSON Pointer, with the setting that made it.
Scenario load_scenario_file(const std::string& path, std::span<const Setting> settings);

// SHA-256 of the scenario file's bytes followed by those of the topology file it names (if it names one): what a
// check's history compares to tell a changed design from a changed figure.
std::string scenario_sha256(const std::string& path);

// What the target of a fault of this kind names: "region", "AZ", "fleet", "database", "backup", "load balancer",
// "queue" or "runbook step"; and the names in `topology` it may be (none for a runbook step: a strategy's runbook
// holds those).
std::string fault_target_kind(FaultKind kind);
std::vector<std::string> fault_target_candidates(const Topology& topology, FaultKind kind);

// The outcome of checking one input file.
struct Validation {
  std::string summary;              //!< e.g. `topology "web-shop": 2 regions, 9 components`; empty when unknown
  std::vector<Diagnostic> problems; //!< empty when the file is valid
  std::vector<Diagnostic> warnings; //!< valid, but maybe not what was meant
};

// A kind of input file that a layer above reads (the FIS bindings): its marker key, what the file is ("a bindings
// file"), and its check, which appends every problem and returns the file's summary.
struct OtherInput {
  std::string marker;
  std::string what;
  std::function<std::string(const nlohmann::json& document, const std::string& path, std::vector<Diagnostic>& problems)>
      check;
};

// Checks a topology or scenario file, or a file of one of `others`, told apart by its marker key
// ("drsim_topology", "drsim_scenario" or the marker of one of `others`).
Validation validate_input(const std::string& path, std::span<const OtherInput> others = {});
// Every problem of a topology or scenario file; empty when it is valid.
std::vector<Diagnostic> validate_file(const std::string& path);

} // namespace drsim
