// Many drills per strategy: run `runs` seeded drills of every strategy and summarise them. Run i of a strategy
// has its own seed, derived from the scenario seed and the strategy's name, so `drsim run --seed` replays it
// alone. With jobs > 1 the drills spread over forked worker processes, each with its own Engine; results come
// back in a fixed order, so the report's bytes never depend on the number of jobs.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "sim/measure/report.hpp"
#include "sim/core/scenario.hpp"

namespace drsim {

struct MonteCarloOptions {
  int runs = 100;
  int jobs = 1;
  std::uint64_t seed = 1;
  // Called in the parent process as drills complete: (done, total).
  std::function<void(int, int)> progress;
};

// The seed of run `run` of strategy `strategy`.
std::uint64_t run_seed(std::uint64_t scenario_seed, const std::string& strategy, int run);

// Every strategy of the scenario, `options.runs` drills each. Timelines are not kept.
Report run_monte_carlo(const Scenario& scenario, const MonteCarloOptions& options);

} // namespace drsim
