// Scenario tests of what drills report as lost data (README, "Recovery: how RTO and RPO are measured"): every
// replication mode counts what a restore discards, and the figures of lost data agree with one another.

#include <catch2/catch.hpp>

#include <cmath>
#include <string>

#include "sim/engine/drill.hpp"
#include "sim/input/scenario_reader.hpp"
#include "sim/runs/monte_carlo.hpp"
#include "tests/support/drill_checks.hpp"

namespace {

using drsim::EventKind;
using drsim::testing::first_time;

const std::string scenarios_dir = DRSIM_SOURCE_DIR "/scenarios/";

} // namespace

TEST_CASE("the shop's corruption drill loses writes in every strategy, active/active included",
          "[scenario][data-loss]") {
  // A faulty release corrupts the writes to orders-db from 10 minutes in, and every strategy restores the backup in
  // us-east-1 after the page and the decision. The shop's clients make 200 requests/s, 10 % writes: W = 20 writes/s,
  // never interrupted (the database acknowledges corrupt writes too) until the restored database takes over at
  // `done`. The restore goes back to the newest point before the onset that a shipped log (every 5 minutes) reaches,
  // and discards every write since, in every writer's stream: so with global tables too,
  //   discarded writes = W (done - onset),   lost writes = W (RPO + done - onset) = W x data loss,
  // each within one write, and RPO <= one log interval.
  constexpr double W = 20;
  const auto scenario = drsim::load_scenario_file(scenarios_dir + "shop-data-corruption.json");
  drsim::DrillRunner runner(scenario);
  for (const auto& strategy : scenario.strategies)
    for (std::uint64_t seed = 1; seed <= 5; ++seed) {
      INFO(strategy.name << ", seed " << seed);
      const auto drill = runner.run(strategy, seed);
      const double done = first_time(drill, EventKind::RestoreDone, "orders-db");
      const auto& m = drill.measurement;
      CHECK(m.lost_writes > 0);
      CHECK(m.data_loss_s > 0);
      CHECK(m.rpo_s <= 300);
      CHECK(std::abs(m.discarded_writes - W * (done - drill.fault_onset)) <= 1);
      CHECK(std::abs(m.lost_writes - W * (m.rpo_s + done - drill.fault_onset)) <= 1);
      CHECK(std::abs(m.lost_writes - W * m.data_loss_s) <= 1);
    }
}
