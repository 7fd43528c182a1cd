// The queue model in a drill: a fleet that depends on a queue serves only while the queue's copy in its region is
// up, and a random failure of that copy is an outage of exactly its own length.

#include <catch2/catch.hpp>

#include <string>

#include <nlohmann/json.hpp>

#include "sim/measure/availability.hpp"
#include "tests/support/drill_checks.hpp"

using nlohmann::json;

namespace {

constexpr double hour = 3600;

// One region of three AZs: an ALB in front of one instance of `app`, which serves every request and sends each to
// the queue `q`; `worker` reads `q`.
json queue_scenario(const json& random_failures) {
  const json topology = {
      {"drsim_topology", 1},
      {"name", "queue"},
      {"regions", json::array({{{"name", "r"}, {"azs", {"r-0", "r-1", "r-2"}}}})},
      {"clients",
       json::array({{{"name", "users"}, {"location", "r"}, {"dns_record", "app.example.com"}, {"rate", "100/s"}}})},
      {"dns", json::array({{{"name", "app.example.com"},
                            {"routing", "failover"},
                            {"endpoints", json::array({{{"target", "lb"}, {"role", "primary"}}})}}})},
      {"load_balancers", json::array({{{"name", "lb"}, {"region", "r"}, {"fleet", "app"}}})},
      {"fleets", json::array({{{"name", "app"},
                               {"capacity", {{"r", {{"min", 1}, {"desired", 1}, {"max", 1}}}}},
                               {"requests_per_instance", "1000/s"},
                               {"depends_on", {"q"}}},
                              {{"name", "worker"}, {"capacity", {{"r", {{"min", 1}, {"desired", 1}, {"max", 1}}}}}}})},
      {"queues", json::array({{{"name", "q"}, {"regions", {"r"}}, {"consumer", "worker"}}})}};
  return {{"drsim_scenario", 1},
          {"name", "queue-outage"},
          {"topology", topology},
          {"horizon", "24h"},
          {"runs", 1},
          {"seed", 3u},
          {"recovery", {{"success_threshold", 0.99}, {"window", "1s"}}},
          {"random_failures", random_failures},
          {"strategies", json::array({{{"name", "as-is"}}})}};
}

} // namespace

TEST_CASE("a queue copy that fails for a known time fails the dependent fleet's requests for exactly that time",
          "[model][queue]") {
  // The copy is up for a fixed 10 h, down for a fixed 1 h, up for 10 h again: it fails from 10 h to 11 h and from
  // 21 h to 22 h of the 24 h horizon. Nothing else fails, the instance stays healthy to the ALB's checks, and while
  // the copy is down the app fails every request it receives. So the clients see two outages of exactly one hour,
  // each with nothing to detect or to recover, and their availability is (24 - 2) / 24 = 11 / 12 of the requests.
  const auto scenario = drsim::testing::read_or_fail(
      queue_scenario(json::array({{{"kind", "queue"}, {"time_to_failure", "10h"}, {"repair", "1h"}}})), "queue.json");
  drsim::DrillRunner runner(scenario);
  const auto drill = runner.run(scenario.strategies.front(), 1);
  REQUIRE(drill.outages.size() == 2);
  CHECK(drill.outages[0].start == Approx(10 * hour));
  CHECK(drill.outages[0].end.value_or(0) == Approx(11 * hour));
  CHECK(drill.outages[1].start == Approx(21 * hour));
  CHECK(drill.outages[1].end.value_or(0) == Approx(22 * hour));
  CHECK(drill.measurement.availability == Approx(22.0 / 24).epsilon(1e-9));
  CHECK(drill.measurement.lost_writes == 0);
}

TEST_CASE("a queue that stays up costs the dependent fleet nothing", "[model][queue]") {
  // The first failure would come after 100 h, past the 24 h horizon: the queue is up all along, and the fleet that
  // depends on it serves every request.
  const auto scenario = drsim::testing::read_or_fail(
      queue_scenario(json::array({{{"kind", "queue"}, {"time_to_failure", "100h"}, {"repair", "1h"}}})), "queue.json");
  drsim::DrillRunner runner(scenario);
  const auto drill = runner.run(scenario.strategies.front(), 1);
  CHECK(drill.outages.empty());
  CHECK(drill.measurement.availability == 1);
}
