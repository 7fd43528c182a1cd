// Model tests of DNS (models/dns): resolver caches and their TTL, Route 53 health checks.
//
// Model tests: one small simulated drill (or a few, on one DrillRunner) per test case, asserted after it ran; each
// test case runs in its own process, since SimGrid allows one Engine per process. The scenarios patch the two-region
// world of tests/support/two_region.hpp, so that every figure an assertion depends on is written next to it. Bounds
// are derived in the comments from the model's definitions (README, "Input formats"); tolerances are the model's own
// granularity (a probe interval, a TTL, a ship interval), never a fudge factor.

#include <catch2/catch.hpp>

#include <cstdint>
#include <regex>
#include <string>

#include "models/dns.hpp"
#include "sim/engine/drill.hpp"
#include "tests/support/two_region.hpp"

namespace {

using drsim::EventKind;
using drsim::testing::clock_slack;
using drsim::testing::events;
using drsim::testing::first_time;
using drsim::testing::json;
using drsim::testing::read;
using drsim::testing::region_loss;
using drsim::testing::scenario_document;
using drsim::testing::stateless_topology;
using drsim::testing::strategy;
using drsim::testing::strategy_named;
using drsim::testing::two_region_topology;

} // namespace

TEST_CASE("a resolver keeps using a dead endpoint until its TTL expires", "[model][dns]") {
  // East is lost at 600 s. Both regions serve without a database, so the clients' success is exactly the share of
  // resolvers that moved to lb-west: recovery is the moment the last of the 50 resolvers moved.
  auto topology = stateless_topology();
  topology["clients"][0]["resolvers"] = 50;
  auto dns_with_ttl = [&](const std::string& ttl) {
    auto dns = topology["dns"];
    dns[0]["ttl"] = ttl;
    return json{{"dns", dns}};
  };
  const auto scenario = read(scenario_document(
      topology, region_loss("east", "600s"),
      json::array({strategy("ttl-60", dns_with_ttl("60s")), strategy("ttl-300", dns_with_ttl("300s"))}), "1h"));
  drsim::DrillRunner runner(scenario);

  double all_moved_after[2] = {0, 0};
  const double ttls[2] = {60, 300};
  for (int i = 0; i < 2; ++i) {
    const double ttl = ttls[i];
    const auto drill = runner.run(strategy_named(scenario, i == 0 ? "ttl-60" : "ttl-300"), 7);
    INFO("TTL " << ttl);
    // The answer flips when Route 53 marks lb-east unhealthy, at f.
    const double f = first_time(drill, EventKind::HealthCheckFailed, "lb-east");
    const auto moves = events(drill, EventKind::DnsCacheRefreshed, "shoppers");
    REQUIRE_FALSE(moves.empty());
    // Each resolver keeps its cached answer until its own next refresh phase + k * TTL at or after f: every move
    // lies in [f, f + TTL).
    for (const auto& move : moves) {
      CHECK(move.time >= f - clock_slack);
      CHECK(move.time <= f + ttl + clock_slack);
    }
    CHECK(moves.back().detail == "resolver caches now send 50/50 to lb-west");
    all_moved_after[i] = moves.back().time - f;
    // Phases are uniform over the TTL, so the last of 50 resolvers moves after 0.8 TTL but with probability
    // 0.8^50 = 1.4e-5 (the seed is fixed: this is a check that the phases spread over the whole TTL).
    CHECK(all_moved_after[i] >= 0.8 * ttl);
    // Each resolver carries 1/50 = 2 % of the requests, more than the 1 % the 99 % threshold allows: the drill
    // recovers exactly when the last resolver moved.
    REQUIRE(drill.measurement.rto_s);
    CHECK(*drill.measurement.rto_s == Approx(moves.back().time - drill.fault_onset).margin(clock_slack));
  }
  // Only the TTL changed: the time until all clients moved scales with it. From the two bounds above, the ratio
  // lies in [0.8 * 300 / 60, 300 / (0.8 * 60)] = [4, 6.25].
  const double ratio = all_moved_after[1] / all_moved_after[0];
  CHECK(ratio >= 4);
  CHECK(ratio <= 6.25);
}

