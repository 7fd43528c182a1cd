#include "sim/measure/optimization.hpp"

#include <algorithm>
#include <cmath>
#include <tuple>

#include "sim/core/parameters.hpp"
#include "sim/measure/objectives.hpp"

namespace drsim {

Standing standing_of(const StrategyReport& report) {
  VerdictCounts counts;
  for (const auto& objective : report.objectives)
    counts.add(objective);
  if (counts.not_met > 0)
    return Standing::NotMet;
  return counts.passed() ? Standing::Met : Standing::CannotTell;
}

double shortfall(const StrategyReport& report) {
  double worst = 0;
  for (const auto& objective : report.objectives) {
    if (objective.verdict != Verdict::NotMet)
      continue;
    if (!objective.observed || objective.target == 0)
      return unbounded;
    const double miss = higher_is_better(objective.metric) ? objective.target - *objective.observed
                                                           : *objective.observed - objective.target;
    worst = std::max(worst, miss / std::fabs(objective.target));
  }
  return worst;
}

long long cost_cents(double monthly_cost_usd) { return std::llround(monthly_cost_usd * 100); }

std::optional<ParetoFigures> pareto_figures(const StrategyReport& report) {
  if (!report.monthly_cost_usd || report.rto_s.count == 0)
    return std::nullopt;
  const auto milliseconds = [](double seconds) { return std::round(seconds * 1e3) / 1e3; };
  return ParetoFigures{static_cast<double>(cost_cents(*report.monthly_cost_usd)) / 100, milliseconds(report.rto_s.p95),
                       milliseconds(report.rpo_s.p95)};
}

std::vector<std::size_t> pareto_front(const std::vector<Candidate>& candidates) {
  std::vector<std::optional<ParetoFigures>> figures;
  for (const auto& candidate : candidates)
    figures.push_back(pareto_figures(candidate.grid_report));
  const auto dominates = [](const ParetoFigures& a, const ParetoFigures& b) {
    const bool no_worse =
        a.monthly_cost_usd <= b.monthly_cost_usd && a.rto_p95_s <= b.rto_p95_s && a.rpo_p95_s <= b.rpo_p95_s;
    const bool better =
        a.monthly_cost_usd < b.monthly_cost_usd || a.rto_p95_s < b.rto_p95_s || a.rpo_p95_s < b.rpo_p95_s;
    return no_worse && better;
  };
  std::vector<std::size_t> front;
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    if (!figures[i])
      continue;
    const bool dominated = std::any_of(figures.begin(), figures.end(), [&](const std::optional<ParetoFigures>& other) {
      return other && dominates(*other, *figures[i]);
    });
    if (!dominated)
      front.push_back(i);
  }
  std::stable_sort(front.begin(), front.end(), [&](std::size_t a, std::size_t b) {
    return std::tie(figures[a]->monthly_cost_usd, figures[a]->rto_p95_s) <
           std::tie(figures[b]->monthly_cost_usd, figures[b]->rto_p95_s);
  });
  return front;
}

Margin objective_margin(const ObjectiveResult& objective) {
  const double sign = higher_is_better(objective.metric) ? 1 : -1;
  const auto margin = [&](const std::optional<double>& value) -> std::optional<double> {
    if (!value || !std::isfinite(*value))
      return std::nullopt;
    return sign * (*value - objective.target);
  };
  Margin result{margin(objective.observed), std::nullopt};
  if (objective.interval)
    result.interval = margin(higher_is_better(objective.metric) ? objective.interval->low : objective.interval->high);
  return result;
}

} // namespace drsim
