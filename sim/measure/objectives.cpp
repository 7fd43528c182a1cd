#include "sim/measure/objectives.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <numeric>
#include <stdexcept>

#include <fmt/format.h>

#include "sim/core/errors.hpp"
#include "sim/core/units.hpp"

namespace drsim {
namespace {

constexpr double infinity = std::numeric_limits<double>::infinity();

// The resolution of each metric in the JSON report, as steps per unit: dividing by a whole number of steps gives
// the double nearest the decimal figure (900 s, not the 900.0000000000001 that multiplying by 0.001 can give).
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

double rounded(double value, Metric metric) {
  const double steps = steps_per_unit(metric);
  return std::round(value * steps) / steps;
}

// "1234567.5" with `decimals` decimals and thousands separated by commas.
std::string grouped(double value, int decimals) {
  std::string digits = fmt::format("{:.{}f}", std::fabs(value), decimals);
  const auto point = digits.find('.');
  const std::size_t whole = point == std::string::npos ? digits.size() : point;
  std::string text = value < 0 ? "-" : "";
  for (std::size_t i = 0; i < whole; ++i) {
    if (i > 0 && (whole - i) % 3 == 0)
      text += ',';
    text += digits[i];
  }
  return text + digits.substr(whole);
}

std::string figure(Metric metric, double value, int decimals) {
  switch (metric) {
  case Metric::Rto:
  case Metric::Rpo:
    return decimals == 0 ? format_duration(value) : fmt::format("{:.{}f}s", value, decimals);
  case Metric::LostWrites:
    return grouped(value, 0) + (value == 1 ? " write" : " writes");
  case Metric::Availability:
    return fmt::format("{:.{}f} %", value * 100, 3 + decimals);
  case Metric::MonthlyCost:
    return "$" + grouped(value, 2);
  case Metric::MonthlyDowntime:
    return fmt::format("{:.{}f} min", value, decimals == 0 ? 1 : decimals);
  case Metric::Invalid:
    break;
  }
  return fmt::format("{:g}", value);
}

double per_drill(Metric metric, const DrillResult& drill) {
  const auto& m = drill.measurement;
  switch (metric) {
  case Metric::Rto:
    return m.rto_s.value_or(infinity);
  case Metric::Rpo:
    return m.rpo_s;
  case Metric::LostWrites:
    return m.lost_writes;
  case Metric::Availability:
    return m.availability;
  case Metric::MonthlyCost:
  case Metric::MonthlyDowntime:
  case Metric::Invalid:
    break;
  }
  return 0;
}

// The statistic of a figure summarised over the runs: summarize() takes the same nearest ranks as statistic().
double statistic_of(const Summary& summary, Statistic stat) {
  switch (stat) {
  case Statistic::Mean:
    return summary.mean;
  case Statistic::P50:
    return summary.p50;
  case Statistic::P95:
    return summary.p95;
  case Statistic::P99:
    return summary.p99;
  case Statistic::Max:
  case Statistic::Invalid:
    break;
  }
  return summary.max;
}

// The statistic on the bad side of the metric (see the header); +inf when it falls on an unbounded drill.
double statistic(std::vector<double> values, Statistic stat, bool higher_better) {
  if (stat == Statistic::Mean)
    return std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(values.size());
  if (higher_better)
    std::sort(values.begin(), values.end(), std::greater<>());
  else
    std::sort(values.begin(), values.end());
  double p = 1;
  switch (stat) {
  case Statistic::P50:
    p = 0.50;
    break;
  case Statistic::P95:
    p = 0.95;
    break;
  case Statistic::P99:
    p = 0.99;
    break;
  case Statistic::Max:
  case Statistic::Mean:
  case Statistic::Invalid:
    break;
  }
  // The same nearest rank as summarize(), so an RTO objective over drills that all recovered observes rto_s.
  const auto index = static_cast<std::size_t>(std::ceil(p * static_cast<double>(values.size())));
  return values[std::clamp<std::size_t>(index, 1, values.size()) - 1];
}

std::string drills_of(int count, int runs) {
  return std::to_string(count) + " of " + std::to_string(runs) + (runs == 1 ? " drill" : " drills");
}

} // namespace

const char* metric_unit(Metric metric) {
  switch (metric) {
  case Metric::Rto:
  case Metric::Rpo:
    return "s";
  case Metric::LostWrites:
    return "count";
  case Metric::Availability:
    return "fraction";
  case Metric::MonthlyCost:
    return "USD";
  case Metric::MonthlyDowntime:
    return "min";
  case Metric::Invalid:
    break;
  }
  return "";
}

bool higher_is_better(Metric metric) { return metric == Metric::Availability; }

std::string objective_label(Metric metric, Statistic stat) {
  switch (metric) {
  case Metric::Rto:
    return std::string("RTO ") + name_of(stat);
  case Metric::Rpo:
    return std::string("RPO ") + name_of(stat);
  case Metric::LostWrites:
    return std::string("lost writes ") + name_of(stat);
  case Metric::Availability:
    return std::string("availability ") + name_of(stat);
  case Metric::MonthlyCost:
    return "monthly cost";
  case Metric::MonthlyDowntime:
    return std::string("downtime per month ") + name_of(stat);
  case Metric::Invalid:
    break;
  }
  return "invalid";
}

std::string format_figure(Metric metric, double value) { return figure(metric, value, 0); }

std::string format_target(Metric metric, double target) {
  return (higher_is_better(metric) ? ">= " : "<= ") + format_figure(metric, target);
}

std::string format_observed(const ObjectiveResult& result) {
  if (!result.observed)
    return result.met ? "beyond the horizon" : "not computed";
  const double observed = *result.observed;
  auto text = format_figure(result.metric, observed);
  // A figure printed like the target yet on the wrong side of it would contradict its own verdict.
  if (observed != result.target && text == format_figure(result.metric, result.target))
    return text + " (" + figure(result.metric, observed, 3) + ")";
  return text;
}

const char* verdict_text(const ObjectiveResult& result) {
  if (!result.met)
    return "not evaluated";
  return *result.met ? "met" : "NOT MET";
}

std::vector<ObjectiveResult> evaluate_objectives(const std::vector<Objective>& objectives,
                                                 const StrategyReport& report) {
  std::vector<ObjectiveResult> results;
  for (const auto& objective : objectives) {
    if (!objective.strategies.empty() &&
        std::find(objective.strategies.begin(), objective.strategies.end(), report.strategy) ==
            objective.strategies.end())
      continue;
    ObjectiveResult result;
    result.metric = objective.metric;
    result.stat = objective.stat;
    result.target = objective.target;
    if (objective.metric == Metric::MonthlyCost) {
      if (!report.monthly_cost_usd) {
        result.note = "not evaluated: this report has no monthly cost";
        results.push_back(std::move(result));
        continue;
      }
      result.observed = rounded(*report.monthly_cost_usd, Metric::MonthlyCost);
    } else if (objective.metric == Metric::MonthlyDowntime) {
      if (!report.long_run || report.long_run->downtime_min_per_month.count == 0) {
        result.note = "not evaluated: this report has no long-run downtime";
        results.push_back(std::move(result));
        continue;
      }
      result.observed = rounded(statistic_of(report.long_run->downtime_min_per_month, objective.stat),
                                Metric::MonthlyDowntime);
    } else {
      if (report.drills.empty())
        throw std::invalid_argument("objectives of strategy " + report.strategy + " evaluated without its drills");
      std::vector<double> values;
      for (const auto& drill : report.drills)
        values.push_back(per_drill(objective.metric, drill));
      const double value = statistic(std::move(values), objective.stat, higher_is_better(objective.metric));
      if (std::isinf(value))
        result.note = drills_of(report.unrecovered_runs, report.runs) +
                      " did not recover within the horizon; the " + name_of(objective.stat) +
                      " falls among them";
      else
        result.observed = rounded(value, objective.metric);
      if (result.observed && objective.metric == Metric::Rto && report.unrecovered_runs > 0)
        result.note = "includes " + drills_of(report.unrecovered_runs, report.runs) +
                      " that did not recover, counted as longer than any RTO";
    }
    result.met = result.observed && (higher_is_better(objective.metric) ? *result.observed >= objective.target
                                                                        : *result.observed <= objective.target);
    results.push_back(std::move(result));
  }
  return results;
}

void attach_objectives(const Scenario& scenario, Report& report) {
  for (auto& result : report.results)
    result.objectives = evaluate_objectives(scenario.objectives, result);
}

namespace {

// Reads the figures of a baseline report, collecting every problem with its JSON path.
class BaselineReader {
public:
  BaselineReader(const nlohmann::json& document, std::string file) : document_(document), file_(std::move(file)) {}