TEST_CASE("a Route 53 health checker flips after interval x threshold within one interval of phase", "[model][dns]") {
  // Threshold 3; the interval is 10 s in one strategy and 30 s in the other; east is lost at onset 600 s.
  auto topology = stateless_topology();
  auto dns_with_interval = [&](const std::string& interval) {
    auto dns = topology["dns"];
    for (auto& endpoint : dns[0]["endpoints"])
      endpoint["health_check"]["interval"] = interval;
    return json{{"dns", dns}};
  };
  const auto scenario = read(scenario_document(
      topology, region_loss("east", "600s"),
      json::array({strategy("every-10s", dns_with_interval("10s")), strategy("every-30s", dns_with_interval("30s"))}),
      "30m"));
  drsim::DrillRunner runner(scenario);

  constexpr double onset = 600;
  constexpr int threshold = 3;
  for (std::uint64_t seed = 1; seed <= 4; ++seed) {
    INFO("seed " << seed);
    double phase_offset[2] = {0, 0};
    const double intervals[2] = {10, 30};
    for (int i = 0; i < 2; ++i) {
      const double interval = intervals[i];
      const auto drill = runner.run(strategy_named(scenario, i == 0 ? "every-10s" : "every-30s"), seed);
      INFO("interval " << interval);
      const double failed = first_time(drill, EventKind::HealthCheckFailed, "lb-east");
      // The first failing probe is the first instant of the checker's schedule at or after the onset, in
      // [onset, onset + interval); the verdict flips at the threshold-th failing probe, (threshold - 1) intervals
      // later: in [onset + (threshold - 1) * interval, onset + threshold * interval).
      CHECK(failed >= onset + (threshold - 1) * interval - clock_slack);
      CHECK(failed < onset + threshold * interval);
      phase_offset[i] = failed - onset - (threshold - 1) * interval;
    }
    // Both intervals divide the onset, and a seed draws the same uniform u for the checker's phase u * interval, so
    // the first failing probe comes u * interval after the onset: tripling the interval triples the offset.
    CHECK(phase_offset[1] == Approx(3 * phase_offset[0]).margin(clock_slack));
  }
}

namespace {

// The database in west, the fleets' only dependency, and deep Route 53 checks: a partition between east and west
// fails the probes of lb-east while it lasts, and nothing else.
json partitioned_scenario(const json& faults) {
  auto topology = two_region_topology();
  topology["databases"][0]["primary"] = {{"region", "west"}, {"az", "west-a"}};
  topology["databases"][0]["replicas"] = json::array();
  for (auto& endpoint : topology["dns"][0]["endpoints"])
    endpoint["health_check"]["deep"] = true;
  return scenario_document(topology, faults, json::array({strategy("as-is")}), "20m");
}

json partition(const std::string& onset, const std::string& duration = "") {
  json fault{{"kind", "network-partition"}, {"target", "east"}, {"peer", "west"}, {"onset", onset}};
  if (!duration.empty())
    fault["duration"] = duration;
  return fault;
}

} // namespace

TEST_CASE("a Route 53 checker that slept through passing probes starts its count of failures again", "[model][dns]") {
  // Every 10 s, threshold 3. The partition of [600 s, 610 s) fails exactly one probe; the probes between 610 s and
  // 700 s pass, so the partition from 700 s on needs three failing probes of its own: the first in [700 s, 710 s),
  // the verdict flips 20 s later.
  const auto scenario = read(partitioned_scenario(json::array({partition("600s", "10s"), partition("700s")})));
  drsim::DrillRunner runner(scenario);
  for (std::uint64_t seed = 1; seed <= 4; ++seed) {
    INFO("seed " << seed);
    const double failed =
        first_time(runner.run(strategy_named(scenario, "as-is"), seed), EventKind::HealthCheckFailed, "lb-east");
    CHECK(failed >= 720 - clock_slack);
    CHECK(failed < 730);
  }
}

