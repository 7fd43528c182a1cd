// Scenario tests of drills with several faults: every outage is measured on its own, from the onset of the fault
// that began it (README, "Recovery: how RTO and RPO are measured").

#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/core/time.hpp"
#include "sim/engine/drill.hpp"
#include "tests/support/drill_checks.hpp"

using nlohmann::json;

namespace {

const std::string region_loss_file = DRSIM_SOURCE_DIR "/scenarios/shop-region-loss.json";

json load_json(const std::string& path) {
  std::ifstream in(path);
  REQUIRE(in);
  return json::parse(in);
}

constexpr double clock_slack = drsim::time_tolerance_s;

} // namespace

TEST_CASE("a harmless partition followed by a region loss is one outage, measured from the region loss",
          "[scenario][compound]") {
  // The shop's pilot light. us-east-1 and us-west-2 are partitioned from 10 minutes on: the clients (in
  // north-america) and Route 53 still reach us-east-1, so nobody notices, but replication to the replica dr stops.
  // us-east-1 is lost at 40 minutes, and the runbook promotes dr. One outage, from 2400 s: its RTO runs from there,
  // not from the partition, and so does its RPO, which now covers the half hour the replica missed: the replica
  // holds the writes up to the partition, less the lag of its last batch (at most a ship interval and a transfer,
  // 1.04 s; see the pilot-light tests), and W = 20 writes/s are made without a pause until the region is lost:
  //   RPO in [1800 s, 1801.04 s], lost writes = W x RPO = W x data loss, no write discarded.
  constexpr double onset = 2400;
  constexpr double partitioned = 600;
  constexpr double W = 20;
  auto document = load_json(region_loss_file);
  document["faults"] =
      json::array({{{"kind", "network-partition"}, {"target", "us-east-1"}, {"peer", "us-west-2"}, {"onset", "10m"}},
                   {{"kind", "region-outage"}, {"target", "us-east-1"}, {"onset", "40m"}}});
  document["strategies"] = json::array({{{"name", "pilot-light"}, {"preset", "pilot-light"}}});
  document.erase("objectives");
  const auto scenario = drsim::testing::read_or_fail(document, region_loss_file);
  drsim::DrillRunner runner(scenario);
  for (std::uint64_t seed = 1; seed <= 3; ++seed) {
    INFO("seed " << seed);
    const auto drill = runner.run(scenario.strategies.front(), seed);
    REQUIRE(drill.outages.size() == 1);
    const auto& outage = drill.outages.front();
    CHECK(outage.start == Approx(onset).margin(clock_slack));
    CHECK(outage.onset == Approx(onset).margin(clock_slack));
    CHECK(outage.causes ==
          std::vector<std::string>{"network-partition us-east-1 us-west-2", "region-outage us-east-1"});
    const auto& m = drill.measurement;
    REQUIRE(m.rto_s);
    REQUIRE(outage.end);
    CHECK(*m.rto_s == Approx(*outage.end - onset).margin(clock_slack));
    CHECK(*m.recovered_at == *outage.end);
    CHECK(m.rpo_s >= onset - partitioned);
    CHECK(m.rpo_s <= onset - partitioned + 1.04);
    CHECK(std::abs(m.lost_writes - W * m.rpo_s) <= 1);
    CHECK(m.data_loss_s == Approx(m.rpo_s));
    CHECK(m.discarded_writes == 0);
    // The drill's figures are its one outage's.
    CHECK(m.rpo_s == outage.rpo_s);
    CHECK(m.lost_writes == outage.lost_writes);
  }
}

TEST_CASE("a drill with two outages reports each, and its worst as the headline", "[scenario][compound]") {
  // The shop's warm standby loses one AZ of us-east-1 for 10 minutes from 10 minutes in (the writer's AZ: Multi-AZ
  // fails over, writes fail for 60 to 120 s), then the whole region at 2 hours for good. Two outages, each from its
  // own fault; the region's takes the runbook (detection, decision, promotion) and is the longer one: the drill's RTO
  // is its RTO, measured from 2 hours, and the drill's lost writes are the sum of the outages'.
  auto document = load_json(region_loss_file);
  document["faults"] =
      json::array({{{"kind", "az-outage"}, {"target", "use1-az1"}, {"onset", "10m"}, {"duration", "10m"}},
                   {{"kind", "region-outage"}, {"target", "us-east-1"}, {"onset", "2h"}}});
  document["strategies"] = json::array({{{"name", "warm-standby"}, {"preset", "warm-standby"}}});
  document.erase("objectives");
  const auto scenario = drsim::testing::read_or_fail(document, region_loss_file);
  drsim::DrillRunner runner(scenario);
  for (std::uint64_t seed = 1; seed <= 3; ++seed) {
    INFO("seed " << seed);
    const auto drill = runner.run(scenario.strategies.front(), seed);
    REQUIRE(drill.outages.size() == 2);
    const auto& az = drill.outages[0];
    const auto& region = drill.outages[1];
    CHECK(az.onset == Approx(600).margin(clock_slack));
    CHECK(az.causes == std::vector<std::string>{"az-outage use1-az1"});
    REQUIRE(az.end);
    CHECK(*az.end - az.onset >= 60 - clock_slack);
    CHECK(*az.end - az.onset <= 120 + 60);
    CHECK(region.onset == Approx(7200).margin(clock_slack));
    CHECK(region.causes == std::vector<std::string>{"region-outage us-east-1"});
    REQUIRE(region.end);
    const auto& m = drill.measurement;
    REQUIRE(m.rto_s);
    CHECK(*m.rto_s == Approx(*region.end - 7200).margin(clock_slack));
    CHECK(*m.rto_s > *az.end - az.onset);
    CHECK(m.lost_writes == az.lost_writes + region.lost_writes);
    CHECK(m.rpo_s == std::max(az.rpo_s, region.rpo_s));
  }
}
