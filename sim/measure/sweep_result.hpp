// What a sweep measured (`drsim sweep`): the scenario drilled at every point of a grid or a Latin hypercube of
// varied values, and at each point, per strategy, the headline figures with their 95 % intervals and the
// objectives judged. A point keeps these few figures, never its drills, so a sweep's memory grows with its points
// alone.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/core/settings.hpp"
#include "sim/measure/evidence.hpp"
#include "sim/measure/report.hpp"

namespace drsim {

// One strategy's figures at one point.
struct SweepFigures {
  std::string strategy;
  int runs = 0; //!< drills that finished
  int unrecovered_runs = 0;
  int failed_runs = 0;
  Summary rto_s; //!< over recovered drills
  Summary rpo_s;
  double availability = 0; //!< mean over drills
  std::optional<Interval> availability_ci;
  std::optional<double> monthly_cost_usd;
  std::vector<ObjectiveResult> objectives; //!< judged at this point (a point may vary the objectives too)
};

// The figures a sweep keeps of a strategy's report (its objectives attached).
SweepFigures sweep_figures(const StrategyReport& report);

struct SweepPoint {
  Point point;
  std::vector<SweepFigures> results; //!< in the scenario's order of strategies
};

struct SweepResult {
  std::string scenario;
  std::string scenario_file;
  std::uint64_t seed = 0; //!< the base seed of every point: run i has the same seed at each (common random numbers)
  int runs = 0;           //!< drills per strategy at each point
  std::vector<Dimension> dimensions;
  std::optional<int> samples; //!< the points of a Latin hypercube; absent for a grid
  std::vector<Setting> fixed; //!< `--set`: the same at every point
  std::vector<SweepPoint> points;
  std::optional<Evidence> evidence{};
};

// The names of the strategies the sweep drilled, in order: those of its first point.
std::vector<std::string> sweep_strategies(const SweepResult& sweep);

} // namespace drsim
