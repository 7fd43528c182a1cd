// Objectives and baselines: whether a strategy's drills meet the scenario's objectives, and whether a report got
// worse than an earlier one. `drsim check` gates CI on both; every report format shows the objectives.
//
// The rules, chosen to be strict and explainable:
// - Each statistic is taken over every drill of the strategy, on the bad side of the metric: for RTO, RPO and lost
//   writes (upper bounds) p95 is the value 95 % of the drills stay at or below, max the largest; for availability
//   (a lower bound) p95 is the availability 95 % of the drills reach or exceed, max the worst drill. Percentiles
//   are nearest-rank, so the observed value is one that some drill actually produced (up to the exact limit of
//   sim/measure/figure_stream.hpp; beyond it, within the sketch's relative error of one).
// - A drill that did not recover within the horizon has an RTO longer than any target, so it counts as +infinity.
//   When the statistic falls on such a drill (p95 with more than 5 % unrecovered, max or mean with any), the
//   observed value is absent (JSON null) and the objective is not met. This is stricter than the report's rto_s,
//   which summarises recovered drills only.
// - Observed values are rounded to the report's resolution (1 ms, 1 write, 1e-9 of availability, 1 cent, 0.001 min
//   of downtime) before they are compared, so the verdict always agrees with the figure printed next to it.
// - Monthly cost is one figure per strategy; the statistic does not apply. Where the report has no cost, a cost
//   objective is "not evaluated": shown as such everywhere, never counted as met, and it does not fail a check.
// - Downtime per month (an upper bound, in minutes) exists only for long runs: its statistic is taken over the
//   runs' downtime as the report's long-run figures summarise it. A report without them leaves the objective "not
//   evaluated", like a cost objective without a cost.
// - The verdict weighs the uncertainty of a finite number of drills (sim/measure/statistics.hpp): an objective is
//   met when the observed statistic and its whole 95 % interval are on the target's side, not met when both are
//   beyond it, and "cannot tell with N runs" otherwise (the interval straddles the target, or is open on the side
//   that would decide): more drills would decide. A max has no interval (no sample bounds the largest value a
//   distribution can take), so it is judged on the drills run, as is a mean over unrecovered drills (not met) and
//   the monthly cost (one figure). A single drill (`drsim run`) gets no verdict: its figure is shown against the
//   target as one drill's, within or beyond it, never as a percentile.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/core/scenario.hpp"
#include "sim/measure/report.hpp"

namespace drsim {

// The JSON report's unit of each metric.
const char* metric_unit(Metric metric);
// Availability is the only lower bound.
bool higher_is_better(Metric metric);

// For people: "RTO p95", "availability mean", "monthly cost", "downtime per month p95".
std::string objective_label(Metric metric, Statistic stat);
// The label of a judged objective: objective_label()'s, or for one drill "RTO of this drill".
std::string objective_label(const ObjectiveResult& result);
// The target of a judged objective: format_target()'s, or for one drill the statistic it is for: "p95 <= 1h".
std::string objective_target(const ObjectiveResult& result);
// A value of the metric for people: "12m 30s", "99.950 %", "1,234 writes", "$4,250.00", "4.4 min".
std::string format_figure(Metric metric, double value);
// "<= 15m" or ">= 99.500 %".
std::string format_target(Metric metric, double target);
// The figure with three more decimals: "2.010 min", "3599.512s", "99.950100 %".
std::string format_precise_figure(Metric metric, double value);
// A figure compared with the target for people: format_figure's, with three more decimals in parentheses when it
// would print like the target without being it ("2.0 min (2.031 min)").
std::string format_near_target(Metric metric, double value, double target);
// The observed value for people, or why there is none.
std::string format_observed(const ObjectiveResult& result);
// "met", "NOT MET", "cannot tell with 200 runs", "not evaluated", or for one drill "within the target" or "beyond
// the target".
std::string verdict_text(const ObjectiveResult& result);

// How many objectives got each verdict.
struct VerdictCounts {
  int met = 0;
  int not_met = 0;
  int cannot_tell = 0;
  int not_evaluated = 0;
  int within_on_one_drill = 0;
  int beyond_on_one_drill = 0;
  int runs = 0; //!< of the last objective that could not tell, for its words

  void add(const ObjectiveResult& result);
  int total() const { return met + not_met + cannot_tell + not_evaluated + within_on_one_drill + beyond_on_one_drill; }
  // Whether `drsim check` passes them: every objective that is evaluated met, on more than one drill.
  bool passed() const { return not_met + cannot_tell + within_on_one_drill + beyond_on_one_drill == 0; }
  // "17 met, 1 not met, 1 cannot tell with 200 runs, 1 not evaluated"; on one drill "1 within the target on one
  // drill, 1 beyond it".
  std::string text() const;
};

// The objectives that apply to the strategy, in the scenario's order, judged on its drills: `report.figures`, as
// StrategyFigures::report() leaves it. Beyond a figure's exact limit its percentiles come from the sketch.
std::vector<ObjectiveResult> evaluate_objectives(const std::vector<Objective>& objectives,
                                                 const StrategyReport& report);
// Fills `objectives` of every strategy of the report.
void attach_objectives(const Scenario& scenario, Report& report);

// One figure of a strategy against the same figure in a baseline report.
struct BaselineComparison {
  std::string strategy;
  std::string figure;   //!< "RTO p95", "RPO p95", "lost writes p95", "unavailability", "unrecovered drills", ...
  std::string baseline; //!< the baseline's value for people
  std::string current;  //!< this report's value for people
  double change = 0;    //!< relative worsening, e.g. 0.25 for 25 % worse; negative when better; +inf from zero
  bool regressed = false;
};

// A relative change for people: "+25.3 %", "-4.0 %", or "up from zero".
std::string format_change(double change);

// Throws InputError naming the file and JSON path unless `baseline` is a JSON report of `drsim compare` for the
// scenario named `scenario` (read from `scenario_file`) holding every one of `strategies`.
void check_baseline(const nlohmann::json& baseline, const std::string& baseline_file, const std::string& scenario,
                    const std::string& scenario_file, const std::vector<std::string>& strategies);

// Compares the report with `baseline`, a JSON report of `drsim compare` read from `baseline_file`. A figure has
// regressed when it is worse than the baseline's by more than `tolerance` (0.1 for 10 %) of it. Availability is
// compared, and shown, as unavailability (1 - availability), so 99.9 % -> 99.8 % is a doubling, not 0.1 %;
// unrecovered drills compare their share of the runs. Throws InputError as check_baseline() does.
std::vector<BaselineComparison> compare_with_baseline(const Report& report, const nlohmann::json& baseline,
                                                      const std::string& baseline_file, double tolerance);

// What `drsim check` established for one scenario.
struct ScenarioCheck {
  Report report;                            //!< with objectives attached
  std::vector<BaselineComparison> baseline; //!< empty without a baseline
  std::optional<double> tolerance;          //!< the baseline's tolerance, when there is one
};

} // namespace drsim
