// Model tests of databases (models/database): asynchronous replication, synchronous failover, global tables,
// corruption, restores.
//
// Model tests: one small simulated drill (or a few, on one DrillRunner) per test case, asserted after it ran; each
// test case runs in its own process, since SimGrid allows one Engine per process. The scenarios patch the two-region
// world of tests/support/two_region.hpp, so that every figure an assertion depends on is written next to it. Bounds
// are derived in the comments from the model's definitions (README, "Input formats"); tolerances are the model's own
// granularity (a probe interval, a TTL, a ship interval), never a fudge factor.

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "models/database.hpp"
#include "sim/engine/drill.hpp"
#include "tests/support/two_region.hpp"

namespace {

using drsim::EventKind;
using drsim::testing::clock_slack;
using drsim::testing::events;
using drsim::testing::first_time;
using drsim::testing::json;
using drsim::testing::last_time;
using drsim::testing::read;
using drsim::testing::region_loss;
using drsim::testing::scenario_document;
using drsim::testing::strategy;
using drsim::testing::strategy_named;
using drsim::testing::two_region_topology;

// Replication to the asynchronous replica "dr" in west: 200 requests/s, half of them writes, so W = 100 writes/s
// of S = 2 KB, 200 KB/s to ship, in batches every second. East is lost at a random onset in [200 s, 1800 s]; the
// runbook promotes the replica as soon as the clients fail, and the writes it never received are lost.
constexpr double replicated_W = 100;  // writes per second
constexpr double replicated_S = 2000; // bytes per write
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
  const json faults =
      json::array({{{"kind", "region-outage"}, {"target", "east"}, {"onset", {{"uniform", {"200s", "1800s"}}}}}});
  const json promote_only = json::array({strategy("promote-dr", json::object(), promote_dr_steps())});
  return scenario_document(topology, faults, strategies.is_null() ? promote_only : strategies, "1h");
}

} // namespace

TEST_CASE("a replica over a saturated link lags T (1 - B / (W S)) within one ship interval", "[model][database]") {
  // The east-west link carries 400 Kbps = B = 50 KB/s, a quarter of the W S = 100 x 2 KB = 200 KB/s written: a
  // replica that streams over it holds, at time T after it last held everything (the drill's start), what the link
  // could carry, the writes of the first B T / (W S) seconds: its lag is T (1 - B / (W S)) = 0.75 T.
  // What the model does: at each departure (phase + k I, phase in [0, I)) a batch of what the link carries in one
  // interval, B I bytes = B I / (W S) seconds of writes, leaves without waiting for the one before it, and lands
  // L + I later (L: the route's latency). At the fault f, the n batches that left by f - I - L have landed, n I in
  // (f - I - L - phase, f - L - phase], so the lag exceeds the formula by (B / (W S)) (f - n I), in
  // [0, (B / (W S)) (2 I + L)): within one interval, and closer with a shorter interval. Two strategies, shipping
  // every 1 s and every 250 ms, each held to its own bound; every write the replica misses is lost (W x RPO).
  constexpr double W = replicated_W;
  constexpr double B = 50e3;
  constexpr double share = B / (W * replicated_S);
  auto databases = two_region_topology()["databases"];
  databases[0]["ship_interval"] = "250ms";
  const auto scenario = read(replication_scenario(
      "400Kbps", json::array({strategy("every-1s", json::object(), promote_dr_steps()),
                              strategy("every-250ms", {{"databases", databases}}, promote_dr_steps())})));
  drsim::DrillRunner runner(scenario);
  for (const char* name : {"every-1s", "every-250ms"})
    for (std::uint64_t seed = 1; seed <= 4; ++seed) {
      const double interval = std::string(name) == "every-1s" ? 1 : 0.25;
      const auto drill = runner.run(strategy_named(scenario, name), seed);
      const double f = drill.fault_onset;
      INFO(name << ", seed " << seed << ", onset " << f);
      REQUIRE(events(drill, EventKind::PromotionDone, "db").size() == 1);
      const auto& m = drill.measurement;
      CHECK(m.rpo_s >= f * (1 - share) - clock_slack);
      CHECK(m.rpo_s < f * (1 - share) + share * (2 * interval + east_west_latency));
      CHECK(m.lost_writes == Approx(W * m.rpo_s).epsilon(1e-9));
    }
}

