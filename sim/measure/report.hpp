// What a command reports, independent of the output format: per strategy, the statistics of its drills.
// Writers in reports/ turn it into text, JSON and the other formats.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sim/measure/drill_result.hpp"
#include "sim/measure/evidence.hpp"
#include "sim/measure/figure_stream.hpp"
#include "sim/measure/rto_anatomy.hpp"
#include "sim/measure/statistics.hpp"

namespace drsim {

class StrategyFigures;

// How an objective stands once the uncertainty of a finite number of drills is considered; sim/measure/objectives.hpp
// gives the rules.
enum class Verdict {
  NotEvaluated, //!< this report does not compute the figure
  Met,          //!< met, and the 95 % interval of the statistic lies on the target's side too
  NotMet,       //!< not met, and the interval lies beyond the target too
  CannotTell,   //!< the interval straddles the target: more drills would decide
  OneDrill,     //!< one drill's figure against the target: no statistic of one drill is a verdict
};

inline constexpr EnumName<Verdict> verdict_names[]{{Verdict::NotEvaluated, "not_evaluated"},
                                                   {Verdict::Met, "met"},
                                                   {Verdict::NotMet, "not_met"},
                                                   {Verdict::CannotTell, "cannot_tell"},
                                                   {Verdict::OneDrill, "one_drill"}};
constexpr std::span<const EnumName<Verdict>> name_table(Verdict) { return verdict_names; }

// One objective of the scenario judged on one strategy's drills; sim/measure/objectives.hpp gives the rules.
struct ObjectiveResult {
  std::size_t index = 0; //!< its place among the scenario's objectives (JSON Pointer /objectives/index)
  Metric metric = Metric::Invalid;
  Statistic stat = Statistic::P95;
  double target = 0;
  std::optional<double> observed;   //!< absent: beyond any target (unrecovered drills) or not computed
  std::optional<Interval> interval; //!< the statistic's 95 % interval, at the resolution of `observed`
  std::optional<bool> met;          //!< whether `observed` is on the target's side; absent: not evaluated
  Verdict verdict = Verdict::NotEvaluated;
  int runs = 0;                  //!< the drills (or long runs) the statistic is taken over
  std::optional<DrillRef> worst; //!< the drill at the bad end of the metric, to replay
  std::string note;              //!< why observed or met is absent, or what they include
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
    return compute + database_instances + database_storage + backup_storage + transfer + health_checks + load_balancers;
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
  Summary downtime_min_per_month; //!< per run: its downtime over its length in months (a month: a twelfth of a year)
  Summary outages_per_year;       //!< per run
  Summary outage_length_s;        //!< over every ended outage of every run
  Summary outage_rpo_s;           //!< over every outage of every run, 0 when it lost no data
  Summary outage_lost_writes;     //!< over every outage of every run
  int outages = 0;                //!< outages of all runs
  int unended_outages = 0;        //!< outages still under way at the horizon (their length is not in the summary)
};

// The failbacks of a strategy's drills (FailbackFigures): over the drills whose failback began; duration over those
// whose failback ended.
struct FailbackReport {
  int runs = 0;            //!< drills whose failback began
  int unfinished_runs = 0; //!< of them, those whose failback had not ended by the horizon
  Summary duration_s;
  Summary downtime_s;
  Summary lost_writes;
  Summary both_regions_usd; //!< the capacity beyond the steady state, from the fault to the failback's end
};

// A drill that did not finish: its process crashed or it exceeded the time limit (`compare --keep-going`).
struct FailedDrill {
  int run = 0;
  std::uint64_t seed = 0;
  std::string reason; //!< e.g. "crashed (SIGSEGV)", "exceeded the time limit of 60 s"
};

// Failed drills listed per strategy at most: each is enough to replay, and a list of every failure would grow with
// the runs when a strategy's drills keep failing.
inline constexpr std::size_t failed_drills_listed = 100;

// The drills of a strategy that did not finish: all of them counted, the first `failed_drills_listed` (in run order)
// listed.
struct FailedDrills {
  int count = 0;
  std::vector<FailedDrill> first;

