// What the tests of the input readers share: the reference documents of tests/data/reader, and each problem of a
// mutated copy as `drsim validate` prints it.
#pragma once

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/core/errors.hpp"
#include "sim/input/scenario_reader.hpp"
#include "sim/input/topology_reader.hpp"

namespace reader_test {

using nlohmann::json;
using Lines = std::vector<std::string>;

inline const std::string data_dir = DRSIM_SOURCE_DIR "/tests/data/reader/";
inline const std::string scenario_file = data_dir + "scenario.json";
// Where the scenario reader says the scenario's topology file is: next to the scenario.
inline const std::string topology_file =
    (std::filesystem::path(scenario_file).parent_path() / "topology.json").lexically_normal().string();
inline const std::string S = scenario_file + ": ";
inline const std::string T = topology_file + ": ";

inline Lines printed(const std::vector<drsim::Diagnostic>& problems) {
  Lines lines;
  for (const auto& problem : problems)
    lines.push_back(problem.str());
  return lines;
}

inline json read_document(const std::string& path) {
  std::ifstream in(path);
  return json::parse(in);
}

inline const json& valid_scenario() {
  static const json document = read_document(scenario_file);
  return document;
}

inline const json& valid_topology() {
  static const json document = read_document(data_dir + "topology.json");
  return document;
}

// The reference scenario as a long run: random failures and common-cause events instead of written faults, and a
// downtime objective.
inline json long_run_scenario() {
  json document = valid_scenario();
  document.erase("faults");
  document["random_failures"] = json::parse(R"([
    {"kind": "instance", "component": "web", "mtbf": "2000h",
     "repair": {"lognormal": {"median": "20m", "p95": "2h"}}},
    {"kind": "database-node", "time_to_failure": {"weibull": {"shape": 1.5, "scale": "8000h"}}, "repair": "30m"}
  ])");
  document["common_cause"] = json::parse(R"([
    {"kind": "az-outage", "rate_per_year": 0.5, "duration": {"lognormal": {"median": "1h", "p95": "6h"}},
     "blip": "20s"},
    {"kind": "region-outage", "rate_per_year": 0.02, "targets": ["us-east-1"],
     "duration": {"uniform": ["2h", "12h"]}}
  ])");
  document["objectives"].push_back({{"metric", "downtime_min_per_month"}, {"stat", "mean"}, {"target", 5}});
  return document;
}

// The problems of a scenario document read as the reference scenario's file.
inline Lines problems_of(const json& document) {
  std::vector<drsim::Diagnostic> problems;
  drsim::read_scenario(document, scenario_file, problems);
  return printed(problems);
}

// The problems of a topology document read as "t.json".
inline Lines topology_problems_of(const json& document) {
  std::vector<drsim::Diagnostic> problems;
  drsim::read_topology(document, "t.json", "", problems);
  return printed(problems);
}

// `document` with the value at `pointer` replaced, or removed.
inline json changed(json document, const std::string& pointer, const json& value) {
  document[json::json_pointer(pointer)] = value;
  return document;
}
inline json removed(json document, const std::string& pointer) {
  const json::json_pointer where(pointer);
  document.at(where.parent_pointer()).erase(where.back());
  return document;
}

// The reference scenario with one change.
inline Lines with(const std::string& pointer, const json& value) {
  return problems_of(changed(valid_scenario(), pointer, value));
}
inline Lines without(const std::string& pointer) { return problems_of(removed(valid_scenario(), pointer)); }

} // namespace reader_test
