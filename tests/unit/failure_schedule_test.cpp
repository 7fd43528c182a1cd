// A long run's failures drawn on the reader tests' topology: the order and determinism of the draws, the renewal
// process of every instance slot and database node, the common-cause events, and their rates over many drawn years.

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "sim/engine/failure_schedule.hpp"
#include "sim/input/json_parse.hpp"
#include "sim/input/topology_reader.hpp"

using namespace drsim;

namespace {

// Regions us-east-1 (use1-az1, use1-az2) and us-west-2 (usw2-az1, usw2-az2); fleet "web" with 4 instances
// desired in us-east-1 and none in us-west-2; database "orders-db" with a primary and replicas "standby" and "dr".
const Topology& shop() {
  static const Topology topology = [] {
    const std::string file = DRSIM_SOURCE_DIR "/tests/data/reader/topology.json";
    std::vector<Diagnostic> problems;
    const auto document = read_json_file(file, problems);
    REQUIRE(document);
    auto read = read_topology(*document, file, "", problems);
    REQUIRE(problems.empty());
    return read;
  }();
  return topology;
}

constexpr double hour = 3600;

Scenario long_run(double years) {
  Scenario scenario;
  scenario.topology = shop();
  scenario.horizon_s = years * seconds_per_year;
  return scenario;
}

RandomFailure instance_failures(double mtbf, Distribution repair, std::string fleet = "") {
  RandomFailure failure;
  failure.kind = FailureTarget::Instance;
  failure.component = std::move(fleet);
  failure.time_to_failure = Distribution::exponential(mtbf);
  failure.time_to_repair = std::move(repair);
  return failure;
}

RandomFailure node_failures(Distribution time_to_failure, Distribution repair) {
  RandomFailure failure;
  failure.kind = FailureTarget::DatabaseNode;
  failure.time_to_failure = std::move(time_to_failure);
  failure.time_to_repair = std::move(repair);
  return failure;
}

CommonCauseEvent outages(FaultKind kind, double rate_per_year, Distribution duration,
                         std::optional<Distribution> blip = std::nullopt, std::vector<std::string> targets = {}) {
  CommonCauseEvent event;
  event.kind = kind;
  event.rate_per_year = rate_per_year;
  event.duration = std::move(duration);
  event.blip = std::move(blip);
  event.targets = std::move(targets);
  return event;
}

std::vector<Fault> draw(const Scenario& scenario, std::uint64_t seed, const Topology* topology = nullptr) {
  Rng rng(seed);
  return draw_failures(scenario, topology ? *topology : scenario.topology, rng);
}

using Unit = std::tuple<FaultKind, std::string, std::string, std::string, int>;

// What fails: an instance slot (fleet, region, slot), a database node (database, node) or an event's target.
Unit unit_of(const Fault& fault) { return {fault.kind, fault.target, fault.peer, fault.region, fault.count}; }

std::map<Unit, std::vector<const Fault*>> by_unit(const std::vector<Fault>& faults) {
  std::map<Unit, std::vector<const Fault*>> units;
  for (const auto& fault : faults)
    units[unit_of(fault)].push_back(&fault);
  return units;
}

std::size_t count_of(const std::vector<Fault>& faults, FaultKind kind) {
  std::size_t n = 0;
  for (const auto& fault : faults)
    n += fault.kind == kind ? 1 : 0;
  return n;
}

} // namespace

