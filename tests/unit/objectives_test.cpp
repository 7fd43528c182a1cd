// Objectives judged on hand-made drills, and baselines compared on hand-made reports: the rules of
// sim/objectives.hpp, without running a simulation.

#include <catch2/catch.hpp>

#include <optional>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/core/errors.hpp"
#include "sim/measure/objectives.hpp"

using namespace drsim;

namespace {

DrillResult drill(std::optional<double> rto, double rpo = 0, double lost = 0, double availability = 1) {
  DrillResult d;
  d.measurement.rto_s = rto;
  d.measurement.rpo_s = rpo;
  d.measurement.lost_writes = lost;
  d.measurement.availability = availability;
  return d;
}

// Twenty drills recovering in 100 s, 200 s, ... 2000 s.
std::vector<DrillResult> twenty_drills() {
  std::vector<DrillResult> drills;
  for (int i = 1; i <= 20; ++i)
    drills.push_back(drill(100.0 * i, i, 10.0 * i, 1 - 0.001 * i));
  return drills;
}

Objective objective(Metric metric, Statistic stat, double target, std::vector<std::string> strategies = {}) {
  Objective o;
  o.metric = metric;
  o.stat = stat;
  o.target = target;
  o.strategies = std::move(strategies);
  return o;
}

ObjectiveResult judge(const Objective& o, const StrategyReport& report) {
  const auto results = evaluate_objectives({o}, report);
  REQUIRE(results.size() == 1);
  return results.front();
}

} // namespace

TEST_CASE("objectives: an upper bound holds when the statistic is at most the target") {
  const auto report = summarize_strategy("pilot-light", twenty_drills());
  // Nearest rank: p95 of 20 drills is the 19th smallest, as in the report's rto_s.
  const auto at_target = judge(objective(Metric::Rto, Statistic::P95, 1900), report);
  CHECK(at_target.observed == 1900);
  CHECK(at_target.observed == report.rto_s.p95);
  CHECK(at_target.met == true);
  CHECK(at_target.note.empty());
  // On the target's side, though not by more than twenty drills can tell.
  CHECK(verdict_text(at_target) == std::string("cannot tell with 20 runs"));

  const auto below = judge(objective(Metric::Rto, Statistic::P95, 1899), report);
  CHECK(below.met == false);
  CHECK(verdict_text(below) == std::string("cannot tell with 20 runs"));
  CHECK(verdict_text(judge(objective(Metric::Rto, Statistic::P50, 5000), report)) == std::string("met"));
  CHECK(verdict_text(judge(objective(Metric::Rto, Statistic::P95, 1000), report)) == std::string("NOT MET"));

  CHECK(judge(objective(Metric::Rto, Statistic::Max, 2000), report).met == true);
  CHECK(judge(objective(Metric::Rto, Statistic::P50, 1000), report).observed == 1000);
  CHECK(judge(objective(Metric::Rto, Statistic::Mean, 1050), report).met == true);
  CHECK(judge(objective(Metric::Rpo, Statistic::P99, 19), report).met == false);
  CHECK(judge(objective(Metric::LostWrites, Statistic::Max, 200), report).observed == 200);
}

TEST_CASE("objectives: availability is a lower bound and its percentiles read the bad side") {
  std::vector<DrillResult> drills(19, drill(60, 0, 0, 0.99));
  drills.push_back(drill(60, 0, 0, 0.90));
  auto report = summarize_strategy("warm-standby", drills);
  // One bad drill in twenty: 95 % of the drills reach 99 %.
  CHECK(judge(objective(Metric::Availability, Statistic::P95, 0.98), report).observed == Approx(0.99));
  CHECK(judge(objective(Metric::Availability, Statistic::P95, 0.98), report).met == true);
  // "max" is the worst drill.
  CHECK(judge(objective(Metric::Availability, Statistic::Max, 0.98), report).observed == Approx(0.90));
  CHECK(judge(objective(Metric::Availability, Statistic::Max, 0.98), report).met == false);
  CHECK(judge(objective(Metric::Availability, Statistic::Mean, 0.9855), report).observed == Approx(0.9855));
  CHECK(judge(objective(Metric::Availability, Statistic::Mean, 0.986), report).met == false);
  CHECK(judge(objective(Metric::Availability, Statistic::Mean, 0.985), report).met == true);

  drills.back() = drill(60, 0, 0, 0.99);
  drills[0] = drill(60, 0, 0, 0.90);
  drills[1] = drill(60, 0, 0, 0.90);
  report = summarize_strategy("warm-standby", drills);
  CHECK(judge(objective(Metric::Availability, Statistic::P95, 0.98), report).met == false);
  CHECK(format_target(Metric::Availability, 0.98) == ">= 98.000 %");
}

