// Properties every drill of every shipped scenario must have, whatever the seed: the figures are well-formed and
// agree with one another (README, "Recovery: how RTO and RPO are measured"). Each shipped scenario is one test case
// (its own process), its every strategy drilled with the seeds `compare` gives its first runs: 250 of them, 100 for
// a long run (a fifth of that under the sanitizers, which look for memory errors along the paths, not for rare seeds).
//
// What is checked, per drill:
// - availability within [0, 1]; every outage's RTO >= 0, from an onset within the outage's span;
// - the drill's figures are its outages' (per-outage figures add up to the drill's): RTO the longest, absent when one
//   is still under way at the horizon (and then never averaged into the RTO statistics); RPO the largest; lost
//   writes, data loss and discarded writes the sums (and a failback's cuts that no failback outage took);
// - a failback's outages are those that began while it was under way with no fault of their own, left out of the RTO
//   (and of the recovery when one is under way at the horizon) but in every sum above; its
//   downtime is their length, its lost writes at most the drill's, and none when every switch-over freezes writes
//   (a planned switch-over done right loses nothing); it ends after it begins;
// - lost writes agree with the data loss: lost > 0 implies a data loss > 0, and the lost writes never exceed the
//   write rate W (every client's requests x write fraction) times the data loss. With one writer at the constant
//   rate W (a drill that is not a long run, on a single-writer database), lost writes = W x data loss, and each
//   outage's writes lost before its onset = W x its RPO, within one write;
// - updates lost to conflicts are >= 0, and 0 unless writers of a multi-writer database were cut off from each other
//   by a network partition; they are their own figure, never part of the lost writes above;
// - the same seed gives the same bytes: a drill run again, after others in the same process, reports the same JSON.

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "reports/json_report.hpp"
#include "sim/engine/drill.hpp"
#include "sim/input/scenario_reader.hpp"
#include "sim/measure/report.hpp"
#include "sim/runs/monte_carlo.hpp"

