#include "sim/measure/report.hpp"

#include <algorithm>
#include <cmath>

#include "sim/measure/strategy_figures.hpp"

namespace drsim {

void FailedDrills::add(FailedDrill drill) {
  ++count;
  if (first.size() < failed_drills_listed)
    first.push_back(std::move(drill));
}

StrategyReport summarize_strategy(const std::string& strategy, std::vector<DrillResult> drills) {
  StrategyFigures figures(strategy);
  for (const auto& drill : drills)
    figures.add(drill);
  StrategyReport report = figures.report();
  report.drills = std::move(drills);
  return report;
}

StrategyReport summarize_strategy(const Scenario& scenario, const Strategy& strategy, std::vector<DrillResult> drills) {
  StrategyFigures figures(scenario, strategy);
  for (const auto& drill : drills)
    figures.add(drill);
  StrategyReport report = figures.report();
  if (!scenario.long_run() && drills.size() == 1)
    report.anatomy = rto_anatomy(drills.front(), strategy.runbook);
  report.drills = std::move(drills);
  return report;
}

double steps_per_unit(Metric metric) {
  switch (metric) {
  case Metric::Rto:
  case Metric::Rpo:
    return 1e3;
  case Metric::LostWrites:
    return 1;
  case Metric::Availability:
    return 1e9;
  case Metric::MonthlyCost:
    return 1e2;
  case Metric::MonthlyDowntime:
    return 1e3;
  case Metric::Invalid:
    break;
  }
  return 1e9;
}

double at_resolution(double value, Metric metric) {
  const double steps = steps_per_unit(metric);
  return std::round(value * steps) / steps;
}

namespace {

HeadlineFigure headline(std::string label, std::string key, Metric metric, const Summary& summary,
                        double Summary::*stat, const std::optional<Interval> Summary::*interval) {
  return {std::move(label), std::move(key), metric, summary.*stat, summary.*interval};
}

} // namespace

std::vector<HeadlineFigure> headline_figures(const StrategyReport& report) {
  std::vector<HeadlineFigure> figures;
  if (report.rto_s.count > 0) {
    figures.push_back(headline("RTO p50", "rto_s.p50", Metric::Rto, report.rto_s, &Summary::p50, &Summary::p50_ci));
    figures.push_back(headline("RTO p95", "rto_s.p95", Metric::Rto, report.rto_s, &Summary::p95, &Summary::p95_ci));
  }
  if (report.rpo_s.count > 0) {
    figures.push_back(headline("RPO p50", "rpo_s.p50", Metric::Rpo, report.rpo_s, &Summary::p50, &Summary::p50_ci));
    figures.push_back(headline("RPO p95", "rpo_s.p95", Metric::Rpo, report.rpo_s, &Summary::p95, &Summary::p95_ci));
    figures.push_back(headline("lost writes p95", "lost_writes.p95", Metric::LostWrites, report.lost_writes,
                               &Summary::p95, &Summary::p95_ci));
    HeadlineFigure unavailability{"unavailability", "availability", Metric::Availability, 1 - report.availability, {}};
    if (report.availability_ci)
      unavailability.interval =
          Interval{report.availability_ci->high ? std::optional(1 - *report.availability_ci->high) : std::nullopt,
                   report.availability_ci->low ? std::optional(1 - *report.availability_ci->low) : std::nullopt};
    figures.push_back(std::move(unavailability));
  }
  if (report.long_run && report.long_run->downtime_min_per_month.count > 0) {
    const auto& downtime = report.long_run->downtime_min_per_month;
    figures.push_back(headline("downtime per month mean", "long_run.downtime_min_per_month.mean",
                               Metric::MonthlyDowntime, downtime, &Summary::mean, &Summary::mean_ci));
    figures.push_back(headline("downtime per month p95", "long_run.downtime_min_per_month.p95", Metric::MonthlyDowntime,
                               downtime, &Summary::p95, &Summary::p95_ci));
  }
  return figures;
}

std::optional<double> relative_half_width(const HeadlineFigure& figure) {
  if (!figure.interval || !figure.interval->bounded())
    return std::nullopt;
  const double half = std::max(figure.value - *figure.interval->low, *figure.interval->high - figure.value);
  if (half <= 1 / steps_per_unit(figure.metric))
    return 0.0;
  if (figure.value == 0)
    return std::nullopt;
  return half / std::fabs(figure.value);
}

std::vector<PrecisionStop::Figure> imprecise_figures(const Report& report, double target) {
  std::vector<PrecisionStop::Figure> figures;
  for (const auto& r : report.results)
    for (const auto& figure : headline_figures(r)) {
      const auto half_width = relative_half_width(figure);
      if (!half_width || *half_width > target)
        figures.push_back({r.strategy, figure.label, half_width});
    }
  return figures;
}

std::vector<WithinNoise> within_noise(const Report& report) {
  std::vector<WithinNoise> pairs;
  // The drills tell two figures apart when the higher one's interval starts above where the lower one's ends. An
  // open side bounds nothing, so there the figure itself stands in for its bound: two intervals open above never
  // overlap merely because both reach infinity.
  const auto overlap = [](const HeadlineFigure& a, const HeadlineFigure& b) {
    const auto& lower = a.value <= b.value ? a : b;
    const auto& higher = a.value <= b.value ? b : a;
    return higher.interval->low.value_or(higher.value) <= lower.interval->high.value_or(lower.value);
  };
  for (std::size_t i = 0; i < report.results.size(); ++i)
    for (std::size_t j = i + 1; j < report.results.size(); ++j) {
      WithinNoise pair{report.results[i].strategy, report.results[j].strategy, {}};
      const auto first = headline_figures(report.results[i]);
      const auto second = headline_figures(report.results[j]);
      for (const auto& a : first)
        for (const auto& b : second)
          if (a.key == b.key && a.interval && b.interval &&
              at_resolution(a.value, a.metric) != at_resolution(b.value, b.metric) && overlap(a, b))
            pair.figures.push_back(a.label);
      if (!pair.figures.empty())
        pairs.push_back(std::move(pair));
    }
  return pairs;
}

} // namespace drsim
