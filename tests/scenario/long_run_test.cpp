// Scenario tests of the shipped long-run scenario, shop-availability-year.json: what a year of the reference shop
// costs to simulate, and its outages against counts derived by hand from the failure rates it states.

#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>
#include <numeric>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/engine/drill.hpp"
#include "sim/input/scenario_reader.hpp"
#include "sim/runs/monte_carlo.hpp"
#include "tests/support/drill_checks.hpp"

using nlohmann::json;

namespace {

const std::string year_file = DRSIM_SOURCE_DIR "/scenarios/shop-availability-year.json";

json load_json(const std::string& path) {
  std::ifstream in(path);
  REQUIRE(in);
  return json::parse(in);
}

} // namespace

TEST_CASE("a year of the reference shop in which nothing fails costs about two engine steps a day",
          "[scenario][long-run]") {
  // The shop's year with failures so rare that none is drawn, and one lost instance in the year's last hour, so
  // that the drill runs the whole year. What must still happen is the daily snapshot and its copy to us-west-2: two
  // steps a day, 730 a year. Replication every second, point-in-time logs every 5 minutes and object replication
  // every minute are steady and cost nothing between changes; shipping them batch by batch would cost 31.5 million,
  // 105,000 and 525,000 steps. Twice the snapshots' count leaves room for the drill's start and its last hour.
  auto document = load_json(year_file);
  document["random_failures"] = json::array({{{"kind", "instance"}, {"mtbf", "100000000h"}, {"repair", "10m"}}});
  document.erase("common_cause");
  document["faults"] =
      json::array({{{"kind", "instance-loss"}, {"target", "web"}, {"region", "us-east-1"}, {"onset", "8765h"}}});
  const auto scenario = drsim::testing::read_or_fail(document, year_file);
  drsim::DrillRunner runner(scenario);
  const auto drill = runner.run(drsim::testing::strategy_named(scenario, "pilot-light"), 1);
  CHECK(drill.end > 8765 * 3600.0);
  CHECK(drsim::testing::events(drill, drsim::EventKind::Snapshot).size() >= 365);
  CHECK(drill.engine_steps < 2 * 730);
}

TEST_CASE("pilot light on the shop has the outages a year that its failure rates give",
          "[scenario][long-run][statistical]") {
  // Each of these failures takes pilot light's clients below 99 % of requests succeeding, each once:
  // - an instance failure in us-east-1 (six instances, each failing once in two years while up: 3 a year): a sixth
  //   of the requests land on the dead target until the ALB drops it, 30 to 60 s;
  // - a failure of the database's writer (one of two nodes at any time, each failing once in two years: 0.5 a year):
  //   writes fail for the 60-120 s of the Multi-AZ failover;
  // - an outage of one of us-east-1's three AZs (0.2 a year each: 0.6), and of us-east-1 itself (0.05).
  // Failures of the standby, of the replica in us-west-2 and of us-west-2's AZs hurt no client. Expected: 4.15 a
  // year, less the rare failures that overlap and count as one outage. The count is Poisson-like (variance about
  // its mean); over 400 years 4 standard errors are 4 sqrt(4.15 / 400) = 0.41.
  auto document = load_json(year_file);
  document["strategies"] = json::array({{{"name", "pilot-light"}, {"preset", "pilot-light"}}});
  document.erase("objectives");
  const auto scenario = drsim::testing::read_or_fail(document, year_file);
  drsim::MonteCarloOptions options;
  options.runs = 400;
  options.seed = scenario.seed;
  const auto report = drsim::run_monte_carlo(scenario, options);
  const auto& result = report.results.front();
  REQUIRE(result.long_run);
  const double per_year = result.long_run->outages_per_year.mean;
  INFO("outages per year " << per_year);
  CHECK(std::abs(per_year - 4.15) <= 4 * std::sqrt(4.15 / options.runs));
  // Most outages are an instance's: the ALB drops a dead target after two failed probes 30 s apart, so the median
  // outage lies within one to two probe intervals (the window of 60 s that recovery needs starts at its end).
  CHECK(result.long_run->outage_length_s.p50 >= 30);
  CHECK(result.long_run->outage_length_s.p50 <= 60 + 1e-6);
}
