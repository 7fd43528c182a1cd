#include "sim/measure/sweep_result.hpp"

namespace drsim {

SweepFigures sweep_figures(const StrategyReport& report) {
  return {report.strategy, report.runs,         report.unrecovered_runs, report.failed.count,     report.rto_s,
          report.rpo_s,    report.availability, report.availability_ci,  report.monthly_cost_usd, report.objectives};
}

std::vector<std::string> sweep_strategies(const SweepResult& sweep) {
  std::vector<std::string> names;
  if (!sweep.points.empty())
    for (const auto& figures : sweep.points.front().results)
      names.push_back(figures.strategy);
  return names;
}

} // namespace drsim
