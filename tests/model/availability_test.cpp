// Long-run availability against closed forms. Each test case runs many simulated years of a small stateless
// model (one region, an ALB in front of a fleet) and compares what the clients experienced with the textbook
// figure for the same failure process.
//
// Tolerances: a replication-year is independent of the others, so the mean over R of them has a standard error
// s / sqrt(R), s being the sample standard deviation of the per-year figure; a correct model lands within 4 standard
// errors of the closed form except once in about 16,000 runs of the test. On top of that, the model has what the
// closed forms leave out: the ALB notices a dead target after 2 failed probes 5 s apart (at most 10 s) and a
// repaired one after 2 passing probes (at most 10 s more). Each test bounds that bias per failure, times the
// expected number of failures, and adds it on the side it can push the figure (towards more downtime).

#include <catch2/catch.hpp>

#include <cmath>
#include <numeric>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/runs/monte_carlo.hpp"
#include "tests/support/drill_checks.hpp"
#include "tests/support/kept_drills.hpp"

using nlohmann::json;

namespace {

constexpr double year_s = drsim::seconds_per_year;
// At most two probes 5 s apart to drop a dead target, or to take a repaired one back.
constexpr double detection_s = 10;

// One region whose AZs each hold one instance of `instances`, every instance able to serve `per_instance`
// requests per second of the clients' 100.
json one_region_topology(int instances, const std::string& per_instance) {
  json azs = json::array();
  for (int i = 0; i < instances; ++i)
    azs.push_back("r-" + std::to_string(i));
  return {
      {"drsim_topology", 1},
      {"name", "one-region"},
      {"regions", json::array({{{"name", "r"}, {"azs", azs}}})},
      {"clients",
       json::array({{{"name", "users"}, {"location", "r"}, {"dns_record", "app.example.com"}, {"rate", "100/s"}}})},
      {"dns", json::array({{{"name", "app.example.com"},
                            {"ttl", "60s"},
                            {"routing", "failover"},
                            {"endpoints", json::array({{{"target", "lb"}, {"role", "primary"}}})}}})},
      {"load_balancers",
       json::array({{{"name", "lb"},
                     {"region", "r"},
                     {"fleet", "app"},
                     {"health_check", {{"interval", "5s"}, {"healthy_threshold", 2}, {"unhealthy_threshold", 2}}}}})},
      {"fleets", json::array({{{"name", "app"},
                               {"capacity", {{"r", {{"min", instances}, {"desired", instances}, {"max", instances}}}}},
                               {"requests_per_instance", per_instance},
                               {"boot_time", "60s"},
                               {"depends_on", json::array()}}})}};
}

json long_run_scenario(const json& topology, const json& random_failures, const json& common_cause, int runs) {
  json scenario = {{"drsim_scenario", 1},
                   {"name", "closed-form"},
                   {"topology", topology},
                   {"horizon", "8766h"},
                   {"runs", runs},
                   {"seed", 11u},
                   {"recovery", {{"success_threshold", 0.99}, {"window", "1s"}}},
                   {"strategies", json::array({{{"name", "as-is"}}})}};
  if (!random_failures.empty())
    scenario["random_failures"] = random_failures;
  if (!common_cause.empty())
    scenario["common_cause"] = common_cause;
  return scenario;
}

// Failures a year of `instances` instances, each up for a time with mean `mtbf_h` hours, then repaired in one
// with mean `mttr_h`.
double failures_per_year(int instances, double mtbf_h, double mttr_h) { return instances * 8766.0 / (mtbf_h + mttr_h); }

struct Sample {
  double mean = 0;
  double standard_error = 0;
};

Sample sample_of(const std::vector<double>& values) {
  const double n = static_cast<double>(values.size());
  const double mean = std::accumulate(values.begin(), values.end(), 0.0) / n;
  double squares = 0;
  for (double v : values)
    squares += (v - mean) * (v - mean);
  return {mean, std::sqrt(squares / (n - 1) / n)};
}

// Per replication-year: the share of the year the clients were in an outage.
std::vector<double> unavailability_per_year(const drsim::Report& report) {
  std::vector<double> values;
  for (const auto& drill : report.results.front().drills)
    values.push_back(drsim::downtime_s(drill.outages, year_s) / year_s);
  return values;
}

drsim::Report run_years(const json& document, int runs) {
  const auto scenario = drsim::testing::read_or_fail(document, "closed-form.json");
  drsim::MonteCarloOptions options;
  options.runs = runs;
  options.seed = scenario.seed;
  return drsim::test::run_keeping_drills(scenario, options);
}

// `runs` years of one_region_topology(instances, per_instance), every instance failing after an exponential time
// with mean `mtbf_h` hours and repaired in an exponential time with mean `mttr_h` hours.
drsim::Report instance_years(int instances, const std::string& per_instance, double mtbf_h, double mttr_h, int runs) {
  auto hours = [](double h) { return std::to_string(static_cast<int>(h)) + "h"; };
  const json failures = json::array(
      {{{"kind", "instance"}, {"mtbf", hours(mtbf_h)}, {"repair", {{"exponential", {{"mean", hours(mttr_h)}}}}}}});
  return run_years(long_run_scenario(one_region_topology(instances, per_instance), failures, json::array(), runs),
                   runs);
}

// Checks the simulated unavailability against the closed form, allowing the detection bias on the high side.
void check_unavailability(const Sample& simulated, double closed_form, double bias_bound) {
  INFO("simulated " << simulated.mean << " +- " << simulated.standard_error << " (standard error), closed form "
                    << closed_form << ", detection bias at most " << bias_bound);
  // The test must be able to fail: the statistical margin is a small part of what it checks.
  REQUIRE(4 * simulated.standard_error < 0.1 * closed_form);
  CHECK(simulated.mean >= closed_form - 4 * simulated.standard_error);
  CHECK(simulated.mean <= closed_form + 4 * simulated.standard_error + bias_bound);
}

} // namespace

