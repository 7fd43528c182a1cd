// What a command reports, independent of the output format: per strategy, the statistics of its drills.
// Writers in reports/ turn it into text, JSON and the other formats.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/drill.hpp"

namespace drsim {

struct Summary {
  double mean = 0;
  double p50 = 0;
  double p95 = 0;
  double p99 = 0;
  double max = 0;
  std::size_t count = 0;
};

// Nearest-rank percentiles (a value some run actually produced); an empty sample gives count 0.
Summary summarize(std::vector<double> values);

struct StrategyReport {
  std::string strategy;
  int runs = 0;
  int unrecovered_runs = 0;
  Summary rto_s;          //!< over recovered runs only
  Summary rpo_s;
  Summary lost_writes;
  double availability = 0; //!< mean over runs
  double lost_objects = 0; //!< mean over runs
  std::vector<DrillResult> drills; //!< kept for timelines and per-run output
};

struct Report {
  std::string scenario;
  std::string scenario_file;
  std::uint64_t seed = 0;
  int runs = 0;
  std::vector<StrategyReport> results;
};

StrategyReport summarize_strategy(const std::string& strategy, std::vector<DrillResult> drills);

} // namespace drsim
