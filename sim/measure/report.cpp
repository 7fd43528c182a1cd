#include "sim/measure/report.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "sim/measure/cost.hpp"

namespace drsim {

namespace {

// Every figure a report summarises is at least 0 (availability at most 1): the interval of a mean, symmetric by
// construction, need not reach past what the figure can be.
std::optional<Interval> within(std::optional<Interval> interval, double low, double high) {
  if (interval) {
    interval->low = std::clamp(*interval->low, low, high);
    interval->high = std::clamp(*interval->high, low, high);
  }
  return interval;
}

} // namespace

Summary summarize(std::vector<double> values) {
  Summary s;
  s.count = values.size();
  if (values.empty())
    return s;
  std::sort(values.begin(), values.end());
  auto rank = [&](double p) {
    const auto index = static_cast<std::size_t>(std::ceil(p * static_cast<double>(values.size())));
    return values[std::clamp<std::size_t>(index, 1, values.size()) - 1];
  };
  s.mean = std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(values.size());
  s.p50 = rank(0.50);
  s.p95 = rank(0.95);
  s.p99 = rank(0.99);
  s.max = values.back();
  s.mean_ci = within(mean_interval(values), 0, std::numeric_limits<double>::infinity());
  s.p50_ci = quantile_interval(values, 0.50);
  s.p95_ci = quantile_interval(values, 0.95);
  s.p99_ci = quantile_interval(values, 0.99);
  return s;
}

StrategyReport summarize_strategy(const std::string& strategy, std::vector<DrillResult> drills) {
  StrategyReport report;
  report.strategy = strategy;
  report.runs = static_cast<int>(drills.size());
  std::vector<double> rto, rpo, lost, data_loss, discarded, conflicts, corrupt, availabilities;
  double availability = 0;
  double lost_objects = 0;
  for (const auto& drill : drills) {
    const auto& m = drill.measurement;
    if (m.rto_s)
      rto.push_back(*m.rto_s);
    else
      ++report.unrecovered_runs;
    rpo.push_back(m.rpo_s);
    lost.push_back(m.lost_writes);
    data_loss.push_back(m.data_loss_s);
    discarded.push_back(m.discarded_writes);
    conflicts.push_back(m.conflict_lost_writes);
    corrupt.push_back(drill.corrupt_requests);
    availability += m.availability;
    availabilities.push_back(m.availability);
    lost_objects += drill.lost_objects;
  }
  report.rto_s = summarize(rto);
  report.rpo_s = summarize(rpo);
  report.lost_writes = summarize(lost);
  report.data_loss_s = summarize(data_loss);
  report.discarded_writes = summarize(discarded);
  report.conflict_lost_writes = summarize(conflicts);
  report.corrupt_requests = summarize(corrupt);
  if (!drills.empty()) {
    report.availability = availability / static_cast<double>(drills.size());
    report.lost_objects = lost_objects / static_cast<double>(drills.size());
  }
  report.availability_ci = within(mean_interval(availabilities), 0, 1);
  report.drills = std::move(drills);
  return report;
}

LongRunReport summarize_long_run(const std::vector<DrillResult>& drills, double horizon) {
  LongRunReport report;
  report.years_per_run = horizon / seconds_per_year;
  const double months = report.years_per_run * 12;
  std::vector<double> downtime, per_year, length, rpo, lost;
  for (const auto& drill : drills) {
    downtime.push_back(downtime_s(drill.outages, horizon) / 60 / months);
    per_year.push_back(static_cast<double>(drill.outages.size()) / report.years_per_run);
    for (const auto& outage : drill.outages) {
      ++report.outages;
      if (outage.end)
        length.push_back(*outage.end - outage.start);
      else
        ++report.unended_outages;
      rpo.push_back(outage.rpo_s);
      lost.push_back(outage.lost_writes);
    }
  }
  report.downtime_min_per_month = summarize(std::move(downtime));
  report.outages_per_year = summarize(std::move(per_year));
  report.outage_length_s = summarize(std::move(length));
  report.outage_rpo_s = summarize(std::move(rpo));
  report.outage_lost_writes = summarize(std::move(lost));
  return report;
}

StrategyReport summarize_strategy(const Scenario& scenario, const Strategy& strategy, std::vector<DrillResult> drills) {
  StrategyReport report = summarize_strategy(strategy.name, std::move(drills));
  report.cost = cost_breakdown(scenario, strategy, report.drills);
  std::vector<double> duration, downtime, lost, both;
  int began = 0;
  int unfinished = 0;
  for (const auto& drill : report.drills) {
    if (!drill.failback)
      continue;
    ++began;
    if (drill.failback->duration_s)
      duration.push_back(*drill.failback->duration_s);
    else
      ++unfinished;
    downtime.push_back(drill.failback->downtime_s);
    lost.push_back(drill.failback->lost_writes);
    both.push_back(failback_cost(strategy.topology, *drill.failback));
  }
  if (began > 0)
    report.failback = FailbackReport{began,
                                     unfinished,
                                     summarize(std::move(duration)),
                                     summarize(std::move(downtime)),
                                     summarize(std::move(lost)),
                                     summarize(std::move(both))};
  report.monthly_cost_usd = report.cost->monthly.total();
  if (scenario.long_run())
    report.long_run = summarize_long_run(report.drills, scenario.horizon_s);
  // A long run's outages each recover on their own; the runbook answers only the first.
  else {
    if (report.drills.size() == 1)
      report.anatomy = rto_anatomy(report.drills.front(), strategy.runbook);
    report.anatomy_medians = rto_anatomy_medians(report.drills);
  }
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
