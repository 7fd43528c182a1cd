// Model tests: one small simulated drill (or a few, on one DrillRunner) per test case, asserted after it ran.
// Each test case runs in its own process (catch_discover_tests), since SimGrid allows one Engine per process.
//
// The scenarios are built inline from a minimal two-region topology, so that every figure an assertion depends on
// is written in this file next to it. Bounds are derived in the comments from the model's definitions (README,
// "Input formats"); tolerances are the model's own granularity (a probe interval, a TTL, a ship interval), never a
// fudge factor.

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "reports/json_report.hpp"
#include "sim/core/time.hpp"
#include "sim/engine/drill.hpp"
#include "sim/runs/monte_carlo.hpp"
#include "sim/input/scenario_reader.hpp"
#include "tests/support/drill_checks.hpp"

using nlohmann::json;

namespace {

using drsim::EventKind;
using drsim::testing::events;
using drsim::testing::first_time;
using drsim::testing::strategy_named;

drsim::Scenario read(const json& document) { return drsim::testing::read_or_fail(document, "model-test.json"); }

// East serves, west stands by warm (two instances); clients reach both regions over 20 ms links, and the regions
// reach each other over a 30 ms, 1 Gbps link. Route 53 checks every 10 s with a threshold of 3, the ALBs every
// 10 s with thresholds of 2. One RDS database in east with an asynchronous replica "dr" in west.
json two_region_topology() {
  return json::parse(R"({
    "drsim_topology": 1,
    "name": "two-region",
    "regions": [{"name": "east", "azs": ["east-a", "east-b"]}, {"name": "west", "azs": ["west-a", "west-b"]}],
    "locations": ["users"],
    "network": {
      "intra_region": {"latency": "1ms", "bandwidth": "10Gbps"},
      "internet": {"latency": "50ms", "bandwidth": "1Gbps"},
      "links": [
        {"between": ["users", "east"], "latency": "20ms", "bandwidth": "1Gbps"},
        {"between": ["users", "west"], "latency": "20ms", "bandwidth": "1Gbps"},
        {"between": ["east", "west"], "latency": "30ms", "bandwidth": "1Gbps"}
      ]
    },
    "clients": [{"name": "shoppers", "location": "users", "dns_record": "app.example.com", "rate": "100/s",
                 "write_fraction": 0.1, "resolvers": 8}],
    "dns": [{"name": "app.example.com", "ttl": "60s", "routing": "failover", "endpoints": [
      {"target": "lb-east", "role": "primary", "health_check": {"interval": "10s", "failure_threshold": 3}},
      {"target": "lb-west", "role": "secondary", "health_check": {"interval": "10s", "failure_threshold": 3}}]}],
    "load_balancers": [
      {"name": "lb-east", "region": "east", "fleet": "web",
       "health_check": {"interval": "10s", "healthy_threshold": 2, "unhealthy_threshold": 2}},
      {"name": "lb-west", "region": "west", "fleet": "web",
       "health_check": {"interval": "10s", "healthy_threshold": 2, "unhealthy_threshold": 2}}
    ],
    "fleets": [{"name": "web",
                "capacity": {"east": {"min": 2, "desired": 2, "max": 8}, "west": {"min": 2, "desired": 2, "max": 8}},
                "requests_per_instance": "100/s", "boot_time": "60s", "depends_on": ["db"]}],
    "databases": [{"name": "db", "engine": "rds", "primary": {"region": "east", "az": "east-a"},
                   "replicas": [{"name": "dr", "region": "west", "az": "west-a", "mode": "async"}],
                   "size": "10GB", "write_size": "2KB", "ship_interval": "1s",
                   "failover_time": "60s", "promotion_time": "120s"}]
  })");
}

// The same without a database: for tests of the request path alone, where no write can fail.
json stateless_topology() {
  auto topology = two_region_topology();
  topology.erase("databases");
  topology["fleets"][0]["depends_on"] = json::array();
  return topology;
}

