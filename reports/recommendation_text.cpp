#include "reports/recommendation_text.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "reports/figures.hpp"

namespace drsim {
namespace {

std::string dollars(double usd) { return format_figure(Metric::MonthlyCost, usd); }

// "RTO p95 27m 33s against <= 45m".
std::string against_target(const ObjectiveResult& o) {
  return objective_label(o) + " " + format_observed(o) + " against " + objective_target(o);
}

// What a missed objective misses by.
std::string miss_text(const ObjectiveDistance& miss) {
  const auto& o = miss.objective;
  if (o.verdict == Verdict::CannotTell) {
    const auto interval = objective_interval(o, " to ");
    return against_target(o) + ": " + verdict_text(o) + (interval.empty() ? "" : " (95 %: " + interval + ")");
  }
  return against_target(o) + ", " + distance_text(miss);
}

// How the strategy's objectives stand, in a table cell: "all 5 met", "1 not met, 1 cannot tell".
std::string objectives_cell(const StrategyReport& r) {
  if (r.objectives.empty())
    return "none apply";
  VerdictCounts counts;
  for (const auto& o : r.objectives)
    counts.add(o);
  if (counts.met == counts.total())
    return "all " + std::to_string(counts.total()) + " met";
  std::string text;
  const auto add = [&](int count, const char* what) {
    if (count > 0)
      text += (text.empty() ? "" : ", ") + std::to_string(count) + " " + what;
  };
  add(counts.not_met, "not met");
  add(counts.cannot_tell, "cannot tell");
  add(counts.within_on_one_drill + counts.beyond_on_one_drill, "on one drill");
  add(counts.not_evaluated, "not evaluated");
  add(counts.met, "met");
  return text;
}

// Whether the strategies are judged on different objectives (the scenario names strategies for some).
bool objectives_differ(const Report& report) {
  const auto indexes = [](const StrategyReport& r) {
    std::vector<std::size_t> list;
    for (const auto& o : r.objectives)
      list.push_back(o.index);
    return list;
  };
  for (const auto& r : report.results)
    if (indexes(r) != indexes(report.results.front()))
      return true;
  return false;
}

} // namespace

std::string distance_text(const ObjectiveDistance& distance) {
  if (!distance.distance)
    return "beyond the horizon";
  if (*distance.distance == 0)
    return "exactly at the target";
  const auto& o = distance.objective;
  const double amount = std::fabs(*distance.distance);
  std::string text =
      o.metric == Metric::Availability ? decimal(amount * 100, 3) + " points" : format_figure(o.metric, amount);
  if (distance.relative)
    text += fmt::format(" ({:.0f} %)", std::fabs(*distance.relative) * 100);
  return text + (*distance.distance >= 0 ? " to spare" : " over");
}

RecommendationText recommendation_text(const Report& report, const Recommendation& recommendation) {
  RecommendationText text;
  const auto& results = report.results;
  const auto name_and_cost = [&](std::size_t i) {
    return results[i].strategy + " (" + dollars(*results[i].monthly_cost_usd) + " a month)";
  };
  if (!recommendation.objectives) {
    text.sentences.push_back("The scenario sets no objectives, so there is nothing to recommend against: give it "
                             "objectives (README, Objectives) to get the cheapest strategy that meets them.");
  } else if (recommendation.unranked.size() == results.size()) {
    text.sentences.push_back("No strategy has a monthly cost, so none can be recommended as the cheapest.");
  } else if (recommendation.chosen) {
    const auto& chosen = results[*recommendation.chosen];
    const bool cheapest = !recommendation.cheaper;
    text.sentences.push_back("Recommended: " + name_and_cost(*recommendation.chosen) +
                             (cheapest ? ", the cheapest strategy, which meets every objective that applies to it."
                                       : ", the cheapest strategy that meets every objective that applies to it."));
    if (chosen.objectives.empty())
      text.sentences.push_back("No objective applies to it.");
    else if (recommendation.margin)
      text.sentences.push_back("Its tightest margin: " + against_target(recommendation.margin->objective) + ", " +
                               distance_text(*recommendation.margin) + ".");
  } else {
    text.sentences.push_back("No strategy is shown to meet every objective that applies to it.");
  }
  if (recommendation.cheaper) {
    const auto& cheaper = results[*recommendation.cheaper];
    std::string sentence =
        recommendation.chosen
            ? "The next cheaper, " + cheaper.strategy + " (" +
                  dollars(*results[*recommendation.chosen].monthly_cost_usd - *cheaper.monthly_cost_usd) +
                  " a month less), misses:"
            : "Even the most expensive, " + name_and_cost(*recommendation.cheaper) + ", misses:";
    text.sentences.push_back(sentence);
    for (const auto& miss : recommendation.misses)
      text.misses.push_back(miss_text(miss));
    if (std::any_of(recommendation.misses.begin(), recommendation.misses.end(),
                    [](const ObjectiveDistance& miss) { return miss.objective.verdict == Verdict::CannotTell; }))
      text.sentences.push_back("Where the drills cannot tell, more of them would decide: --runs, or --precision.");
  }
  if (recommendation.objectives && objectives_differ(report))
    text.sentences.push_back("Each strategy is judged on the objectives that apply to it: the scenario sets "
                             "different ones for different strategies.");
  if (!recommendation.unranked.empty() && recommendation.unranked.size() < results.size()) {
    std::string names;
    for (const auto i : recommendation.unranked)
      names += (names.empty() ? "" : ", ") + results[i].strategy;
    text.sentences.push_back("Not ranked, without a monthly cost: " + names + ".");
  }

  bool downtime = false, lost_data = false;
  for (const auto& r : results) {
    downtime = downtime || (r.cost && r.cost->downtime_usd);
    lost_data = lost_data || (r.cost && r.cost->lost_data_usd);
  }
  text.header = {"strategy", "$/month"};
  if (downtime)
    text.header.push_back("downtime $/drill");
  if (lost_data)
    text.header.push_back("lost data $/drill");
  text.header.push_back("objectives");
  for (const auto& r : results) {
    std::vector<std::string> row{r.strategy, r.monthly_cost_usd ? whole_dollars(*r.monthly_cost_usd) : "-"};
    const auto mean = [](const std::optional<Summary>& s) {
      return s && s->count > 0 ? whole_dollars(s->mean) : std::string("-");
    };
    if (downtime)
      row.push_back(mean(r.cost ? r.cost->downtime_usd : std::nullopt));
    if (lost_data)
      row.push_back(mean(r.cost ? r.cost->lost_data_usd : std::nullopt));
    row.push_back(objectives_cell(r));
    text.rows.push_back(std::move(row));
  }
  return text;
}

} // namespace drsim