TEST_CASE("drawn failures are the same for the same seed and sorted by onset") {
  auto scenario = long_run(5);
  scenario.random_failures = {instance_failures(500 * hour, Distribution::lognormal(0.5 * hour, 2 * hour)),
                              node_failures(Distribution::weibull(1.5, 2000 * hour), Distribution::fixed(hour))};
  scenario.common_cause = {
      outages(FaultKind::AzOutage, 2, Distribution::uniform(hour, 6 * hour), Distribution::fixed(20)),
      outages(FaultKind::RegionOutage, 0.5, Distribution::fixed(12 * hour))};
  const auto first = draw(scenario, 11);
  const auto again = draw(scenario, 11);
  const auto other = draw(scenario, 12);
  REQUIRE(first.size() == again.size());
  REQUIRE_FALSE(first.empty());
  for (std::size_t i = 0; i < first.size(); ++i) {
    CHECK(unit_of(first[i]) == unit_of(again[i]));
    CHECK(first[i].onset.mean() == again[i].onset.mean());
    CHECK(first[i].duration->mean() == again[i].duration->mean());
  }
  CHECK((first.size() != other.size() || first.front().onset.mean() != other.front().onset.mean()));

  for (std::size_t i = 0; i < first.size(); ++i) {
    CHECK(first[i].onset.is_fixed());
    REQUIRE(first[i].duration);
    CHECK(first[i].duration->is_fixed());
    CHECK(first[i].onset.mean() >= 0);
    CHECK(first[i].onset.mean() < scenario.horizon_s);
    if (i > 0)
      CHECK(first[i - 1].onset.mean() <= first[i].onset.mean());
  }
  CHECK(count_of(first, FaultKind::InstanceFailure) > 0);
  CHECK(count_of(first, FaultKind::DatabaseNodeFailure) > 0);
  CHECK(count_of(first, FaultKind::AzOutage) > 0);
  CHECK(count_of(first, FaultKind::RegionOutage) > 0);
}

TEST_CASE("each instance slot and database node is down for one repair at a time") {
  auto scenario = long_run(10);
  scenario.random_failures = {
      instance_failures(200 * hour, Distribution::lognormal(hour, 10 * hour)),
      node_failures(Distribution::exponential(300 * hour), Distribution::uniform(hour, 50 * hour))};
  const auto faults = draw(scenario, 5);
  std::set<std::string> nodes;
  for (const auto& [unit, failures] : by_unit(faults)) {
    if (std::get<0>(unit) == FaultKind::DatabaseNodeFailure)
      nodes.insert(std::get<2>(unit));
    // 10 years at a failure every ~300 h or less: hundreds per unit, so an overlap would show.
    CHECK(failures.size() > 100);
    for (std::size_t i = 1; i < failures.size(); ++i)
      CHECK(failures[i]->onset.mean() >= failures[i - 1]->onset.mean() + failures[i - 1]->duration->mean());
  }
  CHECK(nodes == std::set<std::string>{"primary", "standby", "dr"});
}

TEST_CASE("instance slots follow the desired counts of the strategy's topology") {
  auto scenario = long_run(1);
  // A failure every 50 h: every slot fails within a year (the chance one does not is e^-175).
  scenario.random_failures = {instance_failures(50 * hour, Distribution::fixed(hour), "web")};
  const auto slots = [](const std::vector<Fault>& faults) {
    std::set<std::pair<std::string, int>> found;
    for (const auto& fault : faults) {
      CHECK(fault.kind == FaultKind::InstanceFailure);
      CHECK(fault.target == "web");
      found.emplace(fault.region, fault.count);
    }
    return found;
  };
  CHECK(slots(draw(scenario, 3)) ==
        std::set<std::pair<std::string, int>>{{"us-east-1", 0}, {"us-east-1", 1}, {"us-east-1", 2}, {"us-east-1", 3}});

  Topology standby = shop();
  standby.fleets.at(0).capacity.at("us-east-1").desired = 2;
  standby.fleets.at(0).capacity.at("us-west-2").desired = 3;
  CHECK(slots(draw(scenario, 3, &standby)) ==
        std::set<std::pair<std::string, int>>{
            {"us-east-1", 0}, {"us-east-1", 1}, {"us-west-2", 0}, {"us-west-2", 1}, {"us-west-2", 2}});

  scenario.random_failures[0].component = "other-fleet";
  CHECK(draw(scenario, 3).empty());
}