TEST_CASE("a replica over a saturated link for most of a year lags as the formula says, in few events",
          "[model][database]") {
  // The link and writes of the test above, the fault near the end of a year: T (1 - B / (W S)) still bounds the
  // lag, and the catch-up the replica can never finish is settled in closed form rather than by a real batch every
  // second (31.5 million of them): the drill takes a few events per change of the world, not per batch.
  constexpr double B = 50e3;
  constexpr double share = B / (replicated_W * replicated_S);
  auto document = replication_scenario("400Kbps");
  document["horizon"] = "365d";
  document["faults"][0]["onset"] = {{"uniform", {"300d", "301d"}}};
  const auto scenario = read(document);
  drsim::DrillRunner runner(scenario);
  for (std::uint64_t seed = 1; seed <= 2; ++seed) {
    const auto drill = runner.run(strategy_named(scenario, "promote-dr"), seed);
    const double f = drill.fault_onset;
    INFO("seed " << seed << ", onset " << f);
    const auto& m = drill.measurement;
    CHECK(m.rpo_s >= f * (1 - share) - clock_slack);
    CHECK(m.rpo_s < f * (1 - share) + share * (2 * ship_interval + east_west_latency));
    CHECK(drill.engine_steps < 10'000);
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
    // Batches leave every ship interval and arrive after latency + batch / B (give or take the 5 % of SimGrid's
    // cross-traffic, see the backup tests, negligible here); the newest write the replica holds at the fault is at
    // most one interval plus one transfer old.
    const double batch = W * (ship_interval + east_west_latency) * replicated_S;
    CHECK(m.rpo_s > 0);
    CHECK(m.rpo_s <= ship_interval + east_west_latency + 1.05 * batch / B);
  }
}

// The platform (models/shared/platform.cpp) once took its links from the base topology only, so a strategy whose
// overrides change `network` was accepted by the reader but simulated on the base network, and "slow" (400 Kbps,
// the base) and "fast" (1 Gbps, an override) below lost the same.
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
    // A writer that is down takes no writes to conflict with: no partition, no conflicts.
    CHECK(m.conflict_lost_writes == 0);
  }
}

TEST_CASE("a partition of a global table loses K (1 - e^(-W T / K))^2 updates to last writer wins",
          "[model][database]") {
  // The global table of the test above, K = 10,000 keys written evenly (skew 0): each region's writer takes
  // W = 50 writes/s (weighted DNS, half of 200 requests/s, half of them writes). The regions cannot reach each other
  // from 600 s for T = 600 s, while the users reach both: each side writes n = W T = 30,000 writes to keys the
  // other does not see. A key takes each side's writes as a Poisson stream of mean n / K, so both sides wrote it
  // with probability (1 - e^(-n/K))^2, and last writer wins then drops one side's newest: K (1 - e^(-n/K))^2
  // updates, 9,029 here. They are not lost writes: the cuts lose nothing, every write reaches the other side.
  constexpr double W = 50;
  constexpr double T = 600;
  constexpr double K = 10000;
  auto topology = two_region_topology();
  topology["clients"][0]["rate"] = "200/s";
  topology["clients"][0]["write_fraction"] = 0.5;
  for (auto& endpoint : topology["dns"][0]["endpoints"])
    endpoint.erase("role");
  topology["dns"][0]["routing"] = "weighted";
  topology["databases"][0]["engine"] = "dynamodb-global";
  topology["databases"][0]["multi_writer"] = true;
  topology["databases"][0]["keys"] = K;
  topology["databases"][0]["key_skew"] = 0;
  topology["databases"][0]["replicas"] =
      json::array({{{"name", "west"}, {"region", "west"}, {"az", "west-a"}, {"mode", "async"}}});
  const json partition = json::array(
      {{{"kind", "network-partition"}, {"target", "east"}, {"peer", "west"}, {"onset", "600s"}, {"duration", "10m"}}});
  const auto scenario = read(scenario_document(topology, partition, json::array({strategy("active-active")}), "1h"));
  drsim::DrillRunner runner(scenario);
  const auto drill = runner.run(scenario.strategies.front(), 1);
  const double expected = K * std::pow(1 - std::exp(-W * T / K), 2);
  CHECK(drill.measurement.conflict_lost_writes == Approx(expected).epsilon(1e-9));
  CHECK(drill.measurement.lost_writes == 0);
  CHECK(first_time(drill, EventKind::WritesConflicted, "db") == Approx(600 + T).margin(clock_slack));
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
  constexpr double W = 10; // 100 requests/s, 10 % writes
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
      json::array({strategy("promote", json::object(), promote), strategy("restore", json::object(), restore)}), "3h"));
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
    // until the restored database took over; those after the onset are the discarded writes. Writes never paused,
    // so the data loss is the whole span from the restore point to the restore.
    CHECK(m.lost_writes == Approx(W * (m.rpo_s + done - onset)).epsilon(1e-9));
    CHECK(m.data_loss_s == Approx(m.rpo_s + done - onset).epsilon(1e-9));
    CHECK(m.discarded_writes == Approx(W * (done - onset)).epsilon(1e-9));
  }
}