TEST_CASE("a single repairable component is available MTBF over MTBF plus MTTR", "[model][availability][statistical]") {
  // One instance, up for an exponential time with mean MTBF = 100 h, then repaired in an exponential time with mean
  // MTTR = 10 h. A = MTBF / (MTBF + MTTR) = 100 / 110, so the unavailability is 1 / 11. A dead lone target fails
  // every request at once (there is nothing to detect); a repaired one serves after at most `detection_s`, once per
  // failure, of which a year has 8766 h / 110 h.
  const auto report = instance_years(1, "1000/s", 100, 10, 300);
  check_unavailability(sample_of(unavailability_per_year(report)), 10.0 / 110,
                       failures_per_year(1, 100, 10) * detection_s / year_s);
  // Requests, not only time: the clients' availability is the same figure seen through the request counts, with the
  // same tolerance (a lone target fails every request while it is down, so the two differ by nothing else).
  std::vector<double> unserved;
  for (const auto& drill : report.results.front().drills)
    unserved.push_back(1 - drill.measurement.availability);
  check_unavailability(sample_of(unserved), 10.0 / 110, failures_per_year(1, 100, 10) * detection_s / year_s);
}

TEST_CASE("a load balancer failing at random is available MTBF over MTBF plus MTTR",
          "[model][availability][statistical]") {
  // The load balancer itself fails: up for an exponential time with mean MTBF = 100 h, then down for an exponential
  // repair with mean MTTR = 10 h, failing every request while down; the instance behind it never fails. The
  // unavailability is MTTR / (MTBF + MTTR) = 1 / 11, and nothing has to be detected either way (the record has no
  // health check to fail over to, and the targets stayed healthy), so no bias: the bound is the statistics alone.
  const json failures =
      json::array({{{"kind", "load-balancer"}, {"mtbf", "100h"}, {"repair", {{"exponential", {{"mean", "10h"}}}}}}});
  const auto report = run_years(long_run_scenario(one_region_topology(1, "1000/s"), failures, json::array(), 200), 200);
  check_unavailability(sample_of(unavailability_per_year(report)), 10.0 / 110, 0);
}

