// What a command reports, independent of the output format: per strategy, the statistics of its drills.
// Writers in reports/ turn it into text, JSON and the other formats.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/measure/drill_result.hpp"
#include "sim/measure/statistics.hpp"

namespace drsim {

struct Summary {
  double mean = 0;
  double p50 = 0;
  double p95 = 0;
  double p99 = 0;
  double max = 0;
  std::size_t count = 0;
  // 95 % confidence intervals (sim/measure/statistics.hpp); absent when the sample is too small for any.
  std::optional<Interval> mean_ci;
  std::optional<Interval> p50_ci;
  std::optional<Interval> p95_ci;
  std::optional<Interval> p99_ci;
};

// Nearest-rank percentiles (a value some run actually produced) with their confidence intervals; an empty sample
// gives count 0.
Summary summarize(std::vector<double> values);

// One objective of the scenario judged on one strategy's drills; sim/objectives.hpp gives the rules.
struct ObjectiveResult {
  Metric metric = Metric::Invalid;
  Statistic stat = Statistic::P95;
  double target = 0;
  std::optional<double> observed; //!< absent: beyond any target (unrecovered drills) or not computed
  std::optional<bool> met;        //!< absent: not evaluated, because this version does not compute the figure
  std::string note;               //!< why observed or met is absent, or what they include
};

// A strategy's monthly steady-state cost, item by item, in USD; sim/cost.hpp says what each item charges.
struct MonthlyCost {
  double compute = 0;
  double database_instances = 0;
  double database_storage = 0;
  double backup_storage = 0;
  double transfer = 0;
  double health_checks = 0;
  double load_balancers = 0;

  double total() const {
    return compute + database_instances + database_storage + backup_storage + transfer + health_checks +
           load_balancers;
  }
};

struct CostBreakdown {
  std::string price_date;
  std::string price_source;
  MonthlyCost monthly;
  double transfer_GB_month = 0;         //!< the cross-region volume behind `monthly.transfer`
  Summary incident_usd;                 //!< per drill: what the recovery itself cost
  std::optional<Summary> downtime_usd;  //!< per drill, when the scenario prices a minute of downtime
  std::optional<Summary> lost_data_usd; //!< per drill, when the scenario prices a lost write
};

// A long-run availability model's figures (scenarios with random failures or common-cause events): per run, the
// downtime and the number of outages; over every outage of every run, its length and its data loss.
struct LongRunReport {
  double years_per_run = 0;
  Summary downtime_min_per_month;  //!< per run: its downtime over its length in months (a month: a twelfth of a year)
  Summary outages_per_year;        //!< per run
  Summary outage_length_s;         //!< over every ended outage of every run
  Summary outage_rpo_s;            //!< over every outage of every run, 0 when it lost no data
  Summary outage_lost_writes;      //!< over every outage of every run
  int outages = 0;                 //!< outages of all runs
  int unended_outages = 0;         //!< outages still under way at the horizon (their length is not in the summary)
};

// A drill that did not finish: its process crashed or it exceeded the time limit (`compare --keep-going`).
struct FailedDrill {
  int run = 0;
  std::uint64_t seed = 0;
  std::string reason; //!< e.g. "crashed (SIGSEGV)", "exceeded the time limit of 60 s"
};

struct StrategyReport {
  std::string strategy;
  int runs = 0;             //!< drills that finished; every statistic is over them
  int unrecovered_runs = 0;
  std::vector<FailedDrill> failed; //!< drills that did not finish, counted apart like unrecovered ones
  Summary rto_s;          //!< over recovered runs only
  Summary rpo_s;
  Summary lost_writes;
  Summary data_loss_s;      //!< over every run, like RPO (DataLossFigures)
  Summary discarded_writes;
  Summary corrupt_requests; //!< over every run: requests served with corrupt data before the corruption was found
  double availability = 0; //!< mean over runs
  double lost_objects = 0; //!< mean over runs
  std::vector<DrillResult> drills; //!< kept for timelines and per-run output
  std::optional<double> monthly_cost_usd;  //!< absent until the cost model computes it
  std::optional<CostBreakdown> cost;
  std::vector<ObjectiveResult> objectives; //!< the scenario's objectives that apply to this strategy
  std::optional<LongRunReport> long_run;   //!< present for long-run availability scenarios
};

struct Report {
  std::string scenario;
  std::string scenario_file;
  std::uint64_t seed = 0;
  int runs = 0;
  std::vector<StrategyReport> results;
};

StrategyReport summarize_strategy(const std::string& strategy, std::vector<DrillResult> drills);
// The outages of a long run's drills, each `horizon` seconds long.
LongRunReport summarize_long_run(const std::vector<DrillResult>& drills, double horizon);
// The same, with the strategy's cost.
StrategyReport summarize_strategy(const Scenario& scenario, const Strategy& strategy, std::vector<DrillResult> drills);

} // namespace drsim
