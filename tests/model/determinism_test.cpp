// Determinism of the drill runner (sim/engine/drill) and of Monte Carlo (sim/runs/monte_carlo): the same scenario
// and seed give the same figures, whatever ran before in the process and however many workers ran the drills. Each
// test case runs in its own process, since SimGrid allows one Engine per process.

#include <catch2/catch.hpp>

#include <cstddef>
#include <string>

#include "reports/json_report.hpp"
#include "sim/engine/drill.hpp"
#include "sim/input/scenario_reader.hpp"
#include "sim/runs/monte_carlo.hpp"
#include "tests/support/drill_checks.hpp"
#include "tests/support/kept_drills.hpp"

namespace {

using drsim::testing::strategy_named;

void check_identical(const drsim::DrillResult& a, const drsim::DrillResult& b) {
  CHECK(a.strategy == b.strategy);
  CHECK(a.fault_onset == b.fault_onset);
  CHECK(a.end == b.end);
  CHECK(a.measurement.first_failure == b.measurement.first_failure);
  CHECK(a.measurement.recovered_at == b.measurement.recovered_at);
  CHECK(a.measurement.rto_s == b.measurement.rto_s);
  CHECK(a.measurement.rpo_s == b.measurement.rpo_s);
  CHECK(a.measurement.lost_writes == b.measurement.lost_writes);
  CHECK(a.measurement.availability == b.measurement.availability);
  CHECK(a.lost_objects == b.lost_objects);
  REQUIRE(a.timeline.size() == b.timeline.size());
  for (std::size_t i = 0; i < a.timeline.size(); ++i) {
    INFO("event " << i << ": " << drsim::name_of(a.timeline[i].kind) << " " << a.timeline[i].component);
    CHECK(a.timeline[i].time == b.timeline[i].time);
    CHECK(drsim::name_of(a.timeline[i].kind) == std::string(drsim::name_of(b.timeline[i].kind)));
    CHECK(a.timeline[i].component == b.timeline[i].component);
    CHECK(a.timeline[i].detail == b.timeline[i].detail);
  }
  REQUIRE(a.outcomes.size() == b.outcomes.size());
  for (std::size_t i = 0; i < a.outcomes.size(); ++i)
    CHECK(a.outcomes[i].points == b.outcomes[i].points);
}

void check_identical(const drsim::Summary& a, const drsim::Summary& b) {
  CHECK(a.count == b.count);
  CHECK(a.mean == b.mean);
  CHECK(a.p50 == b.p50);
  CHECK(a.p95 == b.p95);
  CHECK(a.p99 == b.p99);
  CHECK(a.max == b.max);
}

} // namespace

TEST_CASE("the same scenario and seed give the same drill twice in one process", "[model][determinism]") {
  // The shipped region-loss scenario draws human delays, boot and promotion times from distributions: every draw
  // must come out the same. A drill of another strategy in between must not leak into the next one.
  const auto scenario = drsim::load_scenario_file(DRSIM_SOURCE_DIR "/scenarios/shop-region-loss.json");
  drsim::DrillRunner runner(scenario);
  const auto& pilot = strategy_named(scenario, "pilot-light");
  const auto first = runner.run(pilot, 1234);
  runner.run(strategy_named(scenario, "backup-restore"), 99);
  const auto second = runner.run(pilot, 1234);
  REQUIRE(first.measurement.rto_s);
  check_identical(first, second);
}

namespace {

void check_same_summaries(const drsim::Report& serial, const drsim::Report& parallel) {
  REQUIRE(parallel.results.size() == serial.results.size());
  for (std::size_t s = 0; s < serial.results.size(); ++s) {
    const auto& a = serial.results[s];
    const auto& b = parallel.results[s];
    INFO("strategy " << a.strategy);
    CHECK(a.strategy == b.strategy);
    CHECK(a.runs == b.runs);
    CHECK(a.unrecovered_runs == b.unrecovered_runs);
    check_identical(a.rto_s, b.rto_s);
    check_identical(a.rpo_s, b.rpo_s);
    check_identical(a.lost_writes, b.lost_writes);
    CHECK(a.availability == b.availability);
    CHECK(a.lost_objects == b.lost_objects);
    REQUIRE(a.drills.size() == b.drills.size());
    for (std::size_t r = 0; r < a.drills.size(); ++r) {
      INFO("run " << r);
      CHECK(a.drills[r].seed == b.drills[r].seed);
      CHECK(a.drills[r].measurement.rto_s == b.drills[r].measurement.rto_s);
      CHECK(a.drills[r].measurement.rpo_s == b.drills[r].measurement.rpo_s);
      CHECK(a.drills[r].measurement.availability == b.drills[r].measurement.availability);
    }
  }
}

} // namespace

TEST_CASE("Monte Carlo summaries do not depend on the number of jobs", "[model][determinism]") {
  const auto scenario = drsim::load_scenario_file(DRSIM_SOURCE_DIR "/scenarios/shop-region-loss.json");
  drsim::MonteCarloOptions options;
  options.runs = 6;
  options.seed = 42;
  // Workers must be forked before this process creates an Engine: the two-job run goes first.
  options.jobs = 2;
  const auto parallel = drsim::test::run_keeping_drills(scenario, options);
  options.jobs = 1;
  const auto serial = drsim::test::run_keeping_drills(scenario, options);
  check_same_summaries(serial, parallel);
}

// The parent once counted the drills it received only when it had a progress callback to report them to, and then
// took every run without one for a failed worker.
TEST_CASE("a long run's report has the same bytes whatever the number of jobs", "[model][determinism]") {
  // Outages travel from the workers as variable-length records after each drill's figures.
  const auto scenario = drsim::load_scenario_file(DRSIM_SOURCE_DIR "/scenarios/shop-availability-year.json");
  drsim::MonteCarloOptions options;
  options.runs = 6;
  options.seed = 42;
  options.jobs = 2;
  const auto parallel = drsim::report_to_json(drsim::run_monte_carlo(scenario, options), false).dump();
  options.jobs = 1;
  const auto serial = drsim::report_to_json(drsim::run_monte_carlo(scenario, options), false).dump();
  CHECK(parallel.find("\"long_run\"") != std::string::npos);
  CHECK(serial == parallel);
}

TEST_CASE("Monte Carlo with several jobs works without a progress callback", "[model][determinism]") {
  const auto scenario = drsim::load_scenario_file(DRSIM_SOURCE_DIR "/scenarios/shop-region-loss.json");
  drsim::MonteCarloOptions options;
  options.runs = 2;
  options.jobs = 2;
  drsim::Report report;
  REQUIRE_NOTHROW(report = drsim::run_monte_carlo(scenario, options));
  CHECK(report.results.size() == scenario.strategies.size());
}
