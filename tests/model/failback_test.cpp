// Model tests of failback (runbook steps wait-healthy, resync, switch-over; models/database): the return to the
// original region after a failover, on the two-region world of tests/support/two_region.hpp. Bounds are derived in
// the comments from the model's definitions; tolerances are the model's own granularity (a ship interval, the
// route's latency).

#include <catch2/catch.hpp>

#include <string>

#include "sim/engine/drill.hpp"
#include "tests/support/two_region.hpp"

namespace {

using drsim::EventKind;
using drsim::testing::events;
using drsim::testing::first_time;
using drsim::testing::json;
using drsim::testing::last_time;
using drsim::testing::read;
using drsim::testing::scenario_document;
using drsim::testing::strategy;
using drsim::testing::strategy_named;
using drsim::testing::two_region_topology;

// 200 requests/s, half of them writes: W = 100 writes/s of S = 2 KB, W S = 200 KB/s. The east-west link carries
// 8 Mbps, B = 1 MB/s: five times what is written, so the replica keeps up before the fault and a backlog drains.
constexpr double W = 100;
constexpr double S = 2000;
constexpr double B = 1e6;
constexpr double ship_interval = 1;
constexpr double east_west_latency = 0.030 + 2 * 50e-6; // the link plus the two hosts' access links
constexpr double promotion_time = 120;                  // two_region_topology's

// East is lost at 600 s for 30 minutes. The runbook promotes "dr" in west once the clients fail, then waits for
// the Route 53 check of lb-east to pass again, resynchronises the original primary from dr and switches back to it,
// with the write freeze or without.
json failback_scenario() {
  auto topology = two_region_topology();
  topology["clients"][0]["rate"] = "200/s";
  topology["clients"][0]["write_fraction"] = 0.5;
  topology["network"]["links"][2]["bandwidth"] = "8Mbps";
  auto steps = [](bool freeze) {
    return json::array({{{"id", "detect"}, {"action", "detect"}, {"on", {{"success_ratio_below", 0.99}}}},
                        {{"id", "promote"}, {"action", "promote"}, {"database", "db"}, {"replica", "dr"}},
                        {{"id", "wait-healthy"}, {"action", "wait-healthy"}, {"on", {{"health_check_of", "lb-east"}}}},
                        {{"id", "resync"}, {"action", "resync"}, {"database", "db"}, {"replica", "primary"}},
                        {{"id", "switch-over"},
                         {"action", "switch-over"},
                         {"database", "db"},
                         {"replica", "primary"},
                         {"freeze", freeze}}});
  };
  const json faults =
      json::array({{{"kind", "region-outage"}, {"target", "east"}, {"onset", "600s"}, {"duration", "30m"}}});
  return scenario_document(topology, faults,
                           json::array({strategy("planned", json::object(), steps(true)),
                                        strategy("unplanned", json::object(), steps(false))}),
                           "3h");
}

// The number in "a backlog of N writes", as the resync logged it when it began.
double logged_backlog(const drsim::DrillResult& drill) {
  const auto detail = events(drill, EventKind::ResyncStarted, "db").at(0).detail;
  const auto at = detail.find("a backlog of ") + 13;
  return std::stod(detail.substr(at));
}

} // namespace

TEST_CASE("a planned failback resynchronises over the link in backlog / (B - W S) and loses no write",
          "[model][failback]") {
  // The backlog is every write dr took as the writer before the resync began, N = W x (resync start - promotion
  // done), which the primary, stale since the promotion, lacks, and the few before the fault that dr had not
  // received (the primary's own, cut off by the promotion, are replaced). Each ship interval a batch of at most B I
  // bytes leaves while W S I bytes are written, so the backlog drains at B - W S: T = N S / (B - W S), here N S / 800
  // KB/s. The step ends once the oldest write the primary lacks is at most max_lag (1 s) old; with batches leaving on
  // their own phase and landing L + I later, T is within 2 I + L + max_lag of that.
  const auto scenario = read(failback_scenario());
  drsim::DrillRunner runner(scenario);
  const auto drill = runner.run(strategy_named(scenario, "planned"), 1);
  REQUIRE(drill.failback);
  REQUIRE(drill.failback->end);
  const double promoted = first_time(drill, EventKind::PromotionDone, "db");
  const double began = first_time(drill, EventKind::ResyncStarted, "db");
  const double caught_up = first_time(drill, EventKind::ResyncDone, "db");
  const double backlog = logged_backlog(drill);
  INFO("promoted " << promoted << ", resync " << began << " to " << caught_up << ", backlog " << backlog);
  // dr held the writes up to at most two intervals and the latency before the fault: the backlog adds those.
  CHECK(backlog >= W * (began - promoted) - 1);
  CHECK(backlog <= W * (began - promoted + 2 * ship_interval + east_west_latency) + 1);
  const double derived = backlog * S / (B - W * S);
  CHECK(caught_up - began == Approx(derived).margin(2 * ship_interval + east_west_latency + 1));
  // The health check passed after the region came back at 2400 s: the failback starts from a signal, not the fault.
  CHECK(drill.failback->start > 2400);
  CHECK(drill.failback->start == last_time(drill, EventKind::HealthCheckPassed, "lb-east"));

  // The freeze holds writes until the primary holds every one, so the switch-over cuts nothing: the drill's lost
  // writes are the failover's alone.
  CHECK(drill.failback->lost_writes == 0);
  REQUIRE(drill.outages.size() >= 2);
  CHECK(drill.measurement.lost_writes == Approx(drill.outages.front().lost_writes));
  // Writes wait through the final sync and the promotion: the clients see the write freeze as the failback's
  // outage, at least the promotion time, and the failover's RTO leaves it out.
  CHECK(drill.failback->downtime_s >= promotion_time);
  CHECK(drill.failback->downtime_s <= promotion_time + 2 * ship_interval + east_west_latency);
  CHECK(drill.outages.back().failback);
  CHECK(*drill.measurement.rto_s == Approx(*drill.outages.front().end - drill.outages.front().onset));
  CHECK(events(drill, EventKind::SwitchedOver, "db").size() == 1);
}

TEST_CASE("a switch-over without the freeze loses the writes made during the promotion", "[model][failback]") {
  // Promoting the resynchronised primary stops its replication: it keeps what it held then (at most max_lag, a ship
  // interval and the route's latency behind), and the writes dr takes during the 120 s promotion are cut off. So the
  // failback loses between W x promotion time and W x (promotion time + max_lag + 2 I + L) writes, and the drill's
  // lost writes include them.
  const auto scenario = read(failback_scenario());
  drsim::DrillRunner runner(scenario);
  const auto drill = runner.run(strategy_named(scenario, "unplanned"), 1);
  REQUIRE(drill.failback);
  REQUIRE(drill.failback->end);
  CHECK(drill.failback->lost_writes >= W * promotion_time);
  CHECK(drill.failback->lost_writes <= W * (promotion_time + 1 + 2 * ship_interval + east_west_latency));
  CHECK(drill.measurement.lost_writes >= drill.failback->lost_writes);
}
