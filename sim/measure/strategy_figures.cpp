#include "sim/measure/strategy_figures.hpp"

#include <array>
#include <stdexcept>

#include "sim/measure/availability.hpp"
#include "sim/measure/cost.hpp"

namespace drsim {
namespace {

// Every FigureStream of the figures, which merges carry over.
template <class Figures> auto streams_of(Figures& f) {
  return std::array{&f.rto_s,
                    &f.rpo_s,
                    &f.lost_writes,
                    &f.data_loss_s,
                    &f.discarded_writes,
                    &f.conflict_lost_writes,
                    &f.corrupt_requests,
                    &f.availability,
                    &f.lost_objects,
                    &f.steady_cross_region_Bps,
                    &f.incident_usd,
                    &f.downtime_usd,
                    &f.lost_data_usd,
                    &f.downtime_min_per_month,
                    &f.downtime_s_per_month,
                    &f.outages_per_year,
                    &f.outage_length_s,
                    &f.outage_rpo_s,
                    &f.outage_lost_writes,
                    &f.failback_duration_s,
                    &f.failback_downtime_s,
                    &f.failback_lost_writes,
                    &f.failback_both_regions_usd};
}

} // namespace

StrategyFigures::StrategyFigures(std::string strategy) : strategy_(std::move(strategy)) {}

StrategyFigures::StrategyFigures(const Scenario& scenario, const Strategy& strategy)
    : strategy_(strategy.name), scenario_(&scenario), strategy_of_(&strategy) {}

void StrategyFigures::add(const DrillResult& drill) {
  const DrillRef ref{drill.run, drill.seed};
  const auto& m = drill.measurement;
  ++runs;
  if (m.rto_s) {
    rto_s.add(*m.rto_s, ref);
  } else {
    ++unrecovered_runs;
    if (!first_unrecovered)
      first_unrecovered = ref;
  }
  rpo_s.add(m.rpo_s, ref);
  lost_writes.add(m.lost_writes, ref);
  data_loss_s.add(m.data_loss_s, ref);
  discarded_writes.add(m.discarded_writes, ref);
  conflict_lost_writes.add(m.conflict_lost_writes, ref);
  corrupt_requests.add(drill.corrupt_requests, ref);
  availability.add(m.availability, ref);
  lost_objects.add(drill.lost_objects, ref);
  if (!scenario_)
    return;

  if (drill.steady_window_s > 0)
    steady_cross_region_Bps.add(drill.steady_transfer.cross_region_B / drill.steady_window_s, ref);
  incident_usd.add(incident_cost(strategy_of_->topology, drill), ref);
  if (const auto cost = downtime_cost(*scenario_, drill))
    downtime_usd.add(*cost, ref);
  if (const auto cost = lost_data_cost(*scenario_, drill))
    lost_data_usd.add(*cost, ref);
  if (const auto& f = drill.failback) {
    if (f->duration_s)
      failback_duration_s.add(*f->duration_s, ref);
    failback_downtime_s.add(f->downtime_s, ref);
    failback_lost_writes.add(f->lost_writes, ref);
    failback_both_regions_usd.add(failback_cost(strategy_of_->topology, *f), ref);
  }

  // A long run's outages each recover on their own; the runbook answers only the first.
  if (!scenario_->long_run()) {
    anatomy.add(drill);
    return;
  }
  const double years = scenario_->horizon_s / seconds_per_year;
  const double months = years * 12;
  downtime_min_per_month.add(downtime_s(drill.outages, scenario_->horizon_s) / 60 / months, ref);
  // The chart and the worst run count to the horizon as the report states it, in years.
  const double downtime = downtime_s(drill.outages, years * seconds_per_year);
  downtime_s_per_month.add(downtime / months, ref);
  if (!worst_downtime || downtime > worst_downtime->first)
    worst_downtime = {downtime, ref};
  outages_per_year.add(static_cast<double>(drill.outages.size()) / years, ref);
  for (const auto& outage : drill.outages) {
    ++outages;
    if (outage.end)
      outage_length_s.add(*outage.end - outage.start, ref);
    else
      ++unended_outages;
    outage_rpo_s.add(outage.rpo_s, ref);
    outage_lost_writes.add(outage.lost_writes, ref);
  }
}

void StrategyFigures::merge(const StrategyFigures& other) {
  const auto mine = streams_of(*this);
  const auto theirs = streams_of(other);
  for (std::size_t i = 0; i < mine.size(); ++i)
    mine[i]->merge(*theirs[i]);
  runs += other.runs;
  unrecovered_runs += other.unrecovered_runs;
  if (other.first_unrecovered && (!first_unrecovered || other.first_unrecovered->run < first_unrecovered->run))
    first_unrecovered = other.first_unrecovered;
  outages += other.outages;
  unended_outages += other.unended_outages;
  if (other.worst_downtime && (!worst_downtime || other.worst_downtime->first > worst_downtime->first ||
                               (other.worst_downtime->first == worst_downtime->first &&
                                other.worst_downtime->second.run < worst_downtime->second.run)))
    worst_downtime = other.worst_downtime;
  anatomy.merge(other.anatomy);
}

const FigureStream& StrategyFigures::of(Metric metric) const {
  switch (metric) {
  case Metric::Rto:
    return rto_s;
  case Metric::Rpo:
    return rpo_s;
  case Metric::LostWrites:
    return lost_writes;
  case Metric::Availability:
    return availability;
  case Metric::MonthlyCost:
  case Metric::MonthlyDowntime:
  case Metric::Invalid:
    break;
  }
  throw std::invalid_argument("no per-drill figure for this metric");
}

StrategyReport StrategyFigures::statistics() const {
  StrategyReport report;
  report.strategy = strategy_;
  report.runs = runs;
  report.unrecovered_runs = unrecovered_runs;
  report.rto_s = rto_s.summary();
  report.rpo_s = rpo_s.summary();
  report.lost_writes = lost_writes.summary();
  report.data_loss_s = data_loss_s.summary();
  report.discarded_writes = discarded_writes.summary();
  report.conflict_lost_writes = conflict_lost_writes.summary();
  report.corrupt_requests = corrupt_requests.summary();
  report.availability = availability.mean();
  report.availability_ci = within(availability.mean_interval(), 0, 1);
  report.lost_objects = lost_objects.mean();
  if (scenario_) {
    report.cost = cost_breakdown(
        *strategy_of_, steady_cross_region_Bps.count() > 0 ? steady_cross_region_Bps.mean() : 0, incident_usd.summary(),
        scenario_->cost_of_downtime_per_minute ? std::optional(downtime_usd.summary()) : std::nullopt,
        scenario_->cost_per_lost_write ? std::optional(lost_data_usd.summary()) : std::nullopt);
    report.monthly_cost_usd = report.cost->monthly.total();
    if (failback_downtime_s.count() > 0)
      report.failback = FailbackReport{static_cast<int>(failback_downtime_s.count()),
                                       static_cast<int>(failback_downtime_s.count() - failback_duration_s.count()),
                                       failback_duration_s.summary(),
                                       failback_downtime_s.summary(),
                                       failback_lost_writes.summary(),
                                       failback_both_regions_usd.summary()};
    if (scenario_->long_run()) {
      LongRunReport long_run;
      long_run.years_per_run = scenario_->horizon_s / seconds_per_year;
      long_run.downtime_min_per_month = downtime_min_per_month.summary();
      long_run.outages_per_year = outages_per_year.summary();
      long_run.outage_length_s = outage_length_s.summary();
      long_run.outage_rpo_s = outage_rpo_s.summary();
      long_run.outage_lost_writes = outage_lost_writes.summary();
      long_run.outages = outages;
      long_run.unended_outages = unended_outages;
      report.long_run = long_run;
    } else {
      report.anatomy_medians = anatomy.medians();
    }
  }
  return report;
}

StrategyReport StrategyFigures::report() const& {
  StrategyReport report = statistics();
  report.figures = std::make_shared<const StrategyFigures>(*this);
  return report;
}

StrategyReport StrategyFigures::report() && {
  StrategyReport report = statistics();
  report.figures = std::make_shared<const StrategyFigures>(std::move(*this));
  return report;
}

} // namespace drsim