TEST_CASE("after a Multi-AZ failover a restore replays the new writer's logs on an older snapshot",
          "[model][database]") {
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
  const json faults =
      json::array({{{"kind", "database-failure"}, {"target", "db"}, {"onset", "1h"}, {"duration", "30m"}},
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

namespace {

// Global tables in east and west (multi-writer) behind a weighted 1:1 record: each region's writer takes the writes
// of the half of the resolvers sent to it.
json global_tables(json topology) {
  for (auto& endpoint : topology["dns"][0]["endpoints"])
    endpoint.erase("role");
  topology["dns"][0]["routing"] = "weighted";
  topology["databases"][0]["engine"] = "dynamodb-global";
  topology["databases"][0]["multi_writer"] = true;
  topology["databases"][0]["replicas"] =
      json::array({{{"name", "west"}, {"region", "west"}, {"az", "west-a"}, {"mode", "async"}}});
  return topology;
}

} // namespace

TEST_CASE("a restore after corruption loses the writes since its restore point, in every replication mode",
          "[model][database]") {
  // W = 10 writes/s (100 requests/s, 10 % writes), to one writer in east or, with global tables, half to each
  // region's writer. Writes are corrupted from 1800 s on; the runbook restores the backup in east 20 minutes later,
  // when logs past the onset have long been shipped (every 5 minutes), so the restore point is the onset itself:
  // nothing written before the onset is lost (RPO 0). The database acknowledges every write until the restored one
  // takes over at `done`, and the restore discards every write committed after its point, in every writer's stream:
  //   lost writes = discarded writes = W (done - onset), data loss = done - onset,
  // the same for one writer and for two: the restore takes the whole database back to its point.
  constexpr double W = 10;
  auto topology = two_region_topology();
  topology["backups"] = json::array({{{"name", "db-backups"},
                                      {"source", "db"},
                                      {"every", "1h"},
                                      {"log_interval", "5m"},
                                      {"restore_bandwidth", "10Gbps"}}});
  const json restore = json::array(
      {{{"id", "detect"}, {"action", "detect"}, {"on", {{"success_ratio_below", 0.99}}}},
       {{"id", "wait"}, {"action", "wait"}, {"delay", "20m"}},
       {{"id", "restore"}, {"action", "restore"}, {"backup", "db-backups"}, {"database", "db"}, {"region", "east"}}});
  const json faults = json::array({{{"kind", "data-corruption"}, {"target", "db"}, {"onset", "1800s"}}});
  const auto scenario =
      read(scenario_document(topology, faults,
                             json::array({strategy("single-writer", json::object(), restore),
                                          strategy("multi-writer",
                                                   {{"dns", global_tables(topology)["dns"]},
                                                    {"databases", global_tables(topology)["databases"]}},
                                                   restore)}),
                             "3h"));
  drsim::DrillRunner runner(scenario);
  for (const char* name : {"single-writer", "multi-writer"})
    for (std::uint64_t seed = 1; seed <= 3; ++seed) {
      INFO(name << ", seed " << seed);
      const auto drill = runner.run(strategy_named(scenario, name), seed);
      const double onset = drill.fault_onset;
      const double done = first_time(drill, EventKind::RestoreDone, "db");
      CHECK(first_time(drill, EventKind::RestoreStarted, "db") == Approx(onset + 1200).margin(clock_slack));
      const auto& m = drill.measurement;
      REQUIRE(m.rto_s);
      CHECK(m.rpo_s == 0);
      CHECK(m.data_loss_s == Approx(done - onset).epsilon(1e-9));
      CHECK(m.lost_writes == Approx(W * (done - onset)).epsilon(1e-9));
      CHECK(m.discarded_writes == Approx(m.lost_writes).epsilon(1e-9));
    }
}

TEST_CASE("a second restore brings back the writes the first one cut off", "[model][database]") {
  // East is lost for good at 1800 s, with W = 10 writes/s until then. Two backups of db copy their snapshots to west:
  // a daily one and an hourly one. The runbook restores the daily snapshot in west, then the hourly one on top (a
  // weekly full then a daily incremental, in a data centre's words). The first restore cuts off every write since
  // the daily snapshot; the second brings back those up to the hourly snapshot, so all that is lost is the writes
  // from the hourly snapshot to the fault: lost writes = W x RPO = W x data loss, nothing discarded.
  constexpr double W = 10;
  auto topology = two_region_topology();
  topology["databases"][0]["replicas"] = json::array();
  topology["backups"] = json::array(
      {{{"name", "daily"}, {"source", "db"}, {"every", "24h"}, {"copy_to", {"west"}}, {"restore_bandwidth", "10Gbps"}},
       {{"name", "hourly"},
        {"source", "db"},
        {"every", "1h"},
        {"copy_to", {"west"}},
        {"restore_bandwidth", "10Gbps"}}});
  const json steps = json::array(
      {{{"id", "detect"}, {"action", "detect"}, {"on", {{"success_ratio_below", 0.99}}}},
       {{"id", "daily"}, {"action", "restore"}, {"backup", "daily"}, {"database", "db"}, {"region", "west"}},
       {{"id", "hourly"}, {"action", "restore"}, {"backup", "hourly"}, {"database", "db"}, {"region", "west"}}});
  const auto scenario = read(scenario_document(topology, region_loss("east", "1800s"),
                                               json::array({strategy("restore-twice", json::object(), steps)}), "3h"));
  drsim::DrillRunner runner(scenario);
  for (std::uint64_t seed = 1; seed <= 3; ++seed) {
    INFO("seed " << seed);
    const auto drill = runner.run(scenario.strategies.front(), seed);
    REQUIRE(events(drill, EventKind::RestoreDone, "db").size() == 2);
    const auto& m = drill.measurement;
    // The hourly snapshot copied to west before the fault is less than an hour and a copy old.
    CHECK(m.rpo_s > 0);
    CHECK(m.rpo_s < 3600 + 100);
    CHECK(m.lost_writes == Approx(W * m.rpo_s).epsilon(1e-9));
    CHECK(m.data_loss_s == Approx(m.rpo_s).epsilon(1e-9));
    CHECK(m.discarded_writes == 0);
  }
}

TEST_CASE("a silent corruption is served until its detector finds it, and the runbook starts then",
          "[model][database]") {
  // Writes to db are corrupted from f = 1800 s on, silently: requests succeed, serving corrupt data, until a detector
  // finds the corruption 20 minutes later. Only then do the clients see errors (every request reads corrupt data),
  // and the runbook, which detects by the clients' success ratio and restores the backup in east at once, starts.
  // The restore goes back to the onset itself (logs every 5 minutes, shipped long before the restore): RPO 0, and
  // the W = 10 writes/s acknowledged from the onset to the restore are discarded. Figures:
  //   requests served with corrupt data = 100 requests/s x 1200 s (none failed before the detection);
  //   one outage, from the detection (what the clients saw) but measured from the onset: RTO = done - f;
  //   lost writes = discarded writes = W (done - f).
  constexpr double f = 1800;
  constexpr double silent = 1200;
  constexpr double W = 10;
  auto topology = two_region_topology();
  topology["backups"] = json::array({{{"name", "db-backups"},
                                      {"source", "db"},
                                      {"every", "1h"},
                                      {"log_interval", "5m"},
                                      {"restore_bandwidth", "10Gbps"}}});
  const json steps = json::array(
      {{{"id", "detect"}, {"action", "detect"}, {"on", {{"success_ratio_below", 0.99}}}},
       {{"id", "restore"}, {"action", "restore"}, {"backup", "db-backups"}, {"database", "db"}, {"region", "east"}}});
  const json faults =
      json::array({{{"kind", "data-corruption"}, {"target", "db"}, {"onset", "1800s"}, {"detection", "20m"}}});
  const auto scenario =
      read(scenario_document(topology, faults, json::array({strategy("restore", json::object(), steps)}), "3h"));
  drsim::DrillRunner runner(scenario);
  for (std::uint64_t seed = 1; seed <= 3; ++seed) {
    INFO("seed " << seed);
    const auto drill = runner.run(scenario.strategies.front(), seed);
    REQUIRE(drill.outcomes.size() == 1);
    CHECK(drill.outcomes.front().ratio_at(f + silent - 1) == 1);
    CHECK(drill.outcomes.front().ratio_at(f + silent) == 0);
    CHECK(first_time(drill, EventKind::CorruptionDetected, "db") == Approx(f + silent).margin(clock_slack));
    CHECK(first_time(drill, EventKind::RestoreStarted, "db") == Approx(f + silent).margin(clock_slack));
    CHECK(drill.corrupt_requests == Approx(100 * silent).epsilon(1e-9));
    const double done = first_time(drill, EventKind::RestoreDone, "db");
    REQUIRE(drill.outages.size() == 1);
    CHECK(drill.outages.front().start == Approx(f + silent).margin(clock_slack));
    CHECK(drill.outages.front().onset == f);
    const auto& m = drill.measurement;
    REQUIRE(m.rto_s);
    CHECK(*m.rto_s == Approx(done - f).margin(clock_slack));
    CHECK(m.rpo_s == 0);
    CHECK(m.lost_writes == Approx(W * (done - f)).epsilon(1e-9));
    CHECK(m.discarded_writes == Approx(m.lost_writes).epsilon(1e-9));
  }
}

// Database nodes and instances failing every few seconds: a node goes down and comes back while the batches shipped
// to it are being started. A batch towards a replica that is down ends at once, in its first run, before its creator
// could add the hook that counts it as arrived, and SimGrid dereferenced the hooks it had already dropped (a
// segmentation fault in the Engine, found by the mutation test with `mtbf` "20s"). Every drill must now run to its
// horizon with figures that mean something.
TEST_CASE("database nodes and instances that fail every few seconds run to the horizon", "[model][database]") {
  const json repair = {{"exponential", {{"mean", "20s"}}}};
  auto document = scenario_document(two_region_topology(), json::array(), json::array({strategy("as-is")}), "2h");
  document.erase("faults");
  document["random_failures"] = json::array({{{"kind", "database-node"}, {"mtbf", "20s"}, {"repair", repair}},
                                             {{"kind", "instance"}, {"mtbf", "20s"}, {"repair", repair}}});
  const auto scenario = read(document);
  drsim::DrillRunner runner(scenario);
  for (std::uint64_t seed = 1; seed <= 4; ++seed) {
    const auto drill = runner.run(scenario.strategies.front(), seed);
    INFO("seed " << seed);
    // Two hours of nodes up for 20 s and down for 20 s on average: hundreds of failures of each node.
    CHECK(events(drill, EventKind::Fault, "db").size() > 200);
    const auto& m = drill.measurement;
    CHECK(m.availability >= 0);
    CHECK(m.availability <= 1);
    CHECK(std::isfinite(m.rpo_s));
    CHECK(std::isfinite(m.lost_writes));
  }
}