TEST_CASE("one of n redundant components behind a load balancer is down (1 - A) to the n",
          "[model][availability][statistical]") {
  // Three instances in three AZs, each alone able to serve every request. Each is up for an exponential time with
  // mean 20 h and repaired in one with mean 10 h, so A = 2/3 and the service is down when all three are:
  // (1 - A)^3 = 1/27. Every failure costs at most two detection delays (the dead target dropped, and the first
  // repaired one taken back after the three were down), with 3 x 8766 h / 30 h failures a year.
  const auto report = instance_years(3, "1000/s", 20, 10, 200);
  check_unavailability(sample_of(unavailability_per_year(report)), 1.0 / 27,
                       failures_per_year(3, 20, 10) * 2 * detection_s / year_s);
}

TEST_CASE("k of n: two of three instances needed is down when two or three are", "[model][availability][statistical]") {
  // Three instances, each serving 60 of the 100 requests per second: one alone serves 60 %, below the 99 %
  // threshold, so the service needs two. A = 90 h / (90 h + 10 h) = 0.9, and it is down when at most one is up:
  // (1 - A)^3 + 3 A (1 - A)^2 = 0.001 + 0.027 = 0.028. Bias: two detection delays per failure, 3 x 8766 h / 100 h
  // failures a year.
  const auto report = instance_years(3, "60/s", 90, 10, 200);
  check_unavailability(sample_of(unavailability_per_year(report)), 0.028,
                       failures_per_year(3, 90, 10) * 2 * detection_s / year_s);
}

TEST_CASE("the rate of Poisson region outages comes back from the outages the clients saw",
          "[model][availability][statistical]") {
  // Region outages arrive at 4 a year while the region is up and last 1 h each. Arrivals while up make a renewal
  // process with mean cycle 1 year / 4 + 1 h, so the expected count in a year is 8766 h / (2191.5 h + 1 h) = 3.998.
  // The count is Poisson-like, with variance about its mean: over R years the standard error of the mean count is
  // sqrt(4 / R), and 4 standard errors with R = 1000 is 0.25.
  const int runs = 1000;
  const json outages = json::array({{{"kind", "region-outage"}, {"rate_per_year", 4}, {"duration", "1h"}}});
  const auto report =
      run_years(long_run_scenario(one_region_topology(2, "1000/s"), json::array(), outages, runs), runs);
  std::vector<double> counts;
  std::vector<double> lengths;
  for (const auto& drill : report.results.front().drills) {
    counts.push_back(static_cast<double>(drill.outages.size()));
    for (const auto& outage : drill.outages)
      if (outage.end)
        lengths.push_back(*outage.end - outage.start);
  }
  const auto count = sample_of(counts);
  const double expected = 8766.0 / (8766.0 / 4 + 1);
  INFO("outages per year " << count.mean << " +- " << count.standard_error << ", expected " << expected);
  CHECK(std::abs(count.mean - expected) <= 4 * std::sqrt(4.0 / runs));
  // Each outage lasts the hour, then the lost instances boot again (60 s) and pass two probes 5 s apart (at most
  // 10 s more, the first probe falling anywhere in its interval). Two outages would merge only if the next one
  // began within 70 s of the last one's end: about 9e-6 per outage, 3.5 % over the 4,000 outages of these years,
  // and this fixed seed has none.
  REQUIRE_FALSE(lengths.empty());
  for (double length : lengths) {
    CHECK(length >= 3600 + 60 - 1e-6);
    CHECK(length <= 3600 + 60 + detection_s + 1e-6);
  }
  CHECK(report.results.front().long_run.has_value());
}