TEST_CASE("objectives: each applies to the strategies it names, all when it names none") {
  Scenario scenario;
  scenario.objectives = {objective(Metric::Rto, Statistic::P95, 3000),
                         objective(Metric::Rto, Statistic::P95, 500, {"warm-standby"}),
                         objective(Metric::Rpo, Statistic::Max, 1, {"pilot-light", "warm-standby"})};
  Report report{"s", "s.json", 1, 20, {}};
  report.results.push_back(summarize_strategy("pilot-light", twenty_drills()));
  report.results.push_back(summarize_strategy("warm-standby", twenty_drills()));
  report.results.push_back(summarize_strategy("active-active", twenty_drills()));
  attach_objectives(scenario, report);
  REQUIRE(report.results[0].objectives.size() == 2);
  CHECK(report.results[0].objectives[0].target == 3000);
  CHECK(report.results[0].objectives[1].metric == Metric::Rpo);
  REQUIRE(report.results[1].objectives.size() == 3);
  CHECK(report.results[1].objectives[1].target == 500);
  CHECK(report.results[1].objectives[1].met == false);
  REQUIRE(report.results[2].objectives.size() == 1);
  CHECK(report.results[2].objectives[0].met == true);
}

TEST_CASE("objectives: an unrecovered drill counts as longer than any RTO") {
  auto drills = twenty_drills();
  drills[3].measurement.rto_s.reset();
  auto report = summarize_strategy("backup-restore", drills);
  REQUIRE(report.unrecovered_runs == 1);

  // 5 % unrecovered: p95 is the slowest recovered drill, and says what it includes.
  auto p95 = judge(objective(Metric::Rto, Statistic::P95, 2000), report);
  CHECK(p95.observed == 2000);
  CHECK(p95.met == true);
  CHECK(p95.note == "includes 1 of 20 drills that did not recover, counted as longer than any RTO");
  // max and mean fall on the unrecovered drill: no value, not met.
  for (const auto stat : {Statistic::Max, Statistic::Mean}) {
    const auto result = judge(objective(Metric::Rto, stat, 1e9), report);
    CHECK_FALSE(result.observed);
    CHECK(result.met == false);
    CHECK(format_observed(result) == "beyond the horizon");
  }

  // 10 % unrecovered: p95 falls among them.
  drills[7].measurement.rto_s.reset();
  report = summarize_strategy("backup-restore", drills);
  p95 = judge(objective(Metric::Rto, Statistic::P95, 1e9), report);
  CHECK_FALSE(p95.observed);
  CHECK(p95.met == false);
  CHECK(p95.note == "2 of 20 drills did not recover within the horizon; the p95 falls among them");
  CHECK(judge(objective(Metric::Rto, Statistic::P50, 1e9), report).met == true);
  // RPO is measured for unrecovered drills too.
  CHECK(judge(objective(Metric::Rpo, Statistic::Max, 20), report).met == true);
}

TEST_CASE("objectives: the verdict agrees with the rounded figure printed next to it") {
  const auto report = summarize_strategy("s", {drill(900.0004), drill(900.4)});
  const auto p50 = judge(objective(Metric::Rto, Statistic::P50, 900), report);
  CHECK(p50.observed == 900);
  CHECK(p50.met == true);
  CHECK(format_observed(p50) == "15m");
  // Printed like its target yet above it: the exact figure is added.
  const auto max = judge(objective(Metric::Rto, Statistic::Max, 900), report);
  CHECK(max.met == false);
  CHECK(format_observed(max) == "15m (900.400s)");
  CHECK(format_target(Metric::Rto, 900) == "<= 15m");
}