  void add(FailedDrill drill);
};

struct StrategyReport {
  std::string strategy;
  int runs = 0; //!< drills that finished; every statistic is over them
  int unrecovered_runs = 0;
  FailedDrills failed; //!< drills that did not finish, counted apart like unrecovered ones
  Summary rto_s;       //!< over recovered runs only
  Summary rpo_s;
  Summary lost_writes;
  Summary data_loss_s; //!< over every run, like RPO (DataLossFigures)
  Summary discarded_writes;
  Summary conflict_lost_writes; //!< over every run: updates last-writer-wins dropped after partitions
  Summary corrupt_requests;     //!< over every run: requests served with corrupt data before the corruption was found
  double availability = 0;      //!< mean over runs
  std::optional<Interval> availability_ci; //!< 95 % interval of that mean; absent for fewer than two runs
  double lost_objects = 0;                 //!< mean over runs
  // Whole drills, timelines included: `drsim run`'s one drill, or what summarize_strategy() was given. A comparison
  // keeps none: its drills stream into `figures`.
  std::vector<DrillResult> drills;
  std::optional<double> monthly_cost_usd; //!< absent until the cost model computes it
  std::optional<CostBreakdown> cost;
  std::vector<ObjectiveResult> objectives; //!< the scenario's objectives that apply to this strategy
  std::optional<LongRunReport> long_run;   //!< present for long-run availability scenarios
  std::optional<FailbackReport> failback;  //!< present when some drill's failback began
  std::optional<RtoAnatomy> anatomy;       //!< of its one drill (`drsim run`), when it recovered after a failure
  std::optional<RtoAnatomyMedians> anatomy_medians; //!< over its drills' phases (`drsim compare`), when any has them
  std::shared_ptr<const StrategyFigures> figures;   //!< what the statistics came from: objectives and charts read it
};

// How `compare --precision` stopped: after which batches, and which headline figures (headline_figures()) were
// still less precise than asked when it reached its largest number of runs.
struct PrecisionStop {
  double target = 0; //!< the largest half-width of an interval relative to its figure, e.g. 0.05
  int max_runs = 0;
  std::vector<int> batches; //!< drills per strategy after each batch; the last is the report's runs
  struct Figure {
    std::string strategy;
    std::string figure;               //!< as HeadlineFigure::label
    std::optional<double> half_width; //!< relative; absent: the interval is open on a side, or the figure is 0
  };
  std::vector<Figure> imprecise; //!< empty: every headline figure reached the target
};

struct Report {
  std::string scenario;
  std::string scenario_file;
  std::uint64_t seed = 0;
  int runs = 0;
  std::vector<StrategyReport> results;
  std::optional<PrecisionStop> precision{}; //!< present for `compare --precision`
  std::optional<Evidence> evidence{};       //!< absent only where no command made the report (tests)
};

// The drills' statistics (StrategyFigures), the drills kept in `drills`.
StrategyReport summarize_strategy(const std::string& strategy, std::vector<DrillResult> drills);
// The same, with the strategy's cost, its long-run figures or its RTO anatomy.
StrategyReport summarize_strategy(const Scenario& scenario, const Strategy& strategy, std::vector<DrillResult> drills);

// The resolution of each metric in the JSON report, as steps per unit (1e3: milliseconds of seconds): dividing by a
// whole number of steps gives the double nearest the decimal figure (900 s, not the 900.0000000000001 that
// multiplying by 0.001 can give).
double steps_per_unit(Metric metric);
// `value` at that resolution.
double at_resolution(double value, Metric metric);

// A figure of a comparison with its 95 % interval: the figures `compare --precision` drives to the precision
// asked, and those two strategies are compared on to tell a difference from noise. Availability stands as
// unavailability (1 - availability), whose relative precision is the one that matters.
struct HeadlineFigure {
  std::string label; //!< "RTO p95", "unavailability", "downtime per month mean"
  std::string key;   //!< where the JSON report holds it: "rto_s.p95", "availability"
  Metric metric = Metric::Invalid;
  double value = 0;
  std::optional<Interval> interval;
};

// RTO p50 and p95 (when a drill recovered), RPO p50 and p95, lost writes p95, unavailability, and for a long run
// downtime per month mean and p95: the figures of the text table.
std::vector<HeadlineFigure> headline_figures(const StrategyReport& report);
// The interval's larger half-width relative to the figure; 0 when it is within the report's resolution of the
// figure (1 ms, 1 write, 1e-9); absent when the interval is open on a side or there is none.
std::optional<double> relative_half_width(const HeadlineFigure& figure);

// The headline figures of every strategy whose relative half-width is above `target` (or none can be given): what
// keeps `compare --precision` drilling.
std::vector<PrecisionStop::Figure> imprecise_figures(const Report& report, double target);

// Two strategies whose figures differ, though by less than the drills can tell: their 95 % intervals overlap. Where a
// side that matters is open (too few drills to bound it), the figure itself stands in for that bound: the higher
// figure's open low side starts at the figure, the lower one's open high side ends at it.
struct WithinNoise {
  std::string first;
  std::string second;
  std::vector<std::string> figures; //!< HeadlineFigure::label of each, in headline order
};
// Every pair of strategies, in the report's order, with the figures in which they are within noise of each other.
// Figures that print the same are not listed: there is no difference to explain.
std::vector<WithinNoise> within_noise(const Report& report);

} // namespace drsim