TEST_CASE("common-cause events hit every AZ or region unless given targets, a blip with each when given") {
  auto scenario = long_run(20);
  scenario.common_cause = {outages(FaultKind::AzOutage, 1, Distribution::fixed(hour), Distribution::uniform(5, 30))};
  const auto faults = draw(scenario, 9);
  std::set<std::string> azs;
  std::size_t events = 0;
  for (std::size_t i = 0; i < faults.size(); ++i) {
    if (faults[i].kind != FaultKind::AzOutage)
      continue;
    ++events;
    azs.insert(faults[i].target);
    CHECK(faults[i].duration->mean() == hour);
    // The blip is drawn right after its event, at the same onset, and the sort is stable.
    REQUIRE(i + 1 < faults.size());
    const Fault& blip = faults[i + 1];
    CHECK(blip.kind == FaultKind::Blip);
    CHECK(blip.target == shop().region_of_az(faults[i].target)->name);
    CHECK(blip.onset.mean() == faults[i].onset.mean());
    CHECK(blip.duration->mean() >= 5);
    CHECK(blip.duration->mean() <= 30);
  }
  CHECK(events > 0);
  CHECK(count_of(faults, FaultKind::Blip) == events);
  CHECK(azs == std::set<std::string>{"use1-az1", "use1-az2", "usw2-az1", "usw2-az2"});

  scenario.common_cause = {outages(FaultKind::RegionOutage, 1, Distribution::fixed(hour), std::nullopt, {"us-west-2"})};
  const auto regional = draw(scenario, 9);
  CHECK_FALSE(regional.empty());
  CHECK(count_of(regional, FaultKind::Blip) == 0);
  for (const auto& fault : regional) {
    CHECK(fault.kind == FaultKind::RegionOutage);
    CHECK(fault.target == "us-west-2");
  }
}

TEST_CASE("common-cause events arrive at their yearly rate while the target is up") {
  // 20 draws of 100 years, 2 regions at 5 events a year each lasting 1 week: arrivals only while a region is up,
  // so the expected count is years / (1 / rate + duration) per region: 4000 / (0.2 + 7 / 365.25) = 18,251.
  // The count of a renewal process has variance ~ years x var(cycle) / mean(cycle)^3, here at most its mean (the
  // fixed duration only lowers it), as for a Poisson count: sd <= sqrt(18251) = 135. The tolerance, 5 sd = 676
  // (3.7 %), fails a correct draw about once in 1.7 million and catches a rate wrong by a tenth.
  constexpr double years = 100;
  constexpr int draws = 20;
  constexpr double rate = 5;
  const double duration_years = 7 * 86400 / seconds_per_year;
  auto scenario = long_run(years);
  scenario.common_cause = {outages(FaultKind::RegionOutage, rate, Distribution::fixed(7 * 86400))};
  std::size_t events = 0;
  for (int seed = 0; seed < draws; ++seed)
    events += draw(scenario, 1000 + seed).size();
  const double expected = 2 * draws * years / (1 / rate + duration_years);
  CHECK(static_cast<double>(events) == Approx(expected).margin(5 * std::sqrt(expected)));
}

TEST_CASE("instance failures arrive after a mean time to failure of the MTBF, once per MTBF + MTTR") {
  // 10 draws of 100 years of 4 instances failing every 1000 h on average and repaired in 100 h.
  // - Count: each slot runs an alternating renewal process with cycles of mean MTBF + MTTR = 1100 h, so about
  //   876,600 h / 1100 h = 796.9 failures per slot and draw, 31,876 in all; the count's variance is
  //   ~ H x var(cycle) / mean(cycle)^3 = 876,600 x 1000^2 / 1100^3 = 658.6 per slot, 26,344 in all: sd = 162,
  //   tolerance 5 sd = 812 (2.5 %).
  // - Mean time to failure: the up times between failures are exponential draws of mean 1000 h, sd 1000 h; over
  //   31,876 of them the mean's standard error is 1000 / sqrt(31876) = 5.6 h, tolerance 5 of them = 28 h. Leaving
  //   out each slot's last, unfinished up time biases the mean by about 1000 h / 800 per slot, far less.
  constexpr double mtbf = 1000 * hour;
  constexpr double mttr = 100 * hour;
  constexpr int draws = 10;
  auto scenario = long_run(100);
  scenario.random_failures = {instance_failures(mtbf, Distribution::fixed(mttr))};
  std::size_t failures = 0;
  double up_time = 0;
  for (int seed = 0; seed < draws; ++seed) {
    const auto faults = draw(scenario, 2000 + seed);
    failures += faults.size();
    for (const auto& [unit, slot] : by_unit(faults)) {
      double repaired_at = 0;
      for (const Fault* fault : slot) {
        up_time += fault->onset.mean() - repaired_at;
        repaired_at = fault->onset.mean() + fault->duration->mean();
      }
    }
  }
  const double slots = 4;
  const double expected = draws * slots * scenario.horizon_s / (mtbf + mttr);
  const double count_sd = std::sqrt(draws * slots * scenario.horizon_s * mtbf * mtbf / std::pow(mtbf + mttr, 3));
  CHECK(static_cast<double>(failures) == Approx(expected).margin(5 * count_sd));
  const double mean_time_to_failure = up_time / static_cast<double>(failures);
  CHECK(mean_time_to_failure == Approx(mtbf).margin(5 * mtbf / std::sqrt(static_cast<double>(failures))));
}