TEST_CASE("objectives: monthly cost is not evaluated without a cost, and compared with one") {
  auto report = summarize_strategy("pilot-light", twenty_drills());
  auto result = judge(objective(Metric::MonthlyCost, Statistic::Mean, 5000), report);
  CHECK_FALSE(result.met);
  CHECK_FALSE(result.observed);
  CHECK(verdict_text(result) == std::string("not evaluated"));
  CHECK(result.note == "not evaluated: this report has no monthly cost");

  report.monthly_cost_usd = 5000.004;
  result = judge(objective(Metric::MonthlyCost, Statistic::Mean, 5000), report);
  CHECK(result.met == true);
  CHECK(format_observed(result) == "$5,000.00");
  report.monthly_cost_usd = 12345.678;
  result = judge(objective(Metric::MonthlyCost, Statistic::P95, 5000), report);
  CHECK(result.met == false);
  CHECK(format_observed(result) == "$12,345.68");
}

TEST_CASE("objectives: downtime per month is judged on a long run's downtime of each run") {
  auto report = summarize_strategy("multi-az", twenty_drills());
  auto result = judge(objective(Metric::MonthlyDowntime, Statistic::P95, 5), report);
  CHECK_FALSE(result.met);
  CHECK_FALSE(result.observed);
  CHECK(result.note == "not evaluated: this report has no long-run downtime");

  // Twenty runs down 0.5, 1.0, ... 10 minutes a month: the same nearest ranks as the other metrics.
  std::vector<double> downtime;
  for (int i = 1; i <= 20; ++i)
    downtime.push_back(0.5 * i);
  report.long_run = LongRunReport{};
  report.long_run->downtime_min_per_month = summarize(downtime);
  result = judge(objective(Metric::MonthlyDowntime, Statistic::P95, 9.5), report);
  CHECK(result.observed == 9.5);
  CHECK(result.met == true);
  CHECK(result.note.empty());
  CHECK(judge(objective(Metric::MonthlyDowntime, Statistic::P95, 9.4), report).met == false);
  CHECK(judge(objective(Metric::MonthlyDowntime, Statistic::P50, 9), report).observed == 5);
  CHECK(judge(objective(Metric::MonthlyDowntime, Statistic::P99, 9), report).observed == 10);
  CHECK(judge(objective(Metric::MonthlyDowntime, Statistic::Max, 9), report).met == false);
  CHECK(judge(objective(Metric::MonthlyDowntime, Statistic::Mean, 9), report).observed == Approx(5.25));

  // Rounded to 0.001 min before the comparison, and shown with the decimals that tell it from the target.
  report.long_run->downtime_min_per_month = summarize({4.00004});
  result = judge(objective(Metric::MonthlyDowntime, Statistic::Max, 4), report);
  CHECK(result.met == true);
  CHECK(format_observed(result) == "4.0 min");
  report.long_run->downtime_min_per_month = summarize({4.0012});
  result = judge(objective(Metric::MonthlyDowntime, Statistic::Max, 4), report);
  CHECK(result.met == false);
  CHECK(format_observed(result) == "4.0 min (4.001 min)");

  CHECK(format_target(Metric::MonthlyDowntime, 5) == "<= 5.0 min");
  CHECK(objective_label(Metric::MonthlyDowntime, Statistic::P95) == "downtime per month p95");
  CHECK(name_of(Metric::MonthlyDowntime) == std::string("downtime_min_per_month"));
  CHECK(metric_unit(Metric::MonthlyDowntime) == std::string("min"));
  CHECK_FALSE(higher_is_better(Metric::MonthlyDowntime));
}

