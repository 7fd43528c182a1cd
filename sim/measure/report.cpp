#include "sim/measure/report.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "sim/measure/cost.hpp"

namespace drsim {

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
  s.mean_ci = mean_interval(values);
  s.p50_ci = quantile_interval(values, 0.50);
  s.p95_ci = quantile_interval(values, 0.95);
  s.p99_ci = quantile_interval(values, 0.99);
  return s;
}

StrategyReport summarize_strategy(const std::string& strategy, std::vector<DrillResult> drills) {
  StrategyReport report;
  report.strategy = strategy;
  report.runs = static_cast<int>(drills.size());
  std::vector<double> rto, rpo, lost, data_loss, discarded, corrupt;
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
    corrupt.push_back(drill.corrupt_requests);
    availability += m.availability;
    lost_objects += drill.lost_objects;
  }
  report.rto_s = summarize(rto);
  report.rpo_s = summarize(rpo);
  report.lost_writes = summarize(lost);
  report.data_loss_s = summarize(data_loss);
  report.discarded_writes = summarize(discarded);
  report.corrupt_requests = summarize(corrupt);
  if (!drills.empty()) {
    report.availability = availability / static_cast<double>(drills.size());
    report.lost_objects = lost_objects / static_cast<double>(drills.size());
  }
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
  report.monthly_cost_usd = report.cost->monthly.total();
  if (scenario.long_run())
    report.long_run = summarize_long_run(report.drills, scenario.horizon_s);
  return report;
}

} // namespace drsim