  void problem(const std::string& pointer, const std::string& message) {
    problems_.push_back({file_, pointer, message});
  }
  void throw_problems() const {
    if (!problems_.empty())
      throw InputError(problems_);
  }

  // The number at `pointer`; nullopt when the value there is null (a summary of no drills), or when it is missing
  // or not a number, which is a problem.
  std::optional<double> number(const std::string& pointer, bool may_be_null) {
    const nlohmann::json::json_pointer where(pointer);
    if (may_be_null && document_.contains(where.parent_pointer()) && document_.at(where.parent_pointer()).is_null())
      return std::nullopt;
    if (!document_.contains(where) || !document_.at(where).is_number()) {
      problem(pointer, "expected a number, as `drsim compare --format json` writes");
      return std::nullopt;
    }
    return document_.at(where).get<double>();
  }

private:
  const nlohmann::json& document_;
  std::string file_;
  std::vector<Diagnostic> problems_;
};

struct Figure {
  std::string name;
  Metric metric;               //!< how to print and which way is worse
  std::optional<double> base;
  std::optional<double> now;
};

BaselineComparison compared(const std::string& strategy, const Figure& f, double tolerance) {
  BaselineComparison c;
  c.strategy = strategy;
  c.figure = f.name;
  double base = rounded(*f.base, f.metric);
  double now = rounded(*f.now, f.metric);
  if (higher_is_better(f.metric)) {
    base = 1 - base;
    now = 1 - now;
  }
  c.baseline = format_figure(f.metric, base);
  c.current = format_figure(f.metric, now);
  c.change = base > 0 ? (now - base) / base : now > base ? infinity : 0;
  c.regressed = now > base * (1 + tolerance);
  return c;
}

} // namespace

std::string format_change(double change) {
  if (std::isinf(change))
    return "up from zero";
  return fmt::format("{:+.1f} %", change * 100);
}

void check_baseline(const nlohmann::json& baseline, const std::string& baseline_file, const std::string& scenario,
                    const std::string& scenario_file, const std::vector<std::string>& strategies) {
  BaselineReader reader(baseline, baseline_file);
  if (!baseline.is_object() || !baseline.contains("drsim_report") || baseline["drsim_report"] != 1) {
    reader.problem("", "not a drsim report; expected the JSON report of `drsim compare --format json`");
    reader.throw_problems();
  }
  if (!baseline.contains("scenario") || !baseline["scenario"].is_string())
    reader.problem("/scenario", "expected the scenario's name, a string");
  else if (baseline["scenario"] != scenario)
    reader.problem("/scenario", "the baseline is of scenario \"" + baseline["scenario"].get<std::string>() +
                                    "\", not of \"" + scenario + "\" (" + scenario_file +
                                    "); compare with a baseline of the same scenario");
  if (!baseline.contains("results") || !baseline["results"].is_array())
    reader.problem("/results", "expected an array of results");
  reader.throw_problems();
  std::vector<std::string> present;
  for (const auto& entry : baseline["results"])
    if (entry.is_object() && entry.contains("strategy") && entry["strategy"].is_string())
      present.push_back(entry["strategy"].get<std::string>());
  std::string names;
  for (const auto& name : present)
    names += (names.empty() ? "" : ", ") + name;
  for (const auto& strategy : strategies)
    if (std::find(present.begin(), present.end(), strategy) == present.end())
      reader.problem("/results", "the baseline has no strategy \"" + strategy + "\" (it has " +
                                     (names.empty() ? std::string("none") : names) +
                                     "); make a new baseline with `drsim compare --format json`");
  reader.throw_problems();
}

std::vector<BaselineComparison> compare_with_baseline(const Report& report, const nlohmann::json& baseline,
                                                      const std::string& baseline_file, double tolerance) {
  std::vector<std::string> strategies;
  for (const auto& r : report.results)
    strategies.push_back(r.strategy);
  check_baseline(baseline, baseline_file, report.scenario, report.scenario_file, strategies);
  BaselineReader reader(baseline, baseline_file);
  const auto& results = baseline["results"];
  std::vector<BaselineComparison> comparisons;
  for (const auto& r : report.results) {
    std::size_t index = 0;
    while (!(results[index].is_object() && results[index].value("strategy", nlohmann::json()) == r.strategy))
      ++index;
    const auto at = "/results/" + std::to_string(index);
    const auto runs = reader.number(at + "/runs", false);
    const auto unrecovered = reader.number(at + "/unrecovered_runs", false);
    std::vector<Figure> figures{
        {"RTO p95", Metric::Rto, reader.number(at + "/rto_s/p95", true),
         r.rto_s.count > 0 ? std::optional(r.rto_s.p95) : std::nullopt},
        {"RPO p95", Metric::Rpo, reader.number(at + "/rpo_s/p95", true),
         r.rpo_s.count > 0 ? std::optional(r.rpo_s.p95) : std::nullopt},
        {"lost writes p95", Metric::LostWrites, reader.number(at + "/lost_writes/p95", true),
         r.lost_writes.count > 0 ? std::optional(r.lost_writes.p95) : std::nullopt},
        {"unavailability", Metric::Availability, reader.number(at + "/availability", false), r.availability},
    };
    if (results[index].contains("monthly_cost_usd") && !results[index]["monthly_cost_usd"].is_null())
      figures.push_back(
          {"monthly cost", Metric::MonthlyCost, reader.number(at + "/monthly_cost_usd", false), r.monthly_cost_usd});
    for (const auto& f : figures)
      if (f.base && f.now)
        comparisons.push_back(compared(r.strategy, f, tolerance));
    if (runs && unrecovered && *runs >= 1 && r.runs > 0) {
      // Shares, not counts, so that a baseline of more drills compares fairly.
      BaselineComparison c;
      c.strategy = r.strategy;
      c.figure = "unrecovered drills";
      c.baseline = drills_of(static_cast<int>(*unrecovered), static_cast<int>(*runs));
      c.current = drills_of(r.unrecovered_runs, r.runs);
      const double base = *unrecovered / *runs;
      const double now = static_cast<double>(r.unrecovered_runs) / r.runs;
      c.change = base > 0 ? (now - base) / base : now > base ? infinity : 0;
      c.regressed = now > base * (1 + tolerance);
      comparisons.push_back(std::move(c));
    }
  }
  reader.throw_problems();
  return comparisons;
}

} // namespace drsim