TEST_CASE("objectives: met, not met or cannot tell, from the statistic's 95 % interval") {
  const auto report = summarize_strategy("pilot-light", twenty_drills());
  // The p95 of 20 drills recovering in 100 s .. 2000 s: its interval runs from the 17th drill to the open end (no
  // 21st drill bounds it), so only a target below the interval decides.
  const auto p95 = judge(objective(Metric::Rto, Statistic::P95, 5000), report);
  REQUIRE(p95.interval);
  CHECK(p95.interval->low == 1700);
  CHECK_FALSE(p95.interval->high);
  CHECK(p95.verdict == Verdict::CannotTell);
  CHECK(judge(objective(Metric::Rto, Statistic::P95, 1600), report).verdict == Verdict::NotMet);
  CHECK(judge(objective(Metric::Rto, Statistic::P95, 1700), report).verdict == Verdict::CannotTell);
  CHECK(p95.runs == 20);

  // The p50 is bounded on both sides: the 6th to the 15th drill.
  const auto p50 = judge(objective(Metric::Rto, Statistic::P50, 1500), report);
  REQUIRE(p50.interval);
  CHECK(p50.interval->low == 600);
  CHECK(p50.interval->high == 1500);
  CHECK(p50.verdict == Verdict::Met);
  CHECK(judge(objective(Metric::Rto, Statistic::P50, 1499), report).verdict == Verdict::CannotTell);
  CHECK(judge(objective(Metric::Rto, Statistic::P50, 599), report).verdict == Verdict::NotMet);

  // The mean (1050 s) by Student's t: 1050 s +- 2.093 x 132.3 s.
  const auto mean = judge(objective(Metric::Rto, Statistic::Mean, 1050), report);
  REQUIRE(mean.interval);
  CHECK(*mean.interval->low == Approx(773.1).margin(0.1));
  CHECK(*mean.interval->high == Approx(1326.9).margin(0.1));
  CHECK(mean.verdict == Verdict::CannotTell);
  CHECK(judge(objective(Metric::Rto, Statistic::Mean, 1400), report).verdict == Verdict::Met);
  CHECK(judge(objective(Metric::Rto, Statistic::Mean, 770), report).verdict == Verdict::NotMet);

  // A max has no interval: it is judged on the drills run.
  const auto max = judge(objective(Metric::Rto, Statistic::Max, 2000), report);
  CHECK_FALSE(max.interval);
  CHECK(max.verdict == Verdict::Met);
  CHECK(judge(objective(Metric::Rto, Statistic::Max, 1999), report).verdict == Verdict::NotMet);

  // A lower bound reads the interval the other way round.
  std::vector<DrillResult> drills;
  for (int i = 1; i <= 20; ++i)
    drills.push_back(drill(60, 0, 0, 1 - 0.001 * i));
  const auto availability = summarize_strategy("warm-standby", drills);
  const auto worst = judge(objective(Metric::Availability, Statistic::P95, 0.97), availability);
  REQUIRE(worst.interval);
  CHECK(worst.observed == Approx(0.981));
  CHECK_FALSE(worst.interval->low);
  CHECK(*worst.interval->high == Approx(0.983));
  CHECK(worst.verdict == Verdict::CannotTell);
  CHECK(judge(objective(Metric::Availability, Statistic::P95, 0.99), availability).verdict == Verdict::NotMet);
  CHECK(judge(objective(Metric::Availability, Statistic::Mean, 0.98), availability).verdict == Verdict::Met);

  // "cannot tell" counts apart and fails a check; "not evaluated" does not.
  VerdictCounts counts;
  counts.add(p95);
  counts.add(p50);
  counts.add(judge(objective(Metric::MonthlyCost, Statistic::Mean, 1), report));
  CHECK(counts.text() == "1 met, 0 not met, 1 cannot tell with 20 runs, 1 not evaluated");
  CHECK_FALSE(counts.passed());
}

TEST_CASE("objectives: one drill is shown against the target, never judged as a statistic of many") {
  DrillResult one = drill(3000, 2, 40, 0.96);
  one.seed = 77;
  const auto report = summarize_strategy("pilot-light", {one});
  const auto rto = judge(objective(Metric::Rto, Statistic::P95, 3600), report);
  CHECK(rto.verdict == Verdict::OneDrill);
  CHECK(rto.met == true);
  CHECK(verdict_text(rto) == "within the target");
  CHECK(objective_label(rto) == "RTO of this drill");
  CHECK(objective_target(rto) == "p95 <= 1h");
  const auto availability = judge(objective(Metric::Availability, Statistic::Mean, 0.97), report);
  CHECK(verdict_text(availability) == "beyond the target");
  CHECK(objective_label(availability) == "availability of this drill");
  VerdictCounts counts;
  counts.add(rto);
  counts.add(availability);
  CHECK(counts.text() == "1 within the target on one drill, 1 beyond it");
  CHECK_FALSE(counts.passed());
  // The monthly cost is one figure per strategy, however many drills: it gets a verdict.
  auto costed = report;
  costed.monthly_cost_usd = 900;
  CHECK(judge(objective(Metric::MonthlyCost, Statistic::Mean, 1000), costed).verdict == Verdict::Met);
}