namespace {

const std::string scenarios_dir = DRSIM_SOURCE_DIR "/scenarios/";

// Seeds per strategy: a few hundred drills per scenario keep each case within seconds. A long run's drill is a year
// with several outages, and costs several drills' time: fewer of them.
#ifdef DRSIM_SANITIZED
constexpr int seed_divisor = 5;
#else
constexpr int seed_divisor = 1;
#endif
int runs_of(const drsim::Scenario& scenario) { return (scenario.long_run() ? 100 : 250) / seed_divisor; }
// Sums and differences of writes counted in doubles: a write is 1.
constexpr double one_write = 1;

double write_rate(const drsim::Topology& topology) {
  double rate = 0;
  for (const auto& client : topology.clients)
    rate += client.rate_rps * client.write_fraction;
  return rate;
}

void check_failback(const drsim::Strategy& strategy, const drsim::DrillResult& drill, double horizon) {
  if (!drill.failback) {
    for (const auto& outage : drill.outages)
      CHECK_FALSE(outage.failback);
    return;
  }
  const auto& f = *drill.failback;
  CHECK(f.start >= drill.fault_onset);
  if (f.end) {
    CHECK(*f.end >= f.start);
    CHECK(*f.duration_s == Approx(*f.end - f.start));
  }
  double downtime = 0;
  for (const auto& outage : drill.outages) {
    CHECK(outage.failback ==
          (outage.start >= f.start && outage.start <= f.end.value_or(horizon) && outage.causes.empty()));
    if (outage.failback)
      downtime += outage.end.value_or(horizon) - outage.start;
  }
  CHECK(f.downtime_s == Approx(downtime).margin(1e-9));
  CHECK(f.lost_writes >= 0);
  CHECK(f.lost_writes <= drill.measurement.lost_writes + 1e-6);
  CHECK(f.both_regions_instance_s >= 0);
  const bool planned =
      std::all_of(strategy.runbook.steps.begin(), strategy.runbook.steps.end(), [](const drsim::RunbookStep& step) {
        return step.action != drsim::StepAction::SwitchOver || step.freeze;
      });
  if (planned)
    CHECK(f.lost_writes == 0);
}

void check_drill(const drsim::Scenario& scenario, const drsim::Strategy& strategy, const drsim::DrillResult& drill) {
  const auto& m = drill.measurement;
  CHECK(m.availability >= 0);
  CHECK(m.availability <= 1);

  bool under_way = false;
  double longest = 0;
  double rpo = 0;
  double lost = 0;
  double data_loss = 0;
  double discarded = 0;
  for (const auto& outage : drill.outages) {
    CHECK(outage.start < scenario.horizon_s);
    CHECK(outage.lost_writes >= 0);
    CHECK(outage.discarded_writes <= outage.lost_writes + 1e-6);
    if (outage.lost_writes > 0)
      CHECK(outage.data_loss_s > 0);
    if (outage.end) {
      CHECK(*outage.end > outage.start);
      CHECK(outage.onset <= *outage.end);
      CHECK(*outage.end - outage.onset >= 0);
      if (!outage.failback)
        longest = std::max(longest, *outage.end - outage.onset);
    } else if (!outage.failback) {
      under_way = true;
    }
    rpo = std::max(rpo, outage.rpo_s);
    lost += outage.lost_writes;
    data_loss += outage.data_loss_s;
    discarded += outage.discarded_writes;
  }
  if (drill.outages.empty()) {
    // No outage: nothing the clients saw, and a drill recovered at once unless a window does not fit.
    if (m.rto_s)
      CHECK(*m.rto_s == 0);
  } else {
    CHECK(m.rto_s.has_value() == !under_way);
    if (m.rto_s)
      CHECK(*m.rto_s == longest);
    // A failback's cuts that no failback outage took (a switch-over the clients did not notice) add to the sums.
    const bool unowned = drill.failback && std::none_of(drill.outages.begin(), drill.outages.end(),
                                                        [](const drsim::Outage& o) { return o.failback; });
    if (unowned) {
      CHECK(m.rpo_s >= rpo);
      CHECK(m.lost_writes == Approx(lost + drill.failback->lost_writes).margin(1e-6));
      CHECK(m.data_loss_s >= data_loss - 1e-9);
      CHECK(m.discarded_writes >= discarded - 1e-6);
    } else {
      CHECK(m.rpo_s == rpo);
      CHECK(m.lost_writes == Approx(lost).margin(1e-6));
      CHECK(m.data_loss_s == Approx(data_loss).margin(1e-9));
      CHECK(m.discarded_writes == Approx(discarded).margin(1e-6));
    }
  }
  if (m.rto_s)
    CHECK(*m.rto_s >= 0);
  check_failback(strategy, drill, scenario.horizon_s);

  const double W = write_rate(strategy.topology);
  CHECK(m.lost_writes >= 0);
  if (m.lost_writes > 0)
    CHECK(m.data_loss_s > 0);
  CHECK(m.lost_writes <= W * m.data_loss_s + one_write);
  const bool one_writer_at_constant_rate = !scenario.long_run() && strategy.topology.databases.size() == 1 &&
                                           !strategy.topology.databases.front().multi_writer;
  CHECK(m.conflict_lost_writes >= 0);
  const bool multi_writer = std::any_of(strategy.topology.databases.begin(), strategy.topology.databases.end(),
                                        [](const drsim::Database& db) { return db.multi_writer; });
  const bool partitioned = std::any_of(scenario.faults.begin(), scenario.faults.end(), [](const drsim::Fault& fault) {
    return fault.kind == drsim::FaultKind::NetworkPartition;
  });
  if (!multi_writer || !partitioned)
    CHECK(m.conflict_lost_writes == 0);
  if (one_writer_at_constant_rate) {
    CHECK(std::abs(m.lost_writes - W * m.data_loss_s) <= one_write);
    for (const auto& outage : drill.outages)
      CHECK(std::abs(outage.lost_writes - outage.discarded_writes - W * outage.rpo_s) <= one_write);
  }
}

std::string run_report_bytes(const drsim::Scenario& scenario, const drsim::Strategy& strategy,
                             const drsim::DrillResult& drill) {
  drsim::Report report{scenario.name, scenario.file, drill.seed, 1, {}};
  report.results.push_back(drsim::summarize_strategy(scenario, strategy, {drill}));
  return drsim::report_to_json(report, true).dump();
}

void check_scenario(const std::string& file) {
  const auto scenario = drsim::load_scenario_file(scenarios_dir + file);
  const int runs = runs_of(scenario);
  drsim::DrillRunner runner(scenario);
  for (const auto& strategy : scenario.strategies) {
    std::vector<drsim::DrillResult> drills;
    for (int run = 0; run < runs; ++run) {
      const auto seed = drsim::run_seed(scenario.seed, strategy.name, run);
      INFO(strategy.name << ", run " << run + 1 << ", seed " << seed);
      drills.push_back(runner.run(strategy, seed));
      check_drill(scenario, strategy, drills.back());
    }
    // Unrecovered drills are counted apart, never averaged in.
    const auto report = drsim::summarize_strategy(strategy.name, drills);
    int recovered = 0;
    double rto_sum = 0;
    for (const auto& drill : drills)
      if (drill.measurement.rto_s) {
        ++recovered;
        rto_sum += *drill.measurement.rto_s;
      }
    CHECK(report.unrecovered_runs == runs - recovered);
    CHECK(report.rto_s.count == static_cast<std::size_t>(recovered));
    if (recovered > 0)
      CHECK(report.rto_s.mean == Approx(rto_sum / recovered));
    // The same seed, drilled again after every other: the same bytes.
    for (int run : {0, runs / 2, runs - 1}) {
      INFO(strategy.name << ", run " << run + 1 << " again");
      const auto& first = drills[static_cast<std::size_t>(run)];
      CHECK(run_report_bytes(scenario, strategy, runner.run(strategy, first.seed)) ==
            run_report_bytes(scenario, strategy, first));
    }
  }
}

const std::set<std::string> checked{
    "aurora-global-region-loss.json", "dc-pair-site-loss.json",      "dynamodb-region-loss.json",
    "orders-queue-year.json",         "shop-availability-year.json", "shop-az-outage.json",
    "shop-data-corruption.json",      "shop-region-loss.json",       "three-az-service-year.json"};

} // namespace

