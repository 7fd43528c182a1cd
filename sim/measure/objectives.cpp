#include "sim/measure/objectives.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string_view>

#include <fmt/format.h>

#include "sim/core/errors.hpp"
#include "sim/core/units.hpp"
#include "sim/measure/availability.hpp"
#include "sim/measure/strategy_figures.hpp"

namespace drsim {
namespace {

constexpr double infinity = std::numeric_limits<double>::infinity();

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

// A statistic with its 95 % interval.
struct Estimate {
  double value = 0;
  std::optional<Interval> interval;
};

double quantile_of(Statistic stat) {
  switch (stat) {
  case Statistic::P50:
    return 0.50;
  case Statistic::P95:
    return 0.95;
  case Statistic::P99:
    return 0.99;
  case Statistic::Max:
  case Statistic::Mean:
  case Statistic::Invalid:
    break;
  }
  return 1;
}

// The statistic on the bad side of the metric (see the header) over the figure's values and `infinities` drills
// beyond any value, +inf when it falls on one of those, and its interval; a max has none (no sample bounds the
// largest value a distribution can take), nor has a mean of unbounded drills.
Estimate estimate(const FigureStream& figure, std::size_t infinities, Statistic stat, bool higher_better) {
  Estimate e;
  if (stat == Statistic::Mean) {
    if (infinities > 0) {
      e.value = infinity;
      return e;
    }
    e.value = figure.mean();
    if (std::isfinite(e.value))
      e.interval = figure.mean_interval();
    return e;
  }
  const std::size_t n = figure.count() + infinities;
  const auto steps = figure.cumulative();
  const auto at = [&](std::size_t k) { return k <= figure.count() ? FigureStream::at_rank(steps, k) : infinity; };
  // A lower bound reads its bad side from the other end: the worst availability is the smallest.
  const auto bad = [&](std::size_t k) { return higher_better ? at(n + 1 - k) : at(k); };
  // The same nearest rank as summarize(), so an RTO objective over drills that all recovered observes rto_s.
  const double p = quantile_of(stat);
  e.value = bad(nearest_rank(p, n));
  if (stat != Statistic::Max) {
    const auto ranks = quantile_ranks(n, p);
    Interval interval;
    if (ranks.low)
      (higher_better ? interval.high : interval.low) = bad(*ranks.low);
    if (ranks.high)
      (higher_better ? interval.low : interval.high) = bad(*ranks.high);
    e.interval = interval;
  }
  return e;
}

// The interval at the report's resolution, as the observed value is.
std::optional<Interval> at_resolution(const std::optional<Interval>& interval, Metric metric) {
  if (!interval)
    return std::nullopt;
  Interval rounded;
  if (interval->low)
    rounded.low = at_resolution(*interval->low, metric);
  if (interval->high)
    rounded.high = at_resolution(*interval->high, metric);
  return rounded;
}

// The verdict once the interval is considered: a side of the target is certain when the whole interval lies on
// it, and the observed value lies on it too.
Verdict verdict_of(const ObjectiveResult& result) {
  if (!result.met)
    return Verdict::NotEvaluated;
  if (result.metric == Metric::MonthlyCost)
    return *result.met ? Verdict::Met : Verdict::NotMet;
  if (result.runs == 1)
    return Verdict::OneDrill;
  if (result.stat == Statistic::Max || (result.stat == Statistic::Mean && !result.observed))
    return *result.met ? Verdict::Met : Verdict::NotMet;
  if (!result.interval)
    return Verdict::CannotTell;
  const auto& [low, high] = *result.interval;
  const bool within = higher_is_better(result.metric) ? low && *low >= result.target : high && *high <= result.target;
  const bool beyond = higher_is_better(result.metric) ? high && *high < result.target : low && *low > result.target;
  if (*result.met && within)
    return Verdict::Met;
  if (!*result.met && beyond)
    return Verdict::NotMet;
  return Verdict::CannotTell;
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

std::string objective_label(const ObjectiveResult& result) {
  if (result.verdict != Verdict::OneDrill)
    return objective_label(result.metric, result.stat);
  const auto label = objective_label(result.metric, Statistic::Mean);
  return label.substr(0, label.rfind(' ')) + " of this drill";
}

std::string objective_target(const ObjectiveResult& result) {
  const auto target = format_target(result.metric, result.target);
  return result.verdict == Verdict::OneDrill ? std::string(name_of(result.stat)) + " " + target : target;
}

std::string format_figure(Metric metric, double value) { return figure(metric, value, 0); }

std::string format_target(Metric metric, double target) {
  return (higher_is_better(metric) ? ">= " : "<= ") + format_figure(metric, target);
}

std::string format_precise_figure(Metric metric, double value) { return figure(metric, value, 3); }

std::string format_near_target(Metric metric, double value, double target) {
  auto text = format_figure(metric, value);
  // A figure printed like the target yet on the wrong side of it would contradict its own verdict.
  if (value != target && text == format_figure(metric, target))
    return text + " (" + figure(metric, value, 3) + ")";
  return text;
}

std::string format_observed(const ObjectiveResult& result) {
  if (!result.observed)
    return result.met ? "beyond the horizon" : "not computed";
  return format_near_target(result.metric, *result.observed, result.target);
}

std::string verdict_text(const ObjectiveResult& result) {
  switch (result.verdict) {
  case Verdict::Met:
    return "met";
  case Verdict::NotMet:
    return "NOT MET";
  case Verdict::CannotTell:
    return "cannot tell with " + std::to_string(result.runs) + " runs";
  case Verdict::OneDrill:
    return result.met == true ? "within the target" : "beyond the target";
  case Verdict::NotEvaluated:
    break;
  }
  return "not evaluated";
}

void VerdictCounts::add(const ObjectiveResult& result) {
  switch (result.verdict) {
  case Verdict::Met:
    ++met;
    break;
  case Verdict::NotMet:
    ++not_met;
    break;
  case Verdict::CannotTell:
    ++cannot_tell;
    runs = result.runs;
    break;
  case Verdict::OneDrill:
    ++(result.met == true ? within_on_one_drill : beyond_on_one_drill);
    break;
  case Verdict::NotEvaluated:
    ++not_evaluated;
    break;
  }
}

std::string VerdictCounts::text() const {
  std::string text;
  const auto add = [&](int count, const std::string& what, bool always = false) {
    if (count > 0 || always)
      text += (text.empty() ? "" : ", ") + std::to_string(count) + " " + what;
  };
  const bool one_drill = within_on_one_drill + beyond_on_one_drill > 0;
  add(within_on_one_drill, "within the target on one drill", one_drill);
  add(beyond_on_one_drill, "beyond it", one_drill);
  add(met, "met", !one_drill);
  add(not_met, "not met", !one_drill);
  add(cannot_tell, "cannot tell with " + std::to_string(runs) + " runs");
  add(not_evaluated, "not evaluated");
  return text;
}

std::vector<ObjectiveResult> evaluate_objectives(const std::vector<Objective>& objectives,
                                                 const StrategyReport& report) {
  std::vector<ObjectiveResult> results;
  for (std::size_t index = 0; index < objectives.size(); ++index) {
    const auto& objective = objectives[index];
    if (!objective.strategies.empty() && std::find(objective.strategies.begin(), objective.strategies.end(),
                                                   report.strategy) == objective.strategies.end())
      continue;
    ObjectiveResult result;
    result.index = index;
    result.metric = objective.metric;
    result.stat = objective.stat;
    result.target = objective.target;
    result.runs = report.runs;
    const bool higher_better = higher_is_better(objective.metric);
    if (objective.metric == Metric::MonthlyCost) {
      if (!report.monthly_cost_usd) {
        result.note = "not evaluated: this report has no monthly cost";
        results.push_back(std::move(result));
        continue;
      }
      result.observed = at_resolution(*report.monthly_cost_usd, Metric::MonthlyCost);
    } else if (objective.metric == Metric::MonthlyDowntime) {
      if (!report.long_run || report.long_run->downtime_min_per_month.count == 0) {
        result.note = "not evaluated: this report has no long-run downtime";
        results.push_back(std::move(result));
        continue;
      }
      const auto& downtime = report.long_run->downtime_min_per_month;
      result.observed = at_resolution(statistic_of(downtime, objective.stat), Metric::MonthlyDowntime);
      result.runs = static_cast<int>(downtime.count);
      const std::optional<Interval> Summary::*intervals[]{&Summary::mean_ci, &Summary::p50_ci, &Summary::p95_ci,
                                                          &Summary::p99_ci};
      const Statistic stats[]{Statistic::Mean, Statistic::P50, Statistic::P95, Statistic::P99};
      for (std::size_t i = 0; i < std::size(stats); ++i)
        if (stats[i] == objective.stat)
          result.interval = at_resolution(downtime.*intervals[i], Metric::MonthlyDowntime);
      if (report.figures && report.figures->worst_downtime)
        result.worst = report.figures->worst_downtime->second;
    } else {
      if (!report.figures || report.figures->runs == 0)
        throw std::invalid_argument("objectives of strategy " + report.strategy + " evaluated without its drills");
      const auto& figures = *report.figures;
      const auto& figure = figures.of(objective.metric);
      const std::size_t infinities =
          objective.metric == Metric::Rto ? static_cast<std::size_t>(figures.unrecovered_runs) : 0;
      const auto [value, interval] = estimate(figure, infinities, objective.stat, higher_better);
      if (std::isinf(value))
        result.note = drills_of(report.unrecovered_runs, report.runs) + " did not recover within the horizon; the " +
                      name_of(objective.stat) + " falls among them";
      else
        result.observed = at_resolution(value, objective.metric);
      result.interval = at_resolution(interval, objective.metric);
      if (result.observed && objective.metric == Metric::Rto && report.unrecovered_runs > 0)
        result.note = "includes " + drills_of(report.unrecovered_runs, report.runs) +
                      " that did not recover, counted as longer than any RTO";
      // The first unrecovered drill, or the first with the worst figure.
      result.worst = infinities > 0 ? figures.first_unrecovered : higher_better ? figure.lowest() : figure.highest();
    }
    result.met = result.observed &&
                 (higher_better ? *result.observed >= objective.target : *result.observed <= objective.target);
    result.verdict = verdict_of(result);
    results.push_back(std::move(result));
  }
  return results;
}

void attach_objectives(const Scenario& scenario, Report& report) {
  for (auto& result : report.results)
    result.objectives = evaluate_objectives(scenario.objectives, result);
}

namespace {

// The largest number of drills a report can hold: `--runs` goes up to this.
constexpr double most_runs = 1e7;

// What a figure of a baseline may be: a number in [min, max], a whole one when `whole`.
struct FigureRange {
  double min;
  double max;
  bool whole = false;
};

// Reads the figures of a baseline report, collecting every problem with its JSON path. A baseline is input like a
// scenario: a figure no report can hold (a negative count, an availability above 1, a float where drills are
// counted) is refused, never compared.
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

  // The number at `pointer`, within `range`; nullopt when the value there, or the summary that holds it, is null
  // and `may_be_null` (a summary of no drills), or when it is missing or not such a number, which is a problem.
  std::optional<double> number(const std::string& pointer, FigureRange range, bool may_be_null) {
    const nlohmann::json::json_pointer where(pointer);
    if (may_be_null && document_.contains(where.parent_pointer()) && document_.at(where.parent_pointer()).is_null())
      return std::nullopt;
    if (may_be_null && document_.contains(where) && document_.at(where).is_null())
      return std::nullopt;
    const std::string expected = fmt::format("expected {} from {:g} to {:g}, as `drsim compare --format json` writes",
                                             range.whole ? "a whole number" : "a number", range.min, range.max);
    if (!document_.contains(where)) {
      problem(pointer, "missing; " + expected);
      return std::nullopt;
    }
    const auto& value = document_.at(where);
    const double number = value.is_number() ? value.get<double>() : 0;
    if (!value.is_number() || !(number >= range.min && number <= range.max) ||
        (range.whole && number != std::trunc(number))) {
      problem(pointer,
              expected + ", not " + (value.is_number() ? value.dump() : std::string("a ") + value.type_name()));
      return std::nullopt;
    }
    return number;
  }

  // Checks every figure that compare_with_baseline() reads from the result at `at`.
  void check_result(const std::string& at) {
    const auto runs = number(at + "/runs", {1, most_runs, true}, false);
    const auto unrecovered = number(at + "/unrecovered_runs", {0, most_runs, true}, false);
    if (runs && unrecovered && *unrecovered > *runs)
      problem(at + "/unrecovered_runs",
              fmt::format("{:g} unrecovered of {:g} drills; expected at most the drills run", *unrecovered, *runs));
    for (const auto* summary : {"/rto_s/p95", "/rpo_s/p95", "/lost_writes/p95"})
      number(at + summary, {0, max_quantity, std::string_view(summary) == "/lost_writes/p95"}, true);
    number(at + "/availability", {0, 1}, false);
    if (document_.contains(nlohmann::json::json_pointer(at + "/monthly_cost_usd")))
      number(at + "/monthly_cost_usd", {0, max_quantity}, true);
  }

private:
  const nlohmann::json& document_;
  std::string file_;
  std::vector<Diagnostic> problems_;
};

// A figure of a baseline that check_baseline() accepted: nullopt where it is null.
std::optional<double> figure_at(const nlohmann::json& document, const std::string& pointer) {
  const nlohmann::json::json_pointer where(pointer);
  if (!document.contains(where) || !document.at(where).is_number())
    return std::nullopt;
  return document.at(where).get<double>();
}

struct Figure {
  std::string name;
  Metric metric; //!< how to print and which way is worse
  std::optional<double> base;
  std::optional<double> now;
};

BaselineComparison compared(const std::string& strategy, const Figure& f, double tolerance) {
  BaselineComparison c;
  c.strategy = strategy;
  c.figure = f.name;
  double base = at_resolution(*f.base, f.metric);
  double now = at_resolution(*f.now, f.metric);
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
  reader.number("/seed", {0, 18446744073709551615.0, true}, false);
  reader.number("/runs", {1, most_runs, true}, false);
  if (!baseline.contains("results") || !baseline["results"].is_array())
    reader.problem("/results", "expected an array of results");
  reader.throw_problems();
  std::vector<std::string> present;
  for (std::size_t i = 0; i < baseline["results"].size(); ++i) {
    const auto& entry = baseline["results"][i];
    const auto at = "/results/" + std::to_string(i);
    if (!entry.is_object() || !entry.contains("strategy") || !entry["strategy"].is_string()) {
      reader.problem(at, "expected a strategy's results, an object with its name in \"strategy\"");
      continue;
    }
    present.push_back(entry["strategy"].get<std::string>());
    reader.check_result(at);
  }
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
  const auto& results = baseline["results"];
  std::vector<BaselineComparison> comparisons;
  for (const auto& r : report.results) {
    std::size_t index = 0;
    while (!(results[index].is_object() && results[index].value("strategy", nlohmann::json()) == r.strategy))
      ++index;
    const auto at = "/results/" + std::to_string(index);
    const auto at_figure = [&](const char* pointer) { return figure_at(baseline, at + pointer); };
    std::vector<Figure> figures{
        {"RTO p95", Metric::Rto, at_figure("/rto_s/p95"),
         r.rto_s.count > 0 ? std::optional(r.rto_s.p95) : std::nullopt},
        {"RPO p95", Metric::Rpo, at_figure("/rpo_s/p95"),
         r.rpo_s.count > 0 ? std::optional(r.rpo_s.p95) : std::nullopt},
        {"lost writes p95", Metric::LostWrites, at_figure("/lost_writes/p95"),
         r.lost_writes.count > 0 ? std::optional(r.lost_writes.p95) : std::nullopt},
        {"unavailability", Metric::Availability, at_figure("/availability"), r.availability},
    };
    if (const auto cost = at_figure("/monthly_cost_usd"))
      figures.push_back({"monthly cost", Metric::MonthlyCost, cost, r.monthly_cost_usd});
    for (const auto& f : figures)
      if (f.base && f.now)
        comparisons.push_back(compared(r.strategy, f, tolerance));
    const auto runs = at_figure("/runs");
    const auto unrecovered = at_figure("/unrecovered_runs");
    if (runs && unrecovered && r.runs > 0) {
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
  return comparisons;
}

} // namespace drsim
