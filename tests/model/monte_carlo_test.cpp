// Many drills over forked workers: the same figures whatever the number of workers, a drill that crashes or hangs
// reported at once with its strategy and seed (or counted apart with keep_going while the others go on), a signal
// that stops the command, more runs than drsim drills refused before anything runs, and drills in
// batches until the intervals are as narrow as asked.

#include <catch2/catch.hpp>

#include <csignal>
#include <map>
#include <sstream>
#include <string>

#include <unistd.h>

#include "reports/csv_report.hpp"
#include "reports/json_report.hpp"
#include "sim/core/errors.hpp"
#include "sim/input/scenario_reader.hpp"
#include "sim/runs/interruption.hpp"
#include "sim/runs/monte_carlo.hpp"
#include "tests/support/kept_drills.hpp"

namespace {

const std::string shop = DRSIM_SOURCE_DIR "/scenarios/shop-region-loss.json";

drsim::MonteCarloOptions options(int runs, int jobs) {
  drsim::MonteCarloOptions o;
  o.runs = runs;
  o.jobs = jobs;
  o.seed = 7;
  return o;
}

// The figures of one strategy's drills, in run order, without the ones listed as failed.
std::vector<double> availabilities(const drsim::StrategyReport& report) {
  std::vector<double> values;
  for (const auto& drill : report.drills)
    values.push_back(drill.measurement.availability);
  return values;
}

// Their first detections (alarm or failed health check), which fis compare sets beside an observed one.
std::vector<std::optional<double>> detections(const drsim::StrategyReport& report) {
  std::vector<std::optional<double>> values;
  for (const auto& drill : report.drills)
    values.push_back(drill.first_detection);
  return values;
}

// When their runbook steps finished, which fis compare sets beside the steps a real run observed.
std::vector<std::map<std::string, double>> steps_done(const drsim::StrategyReport& report) {
  std::vector<std::map<std::string, double>> values;
  for (const auto& drill : report.drills)
    values.push_back(drill.step_done);
  return values;
}

} // namespace

TEST_CASE("monte carlo: two workers give the figures of one process, drill for drill") {
  const auto scenario = drsim::load_scenario_file(shop);
  // Workers first: SimGrid takes its configuration from the first Engine of a process, so a process forks its
  // workers before it creates an Engine of its own.
  const auto two = drsim::test::run_keeping_drills(scenario, options(6, 2));
  const auto one = drsim::test::run_keeping_drills(scenario, options(6, 1));
  REQUIRE(one.results.size() == two.results.size());
  for (std::size_t s = 0; s < one.results.size(); ++s) {
    CHECK(availabilities(one.results[s]) == availabilities(two.results[s]));
    CHECK(detections(one.results[s]) == detections(two.results[s]));
    CHECK(steps_done(one.results[s]) == steps_done(two.results[s]));
    CHECK(std::any_of(one.results[s].drills.begin(), one.results[s].drills.end(),
                      [](const drsim::DrillResult& drill) { return !drill.step_done.empty(); }));
    CHECK(std::any_of(one.results[s].drills.begin(), one.results[s].drills.end(),
                      [](const drsim::DrillResult& drill) { return drill.first_detection.has_value(); }));
    CHECK(one.results[s].rto_s.p95 == two.results[s].rto_s.p95);
    CHECK(two.results[s].failed.count == 0);
  }
}

TEST_CASE("monte carlo: the CSV rows come strategy by strategy, run by run, the same with one job or two") {
  const auto scenario = drsim::load_scenario_file(shop);
  const auto rows = [&](int jobs) {
    std::ostringstream text;
    drsim::CompareCsv csv(text, scenario.name, scenario.file, std::nullopt, drsim::csv_failback_columns(scenario));
    auto o = options(7, jobs);
    o.on_drill = [&](const drsim::DrillResult& drill) { csv.row(drill.strategy, drill); };
    drsim::run_monte_carlo(scenario, o);
    return text.str();
  };
  // Workers first: SimGrid takes its configuration from the first Engine of a process.
  const auto two = rows(2);
  const auto one = rows(1);
  CHECK(two == one);
  std::istringstream lines(one);
  std::string line;
  std::getline(lines, line);
  for (const auto& strategy : scenario.strategies)
    for (int run = 1; run <= 7; ++run) {
      REQUIRE(std::getline(lines, line));
      CHECK_THAT(line, Catch::StartsWith(scenario.name + "," + strategy.name + "," + std::to_string(run) + ","));
    }
}

TEST_CASE("monte carlo: a crashed drill stops the comparison at once, naming its strategy, run and seed") {
  const auto scenario = drsim::load_scenario_file(shop);
  auto o = options(4, 2);
  o.before_drill = [](int strategy, int run) {
    if (strategy == 1 && run == 2)
      std::raise(SIGKILL); // a crash no sanitizer's handler can turn into an exit status
  };
  const auto seed = drsim::run_seed(o.seed, scenario.strategies[1].name, 2);
  try {
    drsim::run_monte_carlo(scenario, o);
    FAIL("the crash went unnoticed");
  } catch (const drsim::DrillFailed& e) {
    CHECK(e.strategy() == scenario.strategies[1].name);
    CHECK(e.seed() == seed);
    CHECK_THAT(e.what(), Catch::Contains("drill 2 of strategy '" + scenario.strategies[1].name + "' (seed " +
                                         std::to_string(seed) + ") crashed (SIGKILL"));
    CHECK_THAT(e.what(), Catch::Contains("--seed " + std::to_string(seed)));
  }
}

