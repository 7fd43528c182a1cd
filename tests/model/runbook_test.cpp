// Model tests of the runbook against an unreachable step (a `step-unreachable` fault), on the two-region world of
// tests/support/two_region.hpp: east is lost at 600 s for good; the runbook notices the clients failing at once and
// promotes "dr" after a fixed 5 minutes, at 900 s, a promotion taking 120 s (two_region_topology's). The step acts at
// the later of its own time and the end of the fault that holds its endpoint unreachable.

#include <catch2/catch.hpp>

#include <optional>
#include <string>

#include "sim/engine/drill.hpp"
#include "tests/support/two_region.hpp"

namespace {

using drsim::EventKind;
using drsim::testing::events;
using drsim::testing::first_time;
using drsim::testing::json;

constexpr double region_lost = 600;
constexpr double promote_time = region_lost + 300;
constexpr double promotion_time = 120;

drsim::DrillResult drill_with_unreachable_promote(const std::string& onset,
                                                  const std::optional<std::string>& duration) {
  const json steps =
      json::array({{{"id", "detect"}, {"action", "detect"}, {"on", {{"success_ratio_below", 0.99}}}},
                   {{"id", "promote"}, {"action", "promote"}, {"database", "db"}, {"replica", "dr"}, {"delay", "5m"}}});
  auto faults = drsim::testing::region_loss("east", "10m");
  json unreachable{{"kind", "step-unreachable"}, {"target", "promote"}, {"onset", onset}};
  if (duration)
    unreachable["duration"] = *duration;
  faults.push_back(unreachable);
  const auto scenario = drsim::testing::read(
      drsim::testing::scenario_document(drsim::testing::two_region_topology(), faults,
                                        json::array({drsim::testing::strategy("pilot", json::object(), steps)})));
  drsim::DrillRunner runner(scenario);
  return runner.run(scenario.strategies.front(), 1);
}

} // namespace

TEST_CASE("a step whose endpoint is unreachable at its time acts when the fault ends", "[model][runbook]") {
  // Unreachable from 1m to 21m (1260 s), past the step's 900 s: it logs the timeout at 900 s and promotes at 1260 s.
  const auto drill = drill_with_unreachable_promote("1m", "20m");
  const auto unreachable = events(drill, EventKind::StepUnreachable, "promote");
  REQUIRE(unreachable.size() == 1);
  CHECK(unreachable[0].time == Approx(promote_time).margin(1e-6));
  CHECK(first_time(drill, EventKind::PromotionStarted, "db") == Approx(1260).margin(1e-6));
  CHECK(first_time(drill, EventKind::StepDone, "promote") == Approx(1260 + promotion_time).margin(1e-6));
}

TEST_CASE("a step whose endpoint is reachable again by its time acts at its time", "[model][runbook]") {
  // Unreachable from 1m to 3m: over long before the step's 900 s, which it neither delays nor logs.
  const auto drill = drill_with_unreachable_promote("1m", "2m");
  CHECK(events(drill, EventKind::StepUnreachable).empty());
  CHECK(first_time(drill, EventKind::PromotionStarted, "db") == Approx(promote_time).margin(1e-6));
}

TEST_CASE("a step whose endpoint stays unreachable never acts, and the drill still ends", "[model][runbook]") {
  const auto drill = drill_with_unreachable_promote("1m", std::nullopt);
  CHECK(events(drill, EventKind::StepUnreachable, "promote").size() == 1);
  CHECK(events(drill, EventKind::PromotionStarted).empty());
  CHECK(events(drill, EventKind::StepDone, "promote").empty());
  // East never comes back and nothing else recovers: the drill ends at its horizon, unrecovered.
  CHECK_FALSE(drill.measurement.rto_s);
}
