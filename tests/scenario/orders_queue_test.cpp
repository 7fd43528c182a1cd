// Scenario tests of the shipped orders-queue-year.json: a year of a web fleet that hands every order to a worker
// fleet through an SQS queue, in which only the queue fails. Its figures against bounds worked out on paper.

#include <catch2/catch.hpp>

#include <string>

#include "sim/input/scenario_reader.hpp"
#include "sim/runs/monte_carlo.hpp"

namespace {

const std::string year_file = DRSIM_SOURCE_DIR "/scenarios/orders-queue-year.json";

} // namespace

TEST_CASE("a year of the orders pipeline has the queue outages its failure rate gives", "[scenario][queue]") {
  // The queue's one copy is up for an exponential time with mean 2191.5 h, then down for exactly 30 minutes, and
  // the web fleet fails every request while it is down: nothing has to be detected (the instances stay healthy to
  // the ALB) and nothing recovered, so every outage lasts exactly 1800 s.
  // Outages a year: the renewal rate 8766 h / (2191.5 h + 0.5 h) = 4.0; the count of a year is close to Poisson, so
  // its standard deviation is about 2 and the mean over 200 years has a standard error of 2 / sqrt(200) = 0.14.
  // Four standard errors: 3.4 to 4.6. Downtime a month: 30 minutes per outage over 12 months, 2.5 minutes per
  // outage a year: 10 minutes, within 2.5 x 0.57 = 1.4 minutes. Availability: 2 hours of 8766 down, 0.99977.
  const auto scenario = drsim::load_scenario_file(year_file);
  drsim::MonteCarloOptions options;
  options.runs = scenario.runs;
  options.seed = scenario.seed;
  const auto report = drsim::run_monte_carlo(scenario, options);
  REQUIRE(report.results.size() == 1);
  const auto& result = report.results.front();
  REQUIRE(result.long_run);
  const auto& year = *result.long_run;
  CHECK(year.outages > 0);
  CHECK(year.outage_length_s.mean == Approx(1800).epsilon(1e-6));
  CHECK(year.outage_length_s.max == Approx(1800).epsilon(1e-6));
  CHECK(year.outage_lost_writes.max == 0);
  CHECK(year.outages_per_year.mean >= 3.4);
  CHECK(year.outages_per_year.mean <= 4.6);
  CHECK(year.downtime_min_per_month.mean >= 10 - 1.4);
  CHECK(year.downtime_min_per_month.mean <= 10 + 1.4);
  CHECK(result.availability == Approx(1 - 2.0 / 8766).margin(0.57 * 0.5 / 8766));
}