TEST_CASE("a Route 53 checker that slept through no probe keeps its count of failures", "[model][dns]") {
  // Every 10 s, threshold 3. The partition of [600 s, 610 s) fails the probe p in it, and the next partition begins
  // 0.5 s after it ends. When p >= 600.5 s no probe falls in between: p, p + 10 s and p + 20 s fail, and the verdict
  // flips at p + 20 s in [620.5 s, 630 s). Otherwise p + 10 s passes and the verdict flips at p + 40 s.
  const auto scenario = read(partitioned_scenario(json::array({partition("600s", "10s"), partition("610.5s")})));
  drsim::DrillRunner runner(scenario);
  int without_probe_between = 0;
  for (std::uint64_t seed = 1; seed <= 4; ++seed) {
    INFO("seed " << seed);
    const double failed =
        first_time(runner.run(strategy_named(scenario, "as-is"), seed), EventKind::HealthCheckFailed, "lb-east");
    if (failed < 630) {
      CHECK(failed >= 620.5 - clock_slack);
      ++without_probe_between;
    } else {
      CHECK(failed >= 640 - clock_slack);
      CHECK(failed < 640.5 + clock_slack);
    }
  }
  CHECK(without_probe_between > 0);
}

TEST_CASE("weighted routing splits each population's traffic exactly by the weights of the healthy endpoints",
          "[model][dns]") {
  // Weighted routing over lb-east and lb-west, 1:2 in one strategy and 1:9 (a canary) in the other, with the default
  // 4 resolvers; no database, two instances of 100 requests/s in each region for the clients' 100. East is lost for
  // good at 600 s. Route 53 draws every query's answer by the weights, so until a resolver's cache learns that
  // lb-east is unhealthy, lb-east gets exactly its weight's share of that resolver's requests, and those fail: the
  // clients' success ratio from 600 s is the other share exactly, 2/3 and 9/10, whatever the number of resolvers.
  // Then each resolver moves at its own refresh within a TTL of the health check's verdict, each time adding a
  // quarter of the east share back, until every request succeeds.
  auto topology = stateless_topology();
  for (auto& endpoint : topology["dns"][0]["endpoints"])
    endpoint.erase("role");
  topology["dns"][0]["routing"] = "weighted";
  topology["clients"][0].erase("resolvers");
  auto weights = [&](int east, int west) {
    auto dns = topology["dns"];
    dns[0]["endpoints"][0]["weight"] = east;
    dns[0]["endpoints"][1]["weight"] = west;
    return json{{"dns", dns}};
  };
  const auto scenario = read(
      scenario_document(topology, region_loss("east", "600s"),
                        json::array({strategy("one-to-two", weights(1, 2)), strategy("canary", weights(1, 9))}), "1h"));
  drsim::DrillRunner runner(scenario);
  for (const auto& [name, east_share] : {std::pair{"one-to-two", 1.0 / 3}, std::pair{"canary", 1.0 / 10}})
    for (std::uint64_t seed = 1; seed <= 3; ++seed) {
      INFO(name << ", seed " << seed);
      const auto drill = runner.run(strategy_named(scenario, name), seed);
      REQUIRE(drill.outcomes.size() == 1);
      const auto& clients = drill.outcomes.front();
      CHECK(clients.ratio_at(599) == 1);
      CHECK(clients.ratio_at(600) == Approx(1 - east_share).epsilon(1e-12));
      const double verdict = first_time(drill, EventKind::HealthCheckFailed, "lb-east");
      const auto moves = events(drill, EventKind::DnsCacheRefreshed, "shoppers");
      REQUIRE_FALSE(moves.empty());
      CHECK(moves.front().time >= verdict - clock_slack);
      CHECK(moves.back().time <= verdict + 60 + clock_slack);
      CHECK(moves.back().detail == "resolver caches now send 4/4 to lb-west");
      // Every resolver that moved took its quarter of the east share back. A move's detail reads "resolver caches
      // now send 3/4 to lb-east (33.3 %) + lb-west (66.7 %) 1/4 to lb-west".
      const std::regex moved_to_west("([0-9])/4 to lb-west$");
      for (const auto& move : moves) {
        INFO(move.detail);
        std::smatch moved;
        REQUIRE(std::regex_search(move.detail, moved, moved_to_west));
        CHECK(clients.ratio_at(move.time) == Approx(1 - east_share * (4 - std::stoi(moved[1])) / 4).epsilon(1e-12));
      }
      CHECK(clients.points.back().second == 1);
    }
}