TEST_CASE("monte carlo: with keep_going a crashed drill is counted apart and every other drill still runs") {
  const auto scenario = drsim::load_scenario_file(shop);
  auto o = options(5, 2);
  o.keep_going = true;
  o.before_drill = [](int strategy, int run) {
    if (strategy == 0 && run == 1)
      std::raise(SIGKILL); // a crash no sanitizer's handler can turn into an exit status
  };
  const auto report = drsim::test::run_keeping_drills(scenario, o);
  const auto clean = drsim::test::run_keeping_drills(scenario, options(5, 1));
  const auto& hit = report.results[0];
  REQUIRE(hit.failed.count == 1);
  REQUIRE(hit.failed.first.size() == 1);
  CHECK(hit.failed.first[0].run == 1);
  CHECK(hit.failed.first[0].seed == drsim::run_seed(o.seed, scenario.strategies[0].name, 1));
  CHECK_THAT(hit.failed.first[0].reason, Catch::StartsWith("crashed (SIGKILL"));
  CHECK(hit.runs == 4);
  auto expected = availabilities(clean.results[0]);
  expected.erase(expected.begin() + 1);
  CHECK(availabilities(hit) == expected);
  for (std::size_t s = 1; s < report.results.size(); ++s) {
    CHECK(report.results[s].failed.count == 0);
    CHECK(availabilities(report.results[s]) == availabilities(clean.results[s]));
  }
}

TEST_CASE("monte carlo: a drill over the time limit is killed and counted apart") {
  const auto scenario = drsim::load_scenario_file(shop);
  auto o = options(3, 1);
  o.keep_going = true;
  // Far above what a drill costs even under the sanitizers on a loaded machine, far below the stuck drill's 30 s.
  o.drill_time_limit_s = 3;
  o.before_drill = [](int strategy, int run) {
    if (strategy == 2 && run == 0)
      ::sleep(30);
  };
  const auto report = drsim::run_monte_carlo(scenario, o);
  REQUIRE(report.results[2].failed.count == 1);
  REQUIRE(report.results[2].failed.first.size() == 1);
  CHECK(report.results[2].failed.first[0].reason == "exceeded the time limit of 3 s");
  CHECK(report.results[2].runs == 2);
  CHECK(report.results[0].runs == 3);
}

TEST_CASE("monte carlo: more runs than drsim drills are refused before any runs") {
  const auto scenario = drsim::load_scenario_file(shop);
  bool ran = false;
  auto o = options(drsim::max_runs + 1, 1);
  o.before_drill = [&](int, int) { ran = true; };
  CHECK_THROWS_AS(drsim::run_monte_carlo(scenario, o), drsim::UsageError);
  CHECK_FALSE(ran);
}

TEST_CASE("monte carlo: SIGINT stops the drills and reports the signal") {
  const auto scenario = drsim::load_scenario_file(shop);
  auto o = options(50, 1);
  int drills = 0;
  o.before_drill = [&](int, int) {
    if (++drills == 3)
      std::raise(SIGINT);
  };
  try {
    drsim::run_monte_carlo(scenario, o);
    FAIL("the interruption went unnoticed");
  } catch (const drsim::Interrupted& e) {
    CHECK(e.signal() == SIGINT);
  }
  CHECK(drills == 3);
}

TEST_CASE("monte carlo: --precision drills in batches, and its report is that of the same number of drills",
          "[statistical]") {
  const auto scenario = drsim::load_scenario_file(shop);
  const auto precise = drsim::run_until_precise(scenario, options(20, 2), {0.25, 400});
  REQUIRE(precise.precision);
  const auto& stop = *precise.precision;
  CHECK(stop.imprecise.empty());
  REQUIRE(stop.batches.size() >= 2);
  CHECK(stop.batches.front() == 20);
  CHECK(stop.batches.back() == precise.runs);
  CHECK(precise.runs <= 400);
  for (const auto& result : precise.results)
    for (const auto& figure : drsim::headline_figures(result)) {
      INFO(result.strategy << ' ' << figure.label);
      const auto half_width = drsim::relative_half_width(figure);
      REQUIRE(half_width);
      CHECK(*half_width <= 0.25);
    }

  // Run i has the same seed whatever the batches: the report of the same drills in one go, but for the stop.
  auto once = drsim::run_monte_carlo(scenario, options(precise.runs, 2));
  auto batched = drsim::report_to_json(precise, false);
  batched.erase("precision");
  CHECK(batched.dump() == drsim::report_to_json(once, false).dump());

  // A precision out of reach stops at --max-runs and names the figures still too wide.
  const auto capped = drsim::run_until_precise(scenario, options(10, 2), {0.001, 25});
  REQUIRE(capped.precision);
  CHECK(capped.runs == 25);
  CHECK(capped.precision->batches == std::vector<int>{10, 20, 25}); // open intervals: twice the drills, then the cap
  CHECK_FALSE(capped.precision->imprecise.empty());
}
