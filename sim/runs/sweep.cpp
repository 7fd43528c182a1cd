#include "sim/runs/sweep.hpp"

#include <algorithm>

#include "sim/measure/objectives.hpp"
#include "sim/runs/interruption.hpp"
#include "sim/runs/monte_carlo.hpp"

namespace drsim {

std::vector<SweepPoint> run_sweep(const ScenarioLoader& load, std::span<const Point> points,
                                  const SweepOptions& options) {
  // Only the count of drills is kept from this first reading: keeping every point's scenario would make memory grow
  // with the points by whole topologies.
  std::vector<std::int64_t> drills_before;
  std::int64_t total = 0;
  for (const auto& point : points) {
    drills_before.push_back(total);
    total += static_cast<std::int64_t>(load(point.settings).strategies.size()) * options.runs;
    stop_if_interrupted();
  }

  std::vector<SweepPoint> results;
  results.reserve(points.size());
  for (std::size_t p = 0; p < points.size(); ++p) {
    const Scenario scenario = load(points[p].settings);
    MonteCarloOptions drills;
    drills.runs = options.runs;
    drills.seed = options.seed;
    drills.in_workers = true;
    drills.jobs = static_cast<int>(std::clamp<std::int64_t>(static_cast<std::int64_t>(options.runs) *
                                                                static_cast<std::int64_t>(scenario.strategies.size()),
                                                            1, options.jobs));
    if (options.progress)
      drills.progress = [&, before = drills_before[p]](int done, int) { options.progress(before + done, total); };
    Report report = run_monte_carlo(scenario, drills);
    attach_objectives(scenario, report);
    SweepPoint point{points[p], {}};
    for (const auto& strategy : report.results)
      point.results.push_back(sweep_figures(strategy));
    if (options.on_point)
      options.on_point(point);
    results.push_back(std::move(point));
  }
  return results;
}

} // namespace drsim
