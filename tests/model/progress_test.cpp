// Watching a drill's simulated clock (DrillRunner::watch) for the progress line of long drills: the times come in
// order up to the horizon, and watching changes nothing the drill measures, not even its engine steps; through the
// command line, a stream that is not a terminal receives no progress at all. Each test case runs in its own process.

#include <catch2/catch.hpp>

#include <sstream>
#include <string>
#include <vector>

#include "sim/cli/cli.hpp"
#include "sim/engine/drill.hpp"
#include "sim/input/scenario_reader.hpp"
#include "tests/support/drill_checks.hpp"

namespace {

const std::string region_loss = DRSIM_SOURCE_DIR "/scenarios/shop-region-loss.json";

} // namespace

TEST_CASE("a watched drill reports its clock in order up to the horizon and measures what an unwatched one does",
          "[model][progress]") {
  const auto scenario = drsim::load_scenario_file(region_loss);
  const auto& pilot = drsim::testing::strategy_named(scenario, "pilot-light");
  drsim::DrillRunner runner(scenario);
  const auto unwatched = runner.run(pilot, 77);

  std::vector<double> times;
  runner.watch([&](const std::string& strategy, double now_s, double horizon_s) {
    CHECK(strategy == "pilot-light");
    CHECK(horizon_s == scenario.horizon_s);
    times.push_back(now_s);
  });
  const auto watched = runner.run(pilot, 77);

  REQUIRE(times.size() > 2);
  CHECK(times.front() == 0);
  for (std::size_t i = 1; i < times.size(); ++i) {
    INFO("call " << i);
    CHECK(times[i] >= times[i - 1]);
  }
  CHECK(times.back() > 0);
  CHECK(times.back() <= scenario.horizon_s);
  // The clock only advances when a step is taken: the first call is the drill's start, each other one a step.
  CHECK(times.size() == watched.engine_steps + 1);

  CHECK(watched.engine_steps == unwatched.engine_steps);
  CHECK(watched.wake_ups == unwatched.wake_ups);
  CHECK(watched.end == unwatched.end);
  CHECK(watched.measurement.rto_s == unwatched.measurement.rto_s);
  CHECK(watched.measurement.rpo_s == unwatched.measurement.rpo_s);
  CHECK(watched.measurement.lost_writes == unwatched.measurement.lost_writes);
  CHECK(watched.measurement.availability == unwatched.measurement.availability);
  REQUIRE(watched.timeline.size() == unwatched.timeline.size());
  for (std::size_t i = 0; i < watched.timeline.size(); ++i) {
    INFO("event " << i);
    CHECK(watched.timeline[i].time == unwatched.timeline[i].time);
    CHECK(watched.timeline[i].detail == unwatched.timeline[i].detail);
  }
  REQUIRE(watched.outcomes.size() == unwatched.outcomes.size());
  for (std::size_t i = 0; i < watched.outcomes.size(); ++i)
    CHECK(watched.outcomes[i].points == unwatched.outcomes[i].points);
}

TEST_CASE("run prints no progress to a stream that is not a terminal", "[model][progress]") {
  std::ostringstream out, err;
  CHECK(drsim::run_cli({"run", region_loss}, out, err) == drsim::exit_ok);
  CHECK(out.str().find("RTO") != std::string::npos);
  CHECK(err.str().empty());
}
