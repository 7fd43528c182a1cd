// What makes a report evidence: which drsim made it, from which input files (by their SHA-256), with which settings,
// and when; enough for `drsim reproduce` to find the inputs again and run the same drills.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace drsim {

// An input file as the command was given it (or, for a topology, as the scenario names it, from where drsim ran).
struct EvidenceInput {
  std::string role; //!< "scenario", "topology" or "bindings"
  std::string path;
  std::string sha256;
};

// The options of the command that decide its figures, beyond the seed and the runs.
struct EvidenceSettings {
  std::optional<std::string> strategy;     //!< run --strategy
  std::optional<double> precision_percent; //!< compare --precision
  std::optional<int> max_runs;             //!< compare --max-runs, with --precision
  std::optional<int> batch_runs;           //!< compare --runs with --precision: the first batch
  bool keep_going = false;                 //!< compare --keep-going
  std::optional<double> drill_timeout_s;
  std::vector<std::string> set; //!< `--set PATH=VALUE`, as given, in order
};

struct Evidence {
  std::string drsim_version;
  std::string build_type; //!< e.g. "Release"
  std::string command;    //!< "run", "compare" or "check"
  std::vector<EvidenceInput> inputs;
  std::string resolved_sha256; //!< of the scenario as drilled: presets and overrides applied, in canonical JSON
  std::uint64_t seed = 0;
  int runs = 0;
  EvidenceSettings settings;
  std::string ran_at; //!< UTC, e.g. "2026-11-30T14:12:04Z"
};

} // namespace drsim
