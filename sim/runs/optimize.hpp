// `drsim optimize`: the cheapest configuration whose objectives hold, found by measured drills. The search knows
// nothing of SimGrid: it asks an evaluator for a strategy's report at a point of the varied values after a number of
// drills, so tests drive it with a synthetic evaluator and the command with drills in worker processes.
//
// The search, chosen to spend drills where the decision is close:
// - Grid: every combination of the varied values (grid_points) for every strategy, `initial_runs` drills each.
// - Halving: a candidate with an objective not met is dropped (the drills show it fails); one whose objectives are
//   all met is decided. A candidate that cannot tell yet, and could still be recommended (it ranks before the best
//   met one: monthly cost to the cent, then RTO p95, then point order, the recommendation's own order), is drilled
//   again with twice the drills, round after round, until it is decided or the budget cannot pay for its next round;
//   each round takes the cheaper half of these contenders, cheapest first, so the dearer ones wait for the cheaper to
//   be decided, which often puts them out of the running. Run i has the same seed at every point (common random
//   numbers), so a re-drill from run 0 repeats the drills it had and adds new ones; every drill is counted, repeats
//   included.
// - Refinement: along a range (`lo..hi/steps`), between two neighbouring points of a strategy where the verdict
//   flips from met to not met, the midpoint (Dimension::setting_at) is drilled, and then halved like the grid; up to
//   `refine_rounds` rounds close in on the boundary, while the budget lasts and the midpoint is a new value.
// - Verdicts are the reports' (sim/measure/objectives.hpp): met only when the whole 95 % interval is on the target's
//   side, so the recommendation is one `drsim check` passes with as many drills.
// The same inputs, seed and evaluator give the same search, whatever the worker processes.
#pragma once

#include <cstddef>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "sim/core/settings.hpp"
#include "sim/measure/optimization.hpp"
#include "sim/measure/report.hpp"

namespace drsim {

// The report of `strategy` at `point` after `runs` drills (runs 0 .. runs - 1), its objectives judged.
using CandidateEvaluator = std::function<StrategyReport(const Point& point, const std::string& strategy, int runs)>;

struct OptimizeOptions {
  int initial_runs = 20;
  long long budget = 0;  //!< drills in all; must cover the grid
  int refine_rounds = 3; //!< rounds of midpoints per flip between neighbours
  int max_runs = 10'000; //!< a candidate is drilled at most this many times in one evaluation
  // Called after each evaluation: (drills spent so far, budget).
  std::function<void(long long, long long)> progress;
};

// The drills the grid takes: candidates x initial runs.
long long grid_drills(std::size_t points, std::size_t strategies, int initial_runs);

// Searches the grid of `dimensions` for each of `strategies`. Throws UsageError when the budget does not cover the
// grid (naming the drills it needs) or the grid has more than `most_points` points.
OptimizeResult optimize(std::span<const Dimension> dimensions, const std::vector<std::string>& strategies,
                        const CandidateEvaluator& evaluate, const OptimizeOptions& options,
                        std::size_t most_points = 10'000);

} // namespace drsim