TEST_CASE("objectives: each names the worst drill, to replay") {
  auto drills = twenty_drills();
  for (int i = 0; i < 20; ++i) {
    drills[i].run = i;
    drills[i].seed = 1000 + static_cast<std::uint64_t>(i);
  }
  auto report = summarize_strategy("pilot-light", drills);
  auto rto = judge(objective(Metric::Rto, Statistic::P95, 1000), report);
  REQUIRE(rto.worst);
  CHECK(rto.worst->run == 19);
  CHECK(rto.worst->seed == 1019);
  // The worst availability is the lowest; an unrecovered drill is the worst RTO.
  CHECK(judge(objective(Metric::Availability, Statistic::Mean, 1), report).worst->seed == 1019);
  drills[4].measurement.rto_s.reset();
  report = summarize_strategy("pilot-light", drills);
  CHECK(judge(objective(Metric::Rto, Statistic::P95, 1000), report).worst->seed == 1004);
  CHECK(judge(objective(Metric::Rto, Statistic::P95, 1000), report).index == 0);
}

namespace {

Report two_strategy_report() {
  Report report{"shop", "shop.json", 42, 20, {}};
  report.results.push_back(summarize_strategy("pilot-light", twenty_drills()));
  report.results.push_back(summarize_strategy("warm-standby", twenty_drills()));
  return report;
}

// A baseline as `drsim compare --format json` writes it, with the report's own figures.
nlohmann::json baseline_of(const Report& report) {
  auto results = nlohmann::json::array();
  for (const auto& r : report.results)
    results.push_back({{"strategy", r.strategy},
                       {"runs", r.runs},
                       {"unrecovered_runs", r.unrecovered_runs},
                       {"rto_s", {{"p95", r.rto_s.p95}}},
                       {"rpo_s", {{"p95", r.rpo_s.p95}}},
                       {"lost_writes", {{"p95", r.lost_writes.p95}}},
                       {"availability", r.availability}});
  return {{"drsim_report", 1}, {"scenario", report.scenario}, {"seed", 42}, {"runs", 20}, {"results", results}};
}

int regressions(const std::vector<BaselineComparison>& comparisons) {
  int count = 0;
  for (const auto& c : comparisons)
    count += c.regressed;
  return count;
}

} // namespace

TEST_CASE("baseline: a figure regresses when it is worse by more than the tolerance") {
  const auto report = two_strategy_report();
  auto baseline = baseline_of(report);
  auto comparisons = compare_with_baseline(report, baseline, "base.json", 0.1);
  CHECK(comparisons.size() == 10); // RTO, RPO, lost writes, availability, unrecovered share, per strategy
  CHECK(regressions(comparisons) == 0);

  // RTO p95 1900 s against a baseline of 1700 s: 11.8 % worse.
  baseline["results"][0]["rto_s"]["p95"] = 1700;
  comparisons = compare_with_baseline(report, baseline, "base.json", 0.1);
  REQUIRE(regressions(comparisons) == 1);
  const auto& rto = comparisons.front();
  CHECK(rto.strategy == "pilot-light");
  CHECK(rto.figure == "RTO p95");
  CHECK(rto.regressed);
  CHECK(rto.baseline == "28m 20s");
  CHECK(rto.current == "31m 40s");
  CHECK(format_change(rto.change) == "+11.8 %");
  CHECK(regressions(compare_with_baseline(report, baseline, "base.json", 0.12)) == 0);

  // Better than the baseline is never a regression.
  baseline = baseline_of(report);
  baseline["results"][1]["lost_writes"]["p95"] = 1000;
  CHECK(regressions(compare_with_baseline(report, baseline, "base.json", 0)) == 0);
}

TEST_CASE("baseline: availability compares the unavailable share, unrecovered drills their share") {
  const auto report = two_strategy_report();
  auto baseline = baseline_of(report);
  // Mean availability 98.95 %; a baseline of 99.05 % had 0.95 % unavailable, now 1.05 %: 10.5 % worse.
  baseline["results"][0]["availability"] = 0.9905;
  auto comparisons = compare_with_baseline(report, baseline, "base.json", 0.1);
  REQUIRE(regressions(comparisons) == 1);
  CHECK(comparisons[3].figure == "unavailability");
  CHECK(comparisons[3].regressed);
  CHECK(comparisons[3].baseline == "0.950 %");
  CHECK(comparisons[3].current == "1.050 %");

  // From no unrecovered drill to one: worse from zero, whatever the tolerance.
  auto drills = twenty_drills();
  drills[0].measurement.rto_s.reset();
  Report worse{"shop", "shop.json", 42, 20, {summarize_strategy("pilot-light", drills)}};
  comparisons = compare_with_baseline(worse, baseline_of(two_strategy_report()), "base.json", 10);
  REQUIRE(regressions(comparisons) == 1);
  CHECK(comparisons.back().figure == "unrecovered drills");
  CHECK(comparisons.back().current == "1 of 20 drills");
  CHECK(format_change(comparisons.back().change) == "up from zero");
}

