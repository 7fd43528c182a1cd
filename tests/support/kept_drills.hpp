// A comparison whose drills tests read one by one: run_monte_carlo keeps none (StrategyReport::drills stays empty),
// so they are gathered as they arrive (MonteCarloOptions::on_drill), in the order the parent receives them.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "sim/runs/monte_carlo.hpp"

namespace drsim::test {

inline Report run_keeping_drills(const Scenario& scenario, MonteCarloOptions options) {
  std::map<std::string, std::vector<DrillResult>> kept;
  options.on_drill = [&](const DrillResult& drill) { kept[drill.strategy].push_back(drill); };
  auto report = run_monte_carlo(scenario, options);
  for (auto& result : report.results)
    result.drills = std::move(kept[result.strategy]);
  return report;
}

} // namespace drsim::test