json scenario_document(const json& topology, const json& faults, const json& strategies,
                       const std::string& horizon = "2h") {
  return {{"drsim_scenario", 1}, {"name", "model-test"}, {"topology", topology}, {"horizon", horizon},
          {"seed", 7u},          {"faults", faults},     {"strategies", strategies}};
}

json region_loss(const std::string& region, const json& onset) {
  return json::array({{{"kind", "region-outage"}, {"target", region}, {"onset", onset}}});
}

// A strategy that only changes the topology: `patch` is its merge patch.
json strategy(const std::string& name, const json& patch = json::object(), const json& steps = json::array()) {
  return {{"name", name}, {"overrides", patch}, {"runbook", {{"steps", steps}}}};
}

double last_time(const drsim::DrillResult& drill, EventKind kind, const std::string& component = "") {
  const auto found = events(drill, kind, component);
  REQUIRE_FALSE(found.empty());
  return found.back().time;
}

constexpr double clock_slack = drsim::time_tolerance_s;

} // namespace

// ---------------------------------------------------------------------------------------------------------------
// DNS: resolvers and Route 53 health checks
// ---------------------------------------------------------------------------------------------------------------

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

TEST_CASE("a Route 53 health checker flips after interval x threshold within one interval of phase",
          "[model][dns]") {
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

TEST_CASE("a Route 53 checker that slept through passing probes starts its count of failures again",
          "[model][dns]") {
  // Every 10 s, threshold 3. The partition of [600 s, 610 s) fails exactly one probe; the probes between 610 s and
  // 700 s pass, so the partition from 700 s on needs three failing probes of its own: the first in [700 s, 710 s),
  // the verdict flips 20 s later.
  const auto scenario = read(partitioned_scenario(json::array({partition("600s", "10s"), partition("700s")})));
  drsim::DrillRunner runner(scenario);
  for (std::uint64_t seed = 1; seed <= 4; ++seed) {
    INFO("seed " << seed);
    const double failed = first_time(runner.run(strategy_named(scenario, "as-is"), seed), EventKind::HealthCheckFailed,
                                     "lb-east");
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
    const double failed = first_time(runner.run(strategy_named(scenario, "as-is"), seed), EventKind::HealthCheckFailed,
                                     "lb-east");
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

// ---------------------------------------------------------------------------------------------------------------
// Databases: asynchronous replication, synchronous failover, corruption
// ---------------------------------------------------------------------------------------------------------------

namespace {

// Replication to the asynchronous replica "dr" in west: 200 requests/s, half of them writes, so W = 100 writes/s
// of S = 2 KB, 200 KB/s to ship, in batches every second. East is lost at a random onset in [200 s, 1800 s]; the
// runbook promotes the replica as soon as the clients fail, and the writes it never received are lost.
constexpr double replicated_W = 100;    // writes per second
constexpr double replicated_S = 2000;   // bytes per write
constexpr double ship_interval = 1;
constexpr double east_west_latency = 0.030 + 2 * 50e-6; // the link plus the two hosts' access links

json promote_dr_steps() {
  return json::array({{{"id", "detect"}, {"action", "detect"}, {"on", {{"success_ratio_below", 0.99}}}},
                      {{"id", "promote"}, {"action", "promote"}, {"database", "db"}, {"replica", "dr"}}});
}

json replication_scenario(const std::string& east_west_bandwidth, const json& strategies = json()) {
  auto topology = two_region_topology();
  topology["clients"][0]["rate"] = "200/s";
  topology["clients"][0]["write_fraction"] = 0.5;
  topology["network"]["links"][2]["bandwidth"] = east_west_bandwidth;
  const json faults = json::array(
      {{{"kind", "region-outage"}, {"target", "east"}, {"onset", {{"uniform", {"200s", "1800s"}}}}}});
  const json promote_only = json::array({strategy("promote-dr", json::object(), promote_dr_steps())});
  return scenario_document(topology, faults, strategies.is_null() ? promote_only : strategies, "1h");
}

} // namespace

TEST_CASE("asynchronous replication lag grows when the write rate exceeds the link", "[model][database]") {
  // The east-west link carries 400 Kbps = B = 50 KB/s: at most B / S = 25 of the 100 writes/s reach the replica.
  constexpr double W = replicated_W;
  constexpr double B = 50e3;
  const auto scenario = read(replication_scenario("400Kbps"));
  drsim::DrillRunner runner(scenario);

  struct Loss {
    double onset;
    double lost;
  };
  std::vector<Loss> losses;
  for (std::uint64_t seed = 1; seed <= 6; ++seed) {
    const auto drill = runner.run(scenario.strategies.front(), seed);
    const double f = drill.fault_onset;
    INFO("seed " << seed << ", onset " << f);
    REQUIRE(events(drill, EventKind::PromotionDone, "db").size() == 1);
    const auto& m = drill.measurement;
    // The write rate is W from long before the drill until the fault, so the writes the replica misses are W
    // times the RPO.
    CHECK(m.lost_writes == Approx(W * m.rpo_s).epsilon(1e-9));
    // The replica held everything at time 0 and since then received at most B / S writes per second:
    // lost >= (W - B / S) * f. It cannot miss more than everything written since time 0: lost <= W * f.
    CHECK(m.lost_writes >= (W - B / replicated_S) * f);
    CHECK(m.lost_writes <= W * f);
    losses.push_back({f, m.lost_writes});
  }
  // The lag grows with the time before the fault: by the bounds above, a fault later by a factor above
  // W / (W - B / S) = 4/3 loses strictly more.
  for (const auto& early : losses)
    for (const auto& late : losses)
      if (late.onset > early.onset * W / (W - B / replicated_S)) {
        INFO("onsets " << early.onset << " and " << late.onset);
        CHECK(late.lost > early.lost);
      }
}

TEST_CASE("asynchronous replication over a fast link loses about one ship interval", "[model][database]") {
  // The east-west link carries 1 Gbps = 125 MB/s, far above the 200 KB/s to ship. Compared with the slow link of
  // the test above (lost >= 75 writes per second before the fault, tens of thousands here), the loss is bounded
  // by one batch.
  constexpr double W = replicated_W;
  constexpr double B = 125e6;
  const auto scenario = read(replication_scenario("1Gbps"));
  drsim::DrillRunner runner(scenario);
  for (std::uint64_t seed = 1; seed <= 6; ++seed) {
    const auto drill = runner.run(scenario.strategies.front(), seed);
    INFO("seed " << seed << ", onset " << drill.fault_onset);
    REQUIRE(events(drill, EventKind::PromotionDone, "db").size() == 1);
    const auto& m = drill.measurement;
    CHECK(m.lost_writes == Approx(W * m.rpo_s).epsilon(1e-9));
    // Batches leave every ship interval and arrive after latency + batch / B (the 5 % SimGrid adds to transfers,
    // see the backup tests, is negligible here); the newest write the replica holds at the fault is at most one
    // interval plus one transfer old.
    const double batch = W * (ship_interval + east_west_latency) * replicated_S;
    CHECK(m.rpo_s > 0);
    CHECK(m.rpo_s <= ship_interval + east_west_latency + 1.05 * batch / B);
  }
}

// BUG (sim/platform.cpp, Platform::Platform): the platform's links come from the base topology only
// (`base.network.links`), and a strategy whose overrides change `network` is accepted by the reader but simulated
// on the base network: the override is silently ignored (Platform checks that variants share regions and
// locations, not the network). Here "slow" (400 Kbps, the base) and "fast" (1 Gbps, an override) lose the same.
TEST_CASE("a strategy's override of the network changes the simulated links", "[model][database]") {
  auto fast_network = two_region_topology()["network"];
  fast_network["links"][2]["bandwidth"] = "1Gbps";
  const auto scenario = read(replication_scenario(
      "400Kbps", json::array({strategy("slow", json::object(), promote_dr_steps()),
                              strategy("fast", {{"network", fast_network}}, promote_dr_steps())})));
  drsim::DrillRunner runner(scenario);
  const auto slow = runner.run(strategy_named(scenario, "slow"), 1);
  const auto fast = runner.run(strategy_named(scenario, "fast"), 1);
  // Same onset (the fault stream does not depend on the strategy); with the fast link about one ship interval of
  // writes is lost, with the slow one at least 75 writes per second of the time before the fault.
  REQUIRE(slow.fault_onset == fast.fault_onset);
  CHECK(slow.measurement.lost_writes >= 75 * slow.fault_onset);
  CHECK(fast.measurement.lost_writes <= replicated_W * 1.1);
}

TEST_CASE("global tables lose at most one ship interval of the lost region's writes", "[model][database]") {
  // Active/active: a multi-writer database with a writer in each region, weighted DNS sending half of the 8
  // resolvers to each region. 200 requests/s, half writes: W_east = 50 writes/s committed in east, replicated to
  // west every second over the 1 Gbps, 30 ms link. East is lost for good at 600 s.
  constexpr double W_east = 50;
  auto topology = two_region_topology();
  topology["clients"][0]["rate"] = "200/s";
  topology["clients"][0]["write_fraction"] = 0.5;
  for (auto& endpoint : topology["dns"][0]["endpoints"])
    endpoint.erase("role");
  topology["dns"][0]["routing"] = "weighted";
  topology["databases"][0]["engine"] = "dynamodb-global";
  topology["databases"][0]["multi_writer"] = true;
  topology["databases"][0]["replicas"] =
      json::array({{{"name", "west"}, {"region", "west"}, {"az", "west-a"}, {"mode", "async"}}});
  const auto scenario =
      read(scenario_document(topology, region_loss("east", "600s"), json::array({strategy("active-active")}), "1h"));
  drsim::DrillRunner runner(scenario);
  for (std::uint64_t seed = 1; seed <= 3; ++seed) {
    INFO("seed " << seed);
    const auto drill = runner.run(scenario.strategies.front(), seed);
    const auto& m = drill.measurement;
    // West holds east's writes up to the last batch that arrived before the fault: at most one ship interval plus
    // one transfer (latency, and 50 x 2 KB at 125 MB/s) old, and some writes are always in between.
    CHECK(m.lost_writes > 0);
    CHECK(m.lost_writes == Approx(W_east * m.rpo_s).epsilon(1e-9));
    CHECK(m.rpo_s <= ship_interval + east_west_latency + 1.05 * W_east * 2 * replicated_S / 125e6);
  }
}

TEST_CASE("synchronous Multi-AZ failover loses no acknowledged write", "[model][database]") {
  // The primary's AZ east-a is lost at 600 s; the synchronous standby in east-b takes over after a failover time
  // uniform in [60 s, 120 s]. Two instances per AZ of 100 requests/s each: the two in east-b carry the 100
  // requests/s alone. No cross-region replica.
  auto topology = two_region_topology();
  topology["databases"][0]["replicas"] =
      json::array({{{"name", "standby"}, {"region", "east"}, {"az", "east-b"}, {"mode", "sync"}}});
  topology["databases"][0]["failover_time"] = {{"uniform", {"60s", "120s"}}};
  topology["fleets"][0]["capacity"]["east"] = {{"min", 4}, {"desired", 4}, {"max", 8}};
  const json faults = json::array({{{"kind", "az-outage"}, {"target", "east-a"}, {"onset", "600s"}}});
  const auto scenario = read(scenario_document(topology, faults, json::array({strategy("multi-az")}), "1h"));
  drsim::DrillRunner runner(scenario);

  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    INFO("seed " << seed);
    const auto drill = runner.run(scenario.strategies.front(), seed);
    const double onset = drill.fault_onset;
    const double started = first_time(drill, EventKind::FailoverStarted, "db");
    const double done = first_time(drill, EventKind::FailoverDone, "db");
    // The failover watcher wakes at the fault itself.
    CHECK(started == Approx(onset).margin(clock_slack));
    CHECK(done - started >= 60 - clock_slack);
    CHECK(done - started <= 120 + clock_slack);
    // Every write acknowledged before the fault is on the standby.
    CHECK(drill.measurement.lost_writes == 0);
    CHECK(drill.measurement.rpo_s == 0);
    // Writes fail (10 % of requests) until the failover is done, so the drill cannot recover before it. The dead
    // targets in east-a get half the requests only until the ALB removes them, after its unhealthy threshold of 2
    // probes 10 s apart: by onset + 20 s, before the earliest failover end at onset + 60 s. Nothing else is
    // broken, so RTO is exactly the failover's duration, within [60 s, 120 s].
    REQUIRE(drill.measurement.rto_s);
    CHECK(*drill.measurement.rto_s == Approx(done - onset).margin(clock_slack));
    CHECK(*drill.measurement.rto_s >= 60 - clock_slack);
    CHECK(*drill.measurement.rto_s <= 120 + clock_slack);
    const double removed = first_time(drill, EventKind::TargetsChanged, "lb-east", onset);
    CHECK(removed <= onset + 20 + clock_slack);
    CHECK(events(drill, EventKind::TargetsChanged, "lb-east").front().detail == "4 -> 2 healthy targets");
  }
}

TEST_CASE("a corrupted write reaches every replica and only a backup restores clean data", "[model][database]") {
  // Writes to db are corrupted from 1800 s on. Backups: hourly snapshots and 5-minute point-in-time logs in east.
  // One strategy promotes the cross-region replica, the other restores the backup in east, both as soon as the
  // clients fail. The restore reads 10 GB at 10 Gbps.
  constexpr double W = 10;            // 100 requests/s, 10 % writes
  constexpr double log_interval = 300;
  auto topology = two_region_topology();
  topology["backups"] = json::array({{{"name", "db-backups"},
                                      {"source", "db"},
                                      {"every", "1h"},
                                      {"log_interval", "5m"},
                                      {"restore_bandwidth", "10Gbps"}}});
  const json detect = {{"id", "detect"}, {"action", "detect"}, {"on", {{"success_ratio_below", 0.99}}}};
  const json promote =
      json::array({detect, {{"id", "promote"}, {"action", "promote"}, {"database", "db"}, {"replica", "dr"}}});
  const json restore = json::array(
      {detect,
       {{"id", "restore"}, {"action", "restore"}, {"backup", "db-backups"}, {"database", "db"}, {"region", "east"}}});
  const json faults = json::array({{{"kind", "data-corruption"}, {"target", "db"}, {"onset", "1800s"}}});
  const auto scenario = read(scenario_document(
      topology, faults,
      json::array({strategy("promote", json::object(), promote), strategy("restore", json::object(), restore)}),
      "3h"));
  drsim::DrillRunner runner(scenario);

  {
    // Promoting the replica does not recover.
    const auto drill = runner.run(strategy_named(scenario, "promote"), 7);
    REQUIRE(events(drill, EventKind::PromotionDone, "db").size() == 1);
    // Replication copied the corruption: the promoted replica serves corrupted data, every request fails.
    CHECK_FALSE(drill.measurement.rto_s);
    REQUIRE(drill.outcomes.size() == 1);
    CHECK(drill.outcomes[0].points.back().first <= last_time(drill, EventKind::PromotionDone, "db") + clock_slack);
    CHECK(drill.outcomes[0].points.back().second == 0);
  }
  {
    // Restoring the backup recovers, with RPO bounded by the log interval.
    const auto drill = runner.run(strategy_named(scenario, "restore"), 7);
    const double onset = drill.fault_onset;
    const double started = first_time(drill, EventKind::RestoreStarted, "db");
    const double done = first_time(drill, EventKind::RestoreDone, "db");
    CHECK(started == Approx(onset).margin(clock_slack));
    const auto& m = drill.measurement;
    REQUIRE(m.rto_s);
    CHECK(*m.rto_s == Approx(done - onset).margin(clock_slack));
    // At the restore no log past the onset exists yet: the restore goes back to the newest shipped log, at most one
    // log interval before the onset.
    CHECK(m.rpo_s <= log_interval);
    // Lost: the writes between that log and the onset, and every (corrupted) write acknowledged from the onset
    // until the restored database took over.
    CHECK(m.lost_writes == Approx(W * (m.rpo_s + done - onset)).epsilon(1e-9));
  }
}

TEST_CASE("after a Multi-AZ failover a restore replays the new writer's logs on an older snapshot", "[model][database]") {
  // db gets a synchronous standby in east-b. Its writer fails at 1 h for 30 min: the standby takes over after the
  // failover time, starting a new write stream. Corruption starts at 3 h; the runbook waits from the drill's start
  // and restores the backup in east at 3 h 30 min. The daily snapshot is older than the failover, so only the new
  // stream's 5-minute logs can bring the restore up to the corruption: the restored data holds every write up to
  // 3 h, and what is lost is the corrupted half hour plus the restore's own transfer (10 GB at 10 Gbps).
  constexpr double W = 10; // 100 requests/s, 10 % writes
  auto topology = two_region_topology();
  topology["databases"][0]["replicas"].push_back(
      {{"name", "standby"}, {"region", "east"}, {"az", "east-b"}, {"mode", "sync"}});
  topology["backups"] = json::array({{{"name", "db-backups"},
                                      {"source", "db"},
                                      {"every", "24h"},
                                      {"log_interval", "5m"},
                                      {"restore_bandwidth", "10Gbps"}}});
  const json steps = json::array(
      {{{"id", "wait"}, {"action", "wait"}, {"delay", "210m"}},
       {{"id", "restore"}, {"action", "restore"}, {"backup", "db-backups"}, {"database", "db"}, {"region", "east"}}});
  const json faults = json::array({{{"kind", "database-failure"}, {"target", "db"}, {"onset", "1h"}, {"duration", "30m"}},
                                   {{"kind", "data-corruption"}, {"target", "db"}, {"onset", "3h"}}});
  const auto scenario =
      read(scenario_document(topology, faults, json::array({strategy("restore", json::object(), steps)}), "6h"));
  drsim::DrillRunner runner(scenario);
  const auto drill = runner.run(strategy_named(scenario, "restore"), 7);
  REQUIRE(events(drill, EventKind::FailoverDone, "db").size() == 1);
  const double done = first_time(drill, EventKind::RestoreDone, "db");
  CHECK(first_time(drill, EventKind::RestoreStarted, "db") == Approx(3.5 * 3600).margin(clock_slack));
  CHECK(drill.measurement.lost_writes == Approx(W * (done - 3 * 3600)).epsilon(1e-6));
}

// ---------------------------------------------------------------------------------------------------------------
// Backups: copies and restores move their bytes over the simulated network
// ---------------------------------------------------------------------------------------------------------------

namespace {

// 5 GB snapshots every 10 minutes, copied to west over a 500 Mbps = 62.5 MB/s link with 30 ms latency. The backup
// stores read at 2 Gbps = 250 MB/s, so the link is the copy's bottleneck. East is lost at 1500 s, and the runbook
// restores the copy in west at once. The link between the regions carries nothing else (no replica, no object
// store).
constexpr double backup_size = 5e9;
constexpr double backup_link_B = 62.5e6;
constexpr double backup_store_B = 250e6;
constexpr double access_latency = 50e-6;
// A copy crosses the source store's access link, the 30 ms link between the regions and the destination store's
// access link; a restore the west store's access link, the 1 ms intra-region link and the restored node's access.
constexpr double copy_latency = 2 * access_latency + 0.030;
constexpr double restore_latency = 2 * access_latency + 0.001;

struct BackupTimes {
  std::vector<double> copies;  //!< snapshot-copied minus snapshot, per snapshot
  double restore = 0;          //!< restore-done minus restore-started
};

BackupTimes backup_drill() {
  auto topology = two_region_topology();
  topology["network"]["links"][2]["bandwidth"] = "500Mbps";
  topology["databases"][0]["size"] = "5GB";
  topology["databases"][0]["replicas"] = json::array();
  topology["backups"] = json::array({{{"name", "db-backups"},
                                      {"source", "db"},
                                      {"every", "10m"},
                                      {"copy_to", {"west"}},
                                      {"restore_bandwidth", "2Gbps"}}});
  const json restore = json::array(
      {{{"id", "detect"}, {"action", "detect"}, {"on", {{"success_ratio_below", 0.99}}}},
       {{"id", "restore"}, {"action", "restore"}, {"backup", "db-backups"}, {"database", "db"}, {"region", "west"}}});
  const auto scenario = read(scenario_document(topology, region_loss("east", "1500s"),
                                               json::array({strategy("backup-restore", json::object(), restore)}),
                                               "1h"));
  drsim::DrillRunner runner(scenario);
  const auto drill = runner.run(scenario.strategies.front(), 7);

  const auto snapshots = events(drill, EventKind::Snapshot, "db-backups");
  const auto copies = events(drill, EventKind::SnapshotCopied, "db-backups");
  // Snapshots at some phase in (0, 600], then every 600 s until the fault: two or three before 1500 s.
  REQUIRE(snapshots.size() >= 2);
  REQUIRE(copies.size() >= 2);
  // One copy at a time (80 s each, 600 s apart): the i-th copy belongs to the i-th snapshot.
  BackupTimes times;
  for (std::size_t i = 0; i < copies.size(); ++i) {
    REQUIRE(copies[i].time > snapshots[i].time);
    REQUIRE((i + 1 == snapshots.size() || copies[i].time < snapshots[i + 1].time));
    times.copies.push_back(copies[i].time - snapshots[i].time);
  }
  times.restore = first_time(drill, EventKind::RestoreDone, "db") - first_time(drill, EventKind::RestoreStarted, "db");
  return times;
}

} // namespace

TEST_CASE("backup copies and restores take their time from size and bandwidth", "[model][backup]") {
  const auto times = backup_drill();
  // Whatever per-byte overhead the network model adds, it is the same for every transfer: every copy of the same
  // size takes the same time, and the copy's transfer time relates to the restore's as the bandwidths, 250 / 62.5.
  for (double copy : times.copies)
    CHECK(copy == Approx(times.copies.front()).epsilon(1e-9));
  CHECK((times.copies.front() - copy_latency) / (times.restore - restore_latency) ==
        Approx(backup_store_B / backup_link_B).epsilon(0.01));
  // And the figures are the network's, not a constant: within 10 % of size / bandwidth (the exact check follows).
  CHECK(times.copies.front() == Approx(copy_latency + backup_size / backup_link_B).epsilon(0.1));
  CHECK(times.restore == Approx(restore_latency + backup_size / backup_store_B).epsilon(0.1));
}

// BUG (sim/platform.cpp, Platform::Platform): the platform promises "latency + size / bandwidth, the figure the
// topology's links state" (CM02 without the TCP gamma window), but leaves SimGrid's `network/crosstraffic` at its
// default (on): every transfer also sends a 5 % reverse flow on the same shared links, so every copy, restore and
// replication batch takes 1.05 x size / bandwidth (84.03 s instead of 80.03 s for this copy; 21.0 s instead of
// 20.0 s for this restore). Setting `network/crosstraffic:0` gives the stated figure exactly.
TEST_CASE("a backup copy takes size / link bandwidth and a restore size / restore bandwidth within 1 %",
          "[model][backup]") {
  const auto times = backup_drill();
  for (double copy : times.copies)
    CHECK(copy == Approx(copy_latency + backup_size / backup_link_B).epsilon(0.01));
  CHECK(times.restore == Approx(restore_latency + backup_size / backup_store_B).epsilon(0.01));
}

// ---------------------------------------------------------------------------------------------------------------
// Determinism
// ---------------------------------------------------------------------------------------------------------------

namespace {

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
    CHECK(a.timeline[i].kind == b.timeline[i].kind);
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
  const auto parallel = drsim::run_monte_carlo(scenario, options);
  options.jobs = 1;
  const auto serial = drsim::run_monte_carlo(scenario, options);
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