namespace {

// The one problem a rejected baseline raises.
Diagnostic only_problem(const Report& report, const nlohmann::json& baseline) {
  try {
    compare_with_baseline(report, baseline, "base.json", 0.1);
  } catch (const InputError& e) {
    REQUIRE(e.diagnostics().size() == 1);
    return e.diagnostics()[0];
  }
  FAIL("the baseline was accepted");
  return {};
}

} // namespace

TEST_CASE("baseline: another scenario, a missing strategy or another document is bad input") {
  const auto report = two_strategy_report();
  auto baseline = baseline_of(report);
  baseline["scenario"] = "other";
  CHECK(only_problem(report, baseline) ==
        Diagnostic{"base.json", "/scenario",
                   "the baseline is of scenario \"other\", not of \"shop\" (shop.json); compare with a baseline of "
                   "the same scenario"});

  baseline = baseline_of(report);
  baseline["results"].erase(1);
  CHECK(only_problem(report, baseline) ==
        Diagnostic{"base.json", "/results",
                   "the baseline has no strategy \"warm-standby\" (it has pilot-light); make a new baseline with "
                   "`drsim compare --format json`"});

  baseline = baseline_of(report);
  baseline["results"][1]["rpo_s"]["p95"] = "fast";
  CHECK(only_problem(report, baseline).pointer == "/results/1/rpo_s/p95");

  CHECK_THROWS_AS(compare_with_baseline(report, nlohmann::json{{"drsim_topology", 1}}, "t.json", 0.1), InputError);
}

TEST_CASE("baseline: a figure no report can hold is refused at its JSON pointer") {
  const auto report = two_strategy_report();
  const auto refused = [&](const std::string& pointer, const nlohmann::json& value) {
    auto baseline = baseline_of(report);
    baseline[nlohmann::json::json_pointer(pointer)] = value;
    return only_problem(report, baseline);
  };
  CHECK(refused("/results/0/runs", -2147483648LL) ==
        Diagnostic{"base.json", "/results/0/runs",
                   "expected a whole number from 1 to 1e+07, as `drsim compare --format json` writes, not "
                   "-2147483648"});
  CHECK(refused("/results/1/unrecovered_runs", -3).pointer == "/results/1/unrecovered_runs");
  CHECK(refused("/results/0/unrecovered_runs", 21) ==
        Diagnostic{"base.json", "/results/0/unrecovered_runs",
                   "21 unrecovered of 20 drills; expected at most the drills run"});
  CHECK(refused("/results/0/runs", 2.5).pointer == "/results/0/runs");
  CHECK(refused("/results/0/availability", -1e308) ==
        Diagnostic{"base.json", "/results/0/availability",
                   "expected a number from 0 to 1, as `drsim compare --format json` writes, not -1e+308"});
  CHECK(refused("/results/0/availability", 1.5).pointer == "/results/0/availability");
  CHECK(refused("/results/1/rto_s/p95", -1).pointer == "/results/1/rto_s/p95");
  CHECK(refused("/results/1/lost_writes/p95", 1e300).pointer == "/results/1/lost_writes/p95");
  CHECK(refused("/results/0/monthly_cost_usd", -5).pointer == "/results/0/monthly_cost_usd");
  CHECK(refused("/runs", 0).pointer == "/runs");
  CHECK(refused("/seed", -1).pointer == "/seed");
  CHECK(
      refused("/results/2", "warm-standby") ==
      Diagnostic{"base.json", "/results/2", "expected a strategy's results, an object with its name in \"strategy\""});

  // A summary of no drills is null, and so is a report's cost where it has none: nothing to compare, no problem.
  auto baseline = baseline_of(report);
  baseline["results"][0]["rpo_s"] = nullptr;
  baseline["results"][0]["monthly_cost_usd"] = nullptr;
  CHECK(compare_with_baseline(report, baseline, "base.json", 0.1).size() == 9);
}