TEST_CASE("load balancers fail one at a time each, at their MTBF, the one named or every one") {
  // 10 draws of 100 years, each load balancer failing every 2000 h on average, repaired in 1 h: an alternating
  // renewal process per load balancer, cycles of mean 2001 h, so 876,600 / 2001 = 438.1 failures per draw and load
  // balancer; the count's variance ~ H x var(cycle) / mean(cycle)^3 = 876,600 x 2000^2 / 2001^3 = 437.5: over 20
  // processes (2 load balancers x 10 draws) 8,762 failures, sd 94, tolerance 5 sd = 468 (5.3 %).
  constexpr double mtbf = 2000 * hour;
  RandomFailure failure;
  failure.kind = FailureTarget::LoadBalancer;
  failure.time_to_failure = Distribution::exponential(mtbf);
  failure.time_to_repair = Distribution::fixed(hour);
  auto scenario = long_run(100);
  scenario.random_failures = {failure};
  std::size_t failures = 0;
  std::set<std::string> failed;
  for (int seed = 0; seed < 10; ++seed)
    for (const auto& fault : draw(scenario, 3000 + seed)) {
      CHECK(fault.kind == FaultKind::LoadBalancerFailure);
      CHECK(fault.duration->mean() == hour);
      failed.insert(fault.target);
      ++failures;
    }
  CHECK(failed == std::set<std::string>{"alb-east", "alb-west"});
  const double expected = 20 * 100 * seconds_per_year / (mtbf + hour);
  CHECK(static_cast<double>(failures) == Approx(expected).margin(5 * std::sqrt(expected)));

  scenario.random_failures.front().component = "alb-west";
  for (const auto& fault : draw(scenario, 7))
    CHECK(fault.target == "alb-west");
}

TEST_CASE("common-cause events: the time from an outage's end to the next onset is exponential at the rate") {
  // While the target is up, arrivals are Poisson at rate r: the gap from the end of one outage to the next onset
  // (and from the start to the first) is exponential with mean 1 / r, memoryless: P(gap > 1 / r) = e^-1 = 0.368.
  // 2 regions x 100 years at 5 events a year lasting 1 day: about 996 gaps. The mean's standard error is
  // (1 / r) / sqrt(996) = 3.2 % of it, tolerance 5 of them (16 %); the share above 1 / r has sd
  // sqrt(0.368 x 0.632 / 996) = 0.0153, tolerance 5 of them (0.076).
  constexpr double rate = 5;
  auto scenario = long_run(100);
  scenario.common_cause = {outages(FaultKind::RegionOutage, rate, Distribution::fixed(86400))};
  const double mean_gap = seconds_per_year / rate;
  std::vector<double> gaps;
  const auto faults = draw(scenario, 4000);
  for (const auto& [unit, events] : by_unit(faults)) {
    double up_since = 0;
    for (const Fault* fault : events) {
      gaps.push_back(fault->onset.mean() - up_since);
      up_since = fault->onset.mean() + fault->duration->mean();
    }
  }
  REQUIRE(gaps.size() > 900);
  double sum = 0;
  double above = 0;
  for (const double gap : gaps) {
    sum += gap;
    above += gap > mean_gap ? 1 : 0;
  }
  const double n = static_cast<double>(gaps.size());
  CHECK(sum / n == Approx(mean_gap).epsilon(5 / std::sqrt(n)));
  CHECK(above / n == Approx(std::exp(-1.0)).margin(5 * std::sqrt(std::exp(-1.0) * (1 - std::exp(-1.0)) / n)));
}
