// A sweep of the shipped region-loss drill over the DNS record's TTL. Pilot light recovers when the clients reach
// the recovery region, which they do once their resolvers' cached answers for the record expire after the record
// changes (its failover and its runbook's switch-dns): a resolver caches an answer for one TTL, so with the same
// draws (common random numbers: the same seed at every point) a drill at TTL 300 s recovers no sooner than at 30 s
// and at most one TTL (300 s) later, and so does every order statistic of the drills. Two points with the same
// settings are the same drills, so their figures are identical to the bit. The drills run in worker processes, so
// this test process creates no Engine at all.

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "sim/core/settings.hpp"
#include "sim/input/scenario_reader.hpp"
#include "sim/runs/sweep.hpp"

namespace {

const std::string shop = DRSIM_SOURCE_DIR "/scenarios/shop-region-loss.json";

// The shipped scenario with the settings applied, pilot light alone.
drsim::Scenario pilot_light(std::span<const drsim::Setting> settings) {
  auto scenario = drsim::load_scenario_file(shop, settings);
  std::erase_if(scenario.strategies, [](const drsim::Strategy& s) { return s.name != "pilot-light"; });
  return scenario;
}

drsim::SweepOptions options(std::uint64_t seed) {
  drsim::SweepOptions o;
  o.runs = 8;
  o.jobs = 2;
  o.seed = seed;
  return o;
}

} // namespace

TEST_CASE("sweep: pilot light's RTO grows with the DNS TTL, by at most the TTL") {
  const drsim::Dimension ttl = drsim::parse_dimension("topology.dns.shop.ttl=30s,300s");
  const auto points = drsim::grid_points(std::span(&ttl, 1), 10);
  REQUIRE(points.size() == 2);
  const auto swept = drsim::run_sweep(pilot_light, points, options(7));
  REQUIRE(swept.size() == 2);
  const auto& short_ttl = swept[0].results.at(0);
  const auto& long_ttl = swept[1].results.at(0);
  REQUIRE(short_ttl.strategy == "pilot-light");
  REQUIRE(short_ttl.rto_s.count == 8);
  REQUIRE(long_ttl.rto_s.count == 8);
  CHECK(long_ttl.rto_s.mean > short_ttl.rto_s.mean);
  for (const auto stat : {&drsim::Summary::p50, &drsim::Summary::p95, &drsim::Summary::max}) {
    CHECK(long_ttl.rto_s.*stat >= short_ttl.rto_s.*stat);
    CHECK(long_ttl.rto_s.*stat <= short_ttl.rto_s.*stat + 300);
  }
}

TEST_CASE("sweep: common random numbers make two points with the same settings the same drills") {
  const std::vector<drsim::Point> points(2,
                                         drsim::Point{{drsim::parse_setting("topology.dns.shop.ttl=120s")}, {120.0}});
  const auto same = drsim::run_sweep(pilot_light, points, options(7));
  REQUIRE(same.size() == 2);
  const auto& a = same[0].results.at(0);
  const auto& b = same[1].results.at(0);
  CHECK(a.rto_s.p50 == b.rto_s.p50);
  CHECK(a.rto_s.p95 == b.rto_s.p95);
  CHECK(a.rto_s.mean == b.rto_s.mean);
  CHECK(a.rpo_s.mean == b.rpo_s.mean);
  CHECK(a.availability == b.availability);
  // The seed is what makes them alike: another base seed draws other drills.
  const auto other = drsim::run_sweep(pilot_light, std::span(points).first(1), options(8));
  CHECK(other.at(0).results.at(0).rto_s.mean != a.rto_s.mean);
}
