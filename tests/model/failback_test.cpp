// Model tests of failback (runbook steps wait-healthy, resync, switch-over; models/database): the return to the
// original region after a failover, on the two-region world of tests/support/two_region.hpp. Bounds are derived in
// the comments from the model's definitions; tolerances are the model's own granularity (a ship interval, the
// route's latency).

#include <catch2/catch.hpp>

#include <sstream>
#include <string>

#include <simgrid/s4u/Actor.hpp>

#include "models/shared/platform.hpp"
#include "models/world.hpp"
#include "reports/csv_report.hpp"
#include "sim/engine/drill.hpp"
#include "sim/engine/runbook.hpp"
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

// The failback scenario with one strategy whose steps are `steps`, and the faults `faults`.
drsim::Scenario with_steps(const json& steps, const json& faults) {
  auto document = failback_scenario();
  document["strategies"] = json::array({strategy("s", json::object(), steps)});
  document["faults"] = faults;
  return read(document);
}

json east_lost() {
  return json::array({{{"kind", "region-outage"}, {"target", "east"}, {"onset", "600s"}, {"duration", "30m"}}});
}

json detect_and_promote() {
  return json::array({{{"id", "detect"}, {"action", "detect"}, {"on", {{"success_ratio_below", 0.99}}}},
                      {{"id", "promote"}, {"action", "promote"}, {"database", "db"}, {"replica", "dr"}}});
}

// A trainee who does the people's steps the runbook hands over, each as its command would, ten minutes after the
// fault: the failover by hand, the automated failback left to the runbook.
class Trainee : public drsim::Participant {
public:
  explicit Trainee(const drsim::Runbook& runbook) : runbook_(runbook) {}
  std::vector<bool> takes_over(const drsim::Runbook& runbook) const override { return drsim::people_steps(runbook); }
  void start(drsim::World& world, double fault_onset, drsim::FaultInjector&) override {
    simgrid::s4u::Actor::create("trainee", world.platform().global_host(), [this, &world, fault_onset] {
      simgrid::s4u::this_actor::sleep_until(world.to_clock(fault_onset + 600));
      const auto people = drsim::people_steps(runbook_);
      for (std::size_t i = 0; i < people.size(); ++i)
        if (people[i])
          drsim::perform(world, runbook_.steps[i]);
      world.changed();
    });
  }

private:
  const drsim::Runbook& runbook_;
};

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
  // They are the failback's alone: the failover's outage keeps what the fault cut off, at most the writes of two
  // intervals and the latency before it.
  REQUIRE_FALSE(drill.outages.empty());
  CHECK_FALSE(drill.outages.front().failback);
  CHECK(drill.outages.front().lost_writes <= W * (2 * ship_interval + east_west_latency) + 1);
  CHECK(drill.measurement.lost_writes ==
        Approx(drill.outages.front().lost_writes + drill.failback->lost_writes).margin(1e-6));
}

TEST_CASE("a failback waits for a health check it has seen failing", "[model][failback]") {
  // wait-healthy right after the detection, which the clients' failures trigger at once, while lb-east's check still
  // passes (it fails after three probes 10 s apart), and alongside the promotion rather than after it. The failback
  // starts once the check, having failed with the region, passes again after the region's return at 2400 s.
  const json steps = json::array(
      {{{"id", "detect"}, {"action", "detect"}, {"on", {{"success_ratio_below", 0.99}}}},
       {{"id", "wait-healthy"}, {"action", "wait-healthy"}, {"on", {{"health_check_of", "lb-east"}}}},
       {{"id", "resync"}, {"action", "resync"}, {"database", "db"}, {"replica", "primary"}},
       {{"id", "promote"}, {"action", "promote"}, {"database", "db"}, {"replica", "dr"}, {"after", {"detect"}}}});
  const auto first = with_steps(steps, east_lost());
  drsim::DrillRunner runner(first);
  const auto drill = runner.run(first.strategies.front(), 1);
  REQUIRE(drill.failback);
  CHECK(drill.failback->start > 2400);
  CHECK(drill.failback->start == last_time(drill, EventKind::HealthCheckPassed, "lb-east"));
}

TEST_CASE("a failback on a load balancer no health check watches never starts", "[model][failback]") {
  // The reader refuses such a step; the model must not take the silence for health either.
  auto unwatched = read(failback_scenario());
  for (auto& strategy : unwatched.strategies)
    for (auto& step : strategy.runbook.steps)
      if (step.action == drsim::StepAction::WaitHealthy)
        step.health_check_of = "lb-nowhere";
  drsim::DrillRunner unwatched_runner(unwatched);
  const auto silent = unwatched_runner.run(strategy_named(unwatched, "planned"), 1);
  CHECK_FALSE(silent.failback);
  CHECK(events(silent, EventKind::ResyncStarted, "db").empty());
}

