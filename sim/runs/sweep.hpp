// A sweep: the scenario drilled at every point of a grid or a Latin hypercube (sim/core/settings.hpp), every
// strategy `runs` times at each. Every point drills with the same base seed, so run i of a strategy has the same
// seed at every point (run_seed depends on the seed, the strategy's name and i alone): common random numbers. The
// failures, delays and timings a drill draws are then the same at each point as far as the varied values leave
// them so, and a difference between two points is the values', not the luck of different draws.
//
// This process never creates a SimGrid Engine: the drills of every point run in worker processes
// (MonteCarloOptions::in_workers), since one process may create one Engine only and every point is a scenario of
// its own.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "sim/core/scenario.hpp"
#include "sim/core/settings.hpp"
#include "sim/measure/sweep_result.hpp"

namespace drsim {

// The scenario with the settings applied (the scenario file's reader with `--set` and a point's settings). Throws
// as the reader does for a setting the scenario cannot take.
using ScenarioLoader = std::function<Scenario(std::span<const Setting> settings)>;

struct SweepOptions {
  int runs = 100; //!< drills per strategy at each point
  int jobs = 1;
  std::uint64_t seed = 1; //!< the base seed of every point
  // Called as drills complete, over all points: (done, total).
  std::function<void(std::int64_t, std::int64_t)> progress;
  // Called with each point once it is drilled, in the points' order.
  std::function<void(const SweepPoint&)> on_point;
};

// Loads the scenario of every point first (a value that a point cannot take stops the sweep before any drill), then
// drills the points in order and judges each point's objectives on its own drills. Returns every point's figures.
// Throws Interrupted on SIGINT/SIGTERM, DrillFailed when a drill fails, and what `load` throws.
std::vector<SweepPoint> run_sweep(const ScenarioLoader& load, std::span<const Point> points,
                                  const SweepOptions& options);

} // namespace drsim