TEST_CASE("properties: every shipped scenario is checked", "[scenario][properties]") {
  std::set<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(scenarios_dir))
    if (entry.path().extension() == ".json")
      files.insert(entry.path().filename().string());
  CHECK(files == checked);
}

TEST_CASE("properties: aurora-global-region-loss", "[scenario][properties]") {
  check_scenario("aurora-global-region-loss.json");
}
TEST_CASE("properties: dc-pair-site-loss", "[scenario][properties]") { check_scenario("dc-pair-site-loss.json"); }
TEST_CASE("properties: dynamodb-region-loss", "[scenario][properties]") { check_scenario("dynamodb-region-loss.json"); }
TEST_CASE("properties: orders-queue-year", "[scenario][properties]") { check_scenario("orders-queue-year.json"); }
TEST_CASE("properties: shop-availability-year", "[scenario][properties]") {
  check_scenario("shop-availability-year.json");
}
TEST_CASE("properties: shop-az-outage", "[scenario][properties]") { check_scenario("shop-az-outage.json"); }
TEST_CASE("properties: shop-data-corruption", "[scenario][properties]") { check_scenario("shop-data-corruption.json"); }
TEST_CASE("properties: shop-region-loss", "[scenario][properties]") { check_scenario("shop-region-loss.json"); }
TEST_CASE("properties: three-az-service-year", "[scenario][properties]") {
  check_scenario("three-az-service-year.json");
}
