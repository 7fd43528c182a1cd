// Every figure of one strategy's drills, taken from each drill as it arrives and never from a list of drills:
// what a comparison's report, its objectives and its charts need, in memory that does not grow with the runs
// (each figure a FigureStream, exact up to its limit, sketched beyond).
//
// A new per-drill figure is a FigureStream member, one line in add() that feeds it (and its place in the list
// merges go through), and the line of report() that puts its summary where the report shows it.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sim/core/scenario.hpp"
#include "sim/measure/drill_result.hpp"
#include "sim/measure/figure_stream.hpp"
#include "sim/measure/report.hpp"
#include "sim/measure/rto_anatomy.hpp"

namespace drsim {

class StrategyFigures {
public:
  // Statistics only: no cost, long-run figures or RTO anatomy.
  explicit StrategyFigures(std::string strategy);
  // With the strategy's cost, and the long-run figures or the RTO anatomy, as the scenario calls for. Both must
  // outlive this.
  StrategyFigures(const Scenario& scenario, const Strategy& strategy);

  // Drills in run order; a stream of later runs merges in after.
  void add(const DrillResult& drill);
  void merge(const StrategyFigures& other);

  // The report of the drills so far, with a copy of the figures; from a StrategyFigures that is done with, the
  // figures themselves (a sketch's buckets are most of the memory a comparison of many drills takes).
  StrategyReport report() const&;
  StrategyReport report() &&;

  int runs = 0;
  int unrecovered_runs = 0;
  std::optional<DrillRef> first_unrecovered;
  FigureStream rto_s; //!< recovered drills only
  FigureStream rpo_s, lost_writes, data_loss_s, discarded_writes, conflict_lost_writes, corrupt_requests;
  FigureStream availability{FigureStream::Scale::Complement};
  FigureStream lost_objects;
  // Cost: the steady cross-region rate of the drills that had a steady window, what each drill's incident cost,
  // and what its downtime and lost writes cost where the scenario prices them.
  FigureStream steady_cross_region_Bps, incident_usd, downtime_usd, lost_data_usd;
  // A long run's: per run, downtime per month in minutes (the statistics) and in seconds (the chart), outages per
  // year; per outage, its length when it ended, its RPO and its lost writes.
  FigureStream downtime_min_per_month, downtime_s_per_month, outages_per_year;
  FigureStream outage_length_s, outage_rpo_s, outage_lost_writes;
  int outages = 0;
  int unended_outages = 0;
  // Per drill whose failback began: its length when it ended, its downtime and lost writes, and what running both
  // regions cost. The downtime's count is the drills that failed back, the length's those that finished.
  FigureStream failback_duration_s, failback_downtime_s, failback_lost_writes, failback_both_regions_usd;
  std::optional<std::pair<double, DrillRef>> worst_downtime; //!< the first run of the most downtime
  RtoAnatomyStream anatomy;

  // The statistic's per-drill figure for an objective on `metric` (RTO, RPO, lost writes, availability); an
  // unrecovered drill's RTO is not in it but counts as +infinity (unrecovered_runs).
  const FigureStream& of(Metric metric) const;

private:
  std::string strategy_;

  StrategyReport statistics() const;
  const Scenario* scenario_ = nullptr;
  const Strategy* strategy_of_ = nullptr;
};

} // namespace drsim
