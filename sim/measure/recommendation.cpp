#include "sim/measure/recommendation.hpp"

#include <algorithm>
#include <numeric>

namespace drsim {

ObjectiveDistance distance_to_target(const ObjectiveResult& objective) {
  ObjectiveDistance d{objective, std::nullopt, std::nullopt};
  if (!objective.observed)
    return d;
  const bool lower_bound = objective.metric == Metric::Availability;
  d.distance = lower_bound ? *objective.observed - objective.target : objective.target - *objective.observed;
  // Availability's room is in the unavailability the target allows: 99.9 % -> 99.95 % halves the downtime.
  const double scale = lower_bound ? 1 - objective.target : objective.target;
  if (scale > 0)
    d.relative = *d.distance / scale;
  return d;
}

bool meets_every_objective(const StrategyReport& strategy) {
  return std::all_of(strategy.objectives.begin(), strategy.objectives.end(), [](const ObjectiveResult& o) {
    return o.verdict == Verdict::Met || o.verdict == Verdict::NotEvaluated;
  });
}

Recommendation recommend(const Report& report) {
  Recommendation recommendation;
  std::vector<std::size_t> ranked;
  for (std::size_t i = 0; i < report.results.size(); ++i) {
    const auto& r = report.results[i];
    recommendation.objectives = recommendation.objectives || !r.objectives.empty();
    (r.monthly_cost_usd ? ranked : recommendation.unranked).push_back(i);
  }
  std::stable_sort(ranked.begin(), ranked.end(), [&](std::size_t a, std::size_t b) {
    return *report.results[a].monthly_cost_usd < *report.results[b].monthly_cost_usd;
  });
  if (!recommendation.objectives || ranked.empty())
    return recommendation;
  const auto chosen = std::find_if(ranked.begin(), ranked.end(),
                                   [&](std::size_t i) { return meets_every_objective(report.results[i]); });
  if (chosen != ranked.end()) {
    recommendation.chosen = *chosen;
    for (const auto& o : report.results[*chosen].objectives) {
      if (o.verdict != Verdict::Met)
        continue;
      const auto d = distance_to_target(o);
      const auto tightness = [](const ObjectiveDistance& x) { return x.relative.value_or(x.distance.value_or(0)); };
      if (!recommendation.margin || tightness(d) < tightness(*recommendation.margin))
        recommendation.margin = d;
    }
  }
  // The strategy that comes closest from below: next cheaper than the chosen one, or the most expensive of all.
  if (chosen != ranked.begin())
    recommendation.cheaper = *std::prev(chosen);
  if (recommendation.cheaper) {
    for (const auto wanted : {Verdict::NotMet, Verdict::CannotTell, Verdict::OneDrill})
      for (const auto& o : report.results[*recommendation.cheaper].objectives)
        if (o.verdict == wanted)
          recommendation.misses.push_back(distance_to_target(o));
  }
  return recommendation;
}

} // namespace drsim
