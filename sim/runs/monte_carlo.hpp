// Many drills per strategy: run `runs` seeded drills of every strategy and summarise them. Run i of a strategy
// has its own seed, derived from the scenario seed and the strategy's name, so `drsim run --seed` replays it
// alone. With jobs > 1 (or a time limit, or keep_going) the drills spread over forked worker processes, each with
// its own Engine; results come back in a fixed order, so the report's bytes never depend on the number of jobs.
// Under an MPI launcher (sim/runs/ranks.hpp) the ranks share the drills, each drilling its share in its own workers,
// and every rank receives every drill in that order: every rank returns the report one process would.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>

#include "sim/core/scenario.hpp"
#include "sim/measure/report.hpp"

namespace drsim {

// Drills per strategy at most. Memory does not set it: no drill is kept, and every figure is summarised in a bounded
// store (sim/measure/figure_stream.hpp), so memory stays flat in the runs. The counts are: reports and baselines
// count drills up to this, and at about a millisecond a drill it is hours of CPU per strategy.
inline constexpr int max_runs = 10'000'000;
inline constexpr const char* max_runs_reason =
    "memory stays flat in the runs, but reports and baselines count drills up to that, and at about a millisecond "
    "a drill it is already hours of CPU per strategy";

struct MonteCarloOptions {
  int runs = 100;
  int first_run = 0; //!< the drills are runs first_run .. first_run + runs - 1 of each strategy
  int jobs = 1;
  // Drill in worker processes even with one job: a process that drills many scenarios (a sweep, a search) must
  // create no Engine of its own, since SimGrid allows one per process.
  bool in_workers = false;
  std::uint64_t seed = 1;
  // Called in the parent process as drills complete or fail: (done, total).
  std::function<void(int, int)> progress;
  // Called as a drill's simulated clock advances (DrillClock), when the drills run in this process: (strategy, now,
  // horizon). Workers report only between drills.
  std::function<void(const std::string&, double, double)> drill_clock;
  // Wall-clock seconds a drill may take before its worker is killed and the drill counted as failed.
  std::optional<double> drill_time_limit_s;
  // A drill that crashes or exceeds the time limit is counted apart and the others go on; otherwise the whole
  // command stops at once with DrillFailed.
  bool keep_going = false;
  // Called in the parent process with every finished drill (its timeline dropped), strategy by strategy and run by
  // run whatever the jobs, as it arrives: `compare --format csv` writes its rows from it. Nothing else keeps a drill.
  std::function<void(const DrillResult&)> on_drill;
  // Called in the process that runs the drill, before it: tests use it to make a drill crash or hang.
  std::function<void(int strategy, int run)> before_drill;
};

// A drill that crashed or ran out of time, when the comparison was not told to keep going.
class DrillFailed : public std::runtime_error {
public:
  DrillFailed(const std::string& strategy, int run, std::uint64_t seed, const std::string& reason);
  const std::string& strategy() const { return strategy_; }
  std::uint64_t seed() const { return seed_; }

private:
  std::string strategy_;
  std::uint64_t seed_;
};

// The seed of run `run` of strategy `strategy`.
std::uint64_t run_seed(std::uint64_t scenario_seed, const std::string& strategy, int run);

// Every strategy of the scenario, `options.runs` drills each (from run `options.first_run` on), streamed into each
// strategy's StrategyFigures in run order: the report keeps no drill (StrategyReport::drills is empty). Throws
// UsageError beyond max_runs, Interrupted on SIGINT/SIGTERM (workers killed first), DrillFailed when a drill fails
// and `keep_going` is off.
Report run_monte_carlo(const Scenario& scenario, const MonteCarloOptions& options);

// What `compare --precision` asks for.
struct PrecisionTarget {
  double relative = 0.05; //!< the largest half-width of a headline figure's 95 % interval, relative to the figure
  int max_runs = 10'000;  //!< drills per strategy at most
};

// Drills every strategy in batches, the first of `options.runs` drills each, until every headline figure
// (headline_figures()) has an interval within `target.relative` of it, or `target.max_runs` drills were run; the
// report says which (Report::precision). Each batch is sized from the widest interval so far (a half-width shrinks
// with the square root of the drills), at least half again and at most four times the drills before it. Run i of
// a strategy has the same seed whatever the batches, so the report is the one `options.runs` equal to its final
// number of drills gives, but for `precision`; `options.on_drill` sees the drills batch by batch. `options.progress`
// counts the drills of every batch against the total planned so far.
Report run_until_precise(const Scenario& scenario, const MonteCarloOptions& options, const PrecisionTarget& target);

} // namespace drsim
