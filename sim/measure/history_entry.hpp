// One objective judged by one `drsim check`, as the check's history keeps it (sim/history): the figures a team
// watches between drills, with what identifies the check they came from.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "sim/core/scenario.hpp"
#include "sim/measure/report.hpp"

namespace drsim {

struct CheckIdentity {
  std::string recorded_at;     //!< UTC, ISO 8601 to the second
  std::string scenario;        //!< its name
  std::string scenario_sha256; //!< of the scenario file and its topology file: a changed design shows
  std::string drsim_version;
  std::string commit; //!< the commit checked (--commit, or the CI's variable); empty when unknown
  int runs = 0;
  std::uint64_t seed = 0;
};

struct HistoryEntry {
  std::int64_t check = 0; //!< the check's number in the history, in the order checks were appended
  CheckIdentity identity;
  std::string strategy;
  std::size_t objective = 0; //!< its place among the scenario's objectives
  Metric metric = Metric::Invalid;
  Statistic stat = Statistic::P95;
  double target = 0;
  std::optional<double> observed;
  Verdict verdict = Verdict::NotEvaluated;
};

} // namespace drsim