TEST_CASE("a switch-over whose node the writes cannot reach fails, and the failback stays unfinished",
          "[model][failback]") {
  // The resync is done well before 4000 s (a backlog of about half an hour of writes drains in under 500 s); east
  // and west are then partitioned for two hours, and the switch-over, 30 minutes after the resync, freezes writes
  // while the primary cannot receive them. It must fail rather than promote a node that lacks writes: nothing is
  // lost, dr stays the writer, and the failback does not end.
  auto steps = detect_and_promote();
  steps.push_back({{"id", "wait-healthy"}, {"action", "wait-healthy"}, {"on", {{"health_check_of", "lb-east"}}}});
  steps.push_back({{"id", "resync"}, {"action", "resync"}, {"database", "db"}, {"replica", "primary"}});
  steps.push_back(
      {{"id", "switch-over"}, {"action", "switch-over"}, {"database", "db"}, {"replica", "primary"}, {"delay", "30m"}});
  auto faults = east_lost();
  faults.push_back(
      {{"kind", "network-partition"}, {"target", "east"}, {"peer", "west"}, {"onset", "4000s"}, {"duration", "2h"}});
  const auto scenario = with_steps(steps, faults);
  drsim::DrillRunner runner(scenario);
  const auto drill = runner.run(scenario.strategies.front(), 1);
  REQUIRE(drill.failback);
  REQUIRE(first_time(drill, EventKind::ResyncDone, "db") < 4000);
  CHECK(events(drill, EventKind::SwitchOverFailed, "db").size() == 1);
  CHECK(events(drill, EventKind::SwitchedOver, "db").empty());
  CHECK_FALSE(drill.failback->end);
  CHECK(events(drill, EventKind::FailbackDone).empty());
  CHECK(drill.failback->lost_writes == 0);
}

TEST_CASE("the both regions' capacity counts from the fault, not from the drill's start", "[model][failback]") {
  // A pre-warm at the drill's start scales west from 2 to 4 instances, 2 beyond the steady capacity, which run
  // until the scale-down that ends the failback. What running both regions cost is the incident's: at most those 2
  // from the fault at 600 s to the failback's end, not the 600 s before the fault as well.
  json steps =
      json::array({{{"id", "pre-warm"}, {"action", "scale"}, {"fleet", "web"}, {"region", "west"}, {"desired", 4}}});
  for (const auto& step : detect_and_promote())
    steps.push_back(step);
  steps.push_back({{"id", "wait-healthy"}, {"action", "wait-healthy"}, {"on", {{"health_check_of", "lb-east"}}}});
  steps.push_back({{"id", "resync"}, {"action", "resync"}, {"database", "db"}, {"replica", "primary"}});
  steps.push_back({{"id", "switch-over"}, {"action", "switch-over"}, {"database", "db"}, {"replica", "primary"}});
  steps.push_back({{"id", "scale-down"}, {"action", "scale"}, {"fleet", "web"}, {"region", "west"}, {"desired", 2}});
  const auto scenario = with_steps(steps, east_lost());
  drsim::DrillRunner runner(scenario);
  const auto drill = runner.run(scenario.strategies.front(), 1);
  REQUIRE(drill.failback);
  REQUIRE(drill.failback->end);
  CHECK(drill.failback->both_regions_instance_s > 0);
  CHECK(drill.failback->both_regions_instance_s <= 2 * (*drill.failback->end - drill.fault_onset) + 1e-6);
}

TEST_CASE("in a game day the runbook fails back after the trainee's failover", "[model][failback]") {
  // The decision and the promotion are people's, the trainee's in a session; the trainee has no command to fail
  // back, so the failback steps stay the runbook's. They start once lb-east's check, failed with the region, passes
  // again after its return at 2400 s: after the trainee promoted dr at 1200 s.
  const json steps =
      json::array({{{"id", "detect"}, {"action", "detect"}, {"on", {{"success_ratio_below", 0.99}}}},
                   {{"id", "decide"}, {"action", "decide"}, {"manual", true}, {"delay", "5m"}},
                   {{"id", "promote"}, {"action", "promote"}, {"database", "db"}, {"replica", "dr"}},
                   {{"id", "wait-healthy"}, {"action", "wait-healthy"}, {"on", {{"health_check_of", "lb-east"}}}},
                   {{"id", "resync"}, {"action", "resync"}, {"database", "db"}, {"replica", "primary"}},
                   {{"id", "switch-over"}, {"action", "switch-over"}, {"database", "db"}, {"replica", "primary"}}});
  const auto scenario = with_steps(steps, east_lost());
  const auto& strategy = scenario.strategies.front();
  CHECK(drsim::people_steps(strategy.runbook) == std::vector<bool>{false, true, true, false, false, false});
  Trainee trainee(strategy.runbook);
  drsim::DrillRunner runner(scenario);
  const auto drill = runner.run(strategy, 1, &trainee);
  REQUIRE(drill.failback);
  REQUIRE(drill.failback->end);
  CHECK(drill.failback->start > first_time(drill, EventKind::PromotionDone, "db"));
  CHECK(drill.failback->start > 2400);
  CHECK(events(drill, EventKind::SwitchedOver, "db").size() == 1);

  // A manual failback step is the trainee's, with every failback step after it; the health signal before it stays
  // the runbook's.
  auto by_hand = steps;
  by_hand[4]["manual"] = true;
  CHECK(drsim::people_steps(with_steps(by_hand, east_lost()).strategies.front().runbook) ==
        std::vector<bool>{false, true, true, false, true, true});
}

TEST_CASE("the comparison's CSV has the failback columns when a runbook waits for a health check",
          "[model][failback]") {
  // The header is written before any drill: the columns follow the runbooks, and a drill that did not fail back
  // leaves them empty.
  const auto scenario = read(failback_scenario());
  REQUIRE(drsim::csv_failback_columns(scenario));
  auto without = failback_scenario();
  without["strategies"] = json::array({strategy("none", json::object(), detect_and_promote())});
  CHECK_FALSE(drsim::csv_failback_columns(read(without)));

  std::ostringstream text;
  drsim::CompareCsv csv(text, scenario.name, scenario.file, std::nullopt, true);
  drsim::DrillResult drill;
  csv.row("planned", drill);
  std::istringstream lines(text.str());
  std::string header, row;
  std::getline(lines, header);
  std::getline(lines, row);
  CHECK(header.find(",failback_start_s,failback_s,failback_downtime_s,failback_lost_writes,replay") !=
        std::string::npos);
  CHECK(row.find(",,,,,drsim run") != std::string::npos);
}
