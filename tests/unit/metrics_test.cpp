// measure() on hand-made outcome records: the product's definitions of RTO, availability and RPO ("Measured,
// never assumed"), checked where they are easy to get wrong: the window, the threshold's edge, several populations,
// the horizon, and drills that never recover.

#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "sim/measure/availability.hpp"
#include "sim/measure/metrics.hpp"

using drsim::DataLoss;
using drsim::OutcomeSeries;
using drsim::RecoveryCriterion;

namespace {

OutcomeSeries series(double rate, const std::vector<std::pair<double, double>>& points,
                     const std::string& name = "clients") {
  OutcomeSeries s{name, rate, {}};
  for (const auto& [time, ratio] : points)
    s.record(time, ratio);
  return s;
}

const RecoveryCriterion default_criterion{0.99, 60};

// A drill with one fault, struck at `onset` and lasting past the horizon: its outages, then its headline.
drsim::Measurement measure(const std::vector<OutcomeSeries>& outcomes, const std::vector<DataLoss>& cuts, double onset,
                           const RecoveryCriterion& criterion, double horizon) {
  const std::vector<drsim::FaultWindow> faults{{onset, std::nullopt, "region-outage r", true}};
  return drsim::measure(outcomes, drsim::find_outages(outcomes, cuts, faults, criterion, horizon), cuts, onset,
                        criterion, horizon);
}

} // namespace

TEST_CASE("an outcome series records only changes of the ratio", "[metrics]") {
  OutcomeSeries s{"clients", 10, {}};
  s.record(0, 1);
  s.record(5, 1); // no change: no point
  s.record(10, 0.5);
  s.record(10, 0.25); // the same instant: the later value wins
  s.record(20, 0.25);
  CHECK(s.points == std::vector<std::pair<double, double>>{{0, 1}, {10, 0.25}});
  // A change undone at the same instant leaves no step behind.
  s.record(30, 0);
  s.record(30, 0.25);
  CHECK(s.points == std::vector<std::pair<double, double>>{{0, 1}, {10, 0.25}});
}

TEST_CASE("an outcome series is a right-continuous step function, all successful before its first point", "[metrics]") {
  const auto s = series(10, {{100, 0}, {300, 1}});
  CHECK(s.ratio_at(0) == 1);
  CHECK(s.ratio_at(99.999) == 1);
  CHECK(s.ratio_at(100) == 0);
  CHECK(s.ratio_at(299.999) == 0);
  CHECK(s.ratio_at(300) == 1);
  CHECK(s.ratio_at(1e9) == 1);
}

TEST_CASE("RTO runs from the onset to the start of the first window at or above the threshold", "[metrics]") {
  // Fault at 100; every request fails from 100 to 300, then all succeed until the horizon.
  const auto m = measure({series(10, {{0, 1}, {100, 0}, {300, 1}})}, {}, 100, default_criterion, 1000);
  REQUIRE(m.first_failure);
  CHECK(*m.first_failure == 100);
  REQUIRE(m.recovered_at);
  CHECK(*m.recovered_at == 300);
  REQUIRE(m.rto_s);
  CHECK(*m.rto_s == 200);
}

TEST_CASE("recovery needs a whole window above the threshold", "[metrics]") {
  // Back at 300, down again at 330 (30 s < the 60 s window), back for good at 400.
  const auto m = measure({series(10, {{100, 0}, {300, 1}, {330, 0.5}, {400, 1}})}, {}, 100, default_criterion, 1000);
  REQUIRE(m.rto_s);
  CHECK(*m.rto_s == 300);
  // A window of exactly 60 s counts: the definition is "for a whole window"; here it ends at the horizon.
  const auto exact = measure({series(10, {{100, 0}, {300, 1}})}, {}, 100, default_criterion, 360);
  REQUIRE(exact.rto_s);
  CHECK(*exact.rto_s == 200);
}

TEST_CASE("a drill that ends below the threshold is unrecovered, whatever recovery came before", "[metrics]") {
  // Good for 200 s from 300, then down from 500 to 700: two outages of 200 s each (the second, a hasty failback say,
  // has no fault of its own and runs from when the clients fell below the threshold).
  const auto dip = measure({series(10, {{100, 0}, {300, 1}, {500, 0}, {700, 1}})}, {}, 100, default_criterion, 1000);
  REQUIRE(dip.rto_s);
  CHECK(*dip.rto_s == 200);
  CHECK(dip.availability == Approx(1 - 400.0 / 1000));
  // Down for good the second time: unrecovered.
  const auto for_good = measure({series(10, {{100, 0}, {300, 1}, {500, 0}})}, {}, 100, default_criterion, 1000);
  CHECK_FALSE(for_good.rto_s);
}

TEST_CASE("a ratio exactly at the threshold counts as recovered, just below it does not", "[metrics]") {
  const auto at = measure({series(10, {{100, 0}, {300, 0.99}})}, {}, 100, default_criterion, 1000);
  REQUIRE(at.rto_s);
  CHECK(*at.rto_s == 200);
  const auto below = measure({series(10, {{100, 0}, {300, 0.9899}})}, {}, 100, default_criterion, 1000);
  CHECK_FALSE(below.rto_s);
  CHECK_FALSE(below.recovered_at);
}

TEST_CASE("a drill that never recovers within the horizon has no RTO", "[metrics]") {
  SECTION("never back") {
    const auto m = measure({series(10, {{100, 0}})}, {}, 100, default_criterion, 1000);
    CHECK(m.first_failure);
    CHECK_FALSE(m.rto_s);
  }
  SECTION("back too late for a whole window before the horizon") {
    const auto m = measure({series(10, {{100, 0}, {950, 1}})}, {}, 100, default_criterion, 1000);
    CHECK_FALSE(m.rto_s);
  }
  SECTION("back just in time for a window ending at the horizon") {
    const auto m = measure({series(10, {{100, 0}, {940, 1}})}, {}, 100, default_criterion, 1000);
    REQUIRE(m.rto_s);
    CHECK(*m.rto_s == 840);
  }
}

TEST_CASE("a fault the clients never notice recovers at once", "[metrics]") {
  const auto untouched = measure({series(10, {{0, 1}})}, {}, 100, default_criterion, 1000);
  CHECK_FALSE(untouched.first_failure);
  REQUIRE(untouched.rto_s);
  CHECK(*untouched.rto_s == 0);
  // A dip that stays above the threshold is a failure the clients saw, but not an outage.
  const auto dip = measure({series(10, {{200, 0.995}, {250, 1}})}, {}, 100, default_criterion, 1000);
  REQUIRE(dip.first_failure);
  CHECK(*dip.first_failure == 200);
  REQUIRE(dip.rto_s);
  CHECK(*dip.rto_s == 0);
}

TEST_CASE("failures before the fault's onset do not count", "[metrics]") {
  // The secondary region's health check failing at start-up, say: the ratio is 1 again before the onset.
  const auto m = measure({series(10, {{0, 0.5}, {50, 1}, {100, 0}, {300, 1}})}, {}, 100, default_criterion, 1000);
  REQUIRE(m.first_failure);
  CHECK(*m.first_failure == 100);
  REQUIRE(m.rto_s);
  CHECK(*m.rto_s == 200);
  // A failure under way at the onset counts from the onset.
  const auto ongoing = measure({series(10, {{50, 0}, {300, 1}})}, {}, 100, default_criterion, 1000);
  REQUIRE(ongoing.first_failure);
  CHECK(*ongoing.first_failure == 100);
  REQUIRE(ongoing.rto_s);
  CHECK(*ongoing.rto_s == 200);
}

TEST_CASE("every population must recover: the worst one sets the RTO", "[metrics]") {
  // Europe recovers at 250, America at 400; America's share of the traffic does not matter.
  const auto m = measure({series(1000, {{100, 0}, {250, 1}}, "europe"), series(1, {{100, 0.5}, {400, 1}}, "america")},
                         {}, 100, default_criterion, 1000);
  REQUIRE(m.rto_s);
  CHECK(*m.rto_s == 300);
  // Each population is back for longer than a window, but both together only from 200 to 220.
  const auto interleaved =
      measure({series(10, {{100, 0}, {150, 1}, {220, 0}}, "a"), series(10, {{100, 0}, {200, 1}}, "b")}, {}, 100,
              default_criterion, 1000);
  CHECK_FALSE(interleaved.rto_s);
}

TEST_CASE("availability integrates the successful requests over the horizon", "[metrics]") {
  // 10 requests/s: all fail from 100 to 300, half fail from 300 to 400. Requested 10 x 1000 = 10000; served
  // 10 x (100 + 0 + 0.5 x 100 + 600) = 7500.
  const auto m = measure({series(10, {{0, 1}, {100, 0}, {300, 0.5}, {400, 1}})}, {}, 100, default_criterion, 1000);
  CHECK(m.availability == Approx(0.75));
  // Populations weigh by their rates: 30 requests/s always served, 10 requests/s never from 0 to the horizon:
  // 30 x 1000 / (40 x 1000).
  const auto weighted = measure({series(30, {}), series(10, {{0, 0}})}, {}, 100, default_criterion, 1000);
  CHECK(weighted.availability == Approx(0.75));
  // Before the first point everything succeeded; the last point holds until the horizon, and nothing after the
  // horizon counts.
  const auto late = measure({series(10, {{500, 0}, {2000, 1}})}, {}, 100, default_criterion, 1000);
  CHECK(late.availability == Approx(0.5));
}

TEST_CASE("RPO and lost writes come from the data losses", "[metrics]") {
  // Two databases cut after the fault at 100: orders lost 120 writes committed from 95 to 101 (20 a second), sessions
  // 30 from 99.5 to 101.
  const std::vector<DataLoss> losses{{700, "orders", {{95, 0}, {101, 120}}}, {900, "sessions", {{99.5, 0}, {101, 30}}}};
  const auto m = measure({series(10, {{100, 0}, {300, 1}})}, losses, 100, default_criterion, 1000);
  // RPO: the worst database, fault onset minus the commit time of its newest write before which all survive.
  CHECK(m.rpo_s == Approx(5));
  CHECK(m.lost_writes == 150);
  // Data loss: the time over which lost writes were committed, 95 to 101 for both together; discarded: those
  // committed after the onset, 20 of orders' and 30 / 1.5 of sessions'.
  CHECK(m.data_loss_s == Approx(6));
  CHECK(m.discarded_writes == Approx(20 + 20));
  // A cut that keeps every write up to the onset (corruption restored to its onset) has an RPO of 0, not a
  // negative one, and every write it lost was made after the onset.
  const auto none = measure({series(10, {{100, 0}, {300, 1}})}, {{700, "orders", {{100, 0}, {104, 40}}}}, 100,
                            default_criterion, 1000);
  CHECK(none.rpo_s == 0);
  CHECK(none.lost_writes == 40);
  CHECK(none.data_loss_s == Approx(4));
  CHECK(none.discarded_writes == Approx(40));
  const auto after = measure({series(10, {{100, 0}, {300, 1}})}, {{700, "orders", {{130, 0}, {134, 40}}}}, 100,
                             default_criterion, 1000);
  CHECK(after.rpo_s == 0);
}

TEST_CASE("data loss counts the time lost writes were committed, not the pauses between them", "[metrics]") {
  // 10 writes lost from 90 to 100, a pause (the region down) until a promotion at 400, then 30 writes from 400 to
  // 403: 13 s of writes. Lost writes = 10 a second x 13 s.
  const DataLoss cut{500, "orders", {{90, 0}, {100, 100}, {400, 100}, {403, 130}}};
  const auto m = measure({series(10, {{100, 0}, {300, 1}})}, {cut}, 100, default_criterion, 1000);
  CHECK(m.data_loss_s == Approx(13));
  CHECK(m.lost_writes == Approx(10 * m.data_loss_s));
  CHECK(m.rpo_s == Approx(10));
  CHECK(m.discarded_writes == Approx(30));
  CHECK(cut.lost_after(95) == Approx(80));
  CHECK(cut.lost_after(200) == Approx(30));
  CHECK(cut.lost_after(0) == 130);
  CHECK(cut.lost_after(403) == 0);
}

TEST_CASE("conflict losses: each key more than one side wrote loses the newest write of all but one of them",
          "[metrics]") {
  using drsim::expected_conflict_losses;
  // Side g writes key k a Poisson number of times with mean x = n_g p_k; the key loses (sides that wrote it) - 1.
  const auto both = [](double a, double b) { return (1 - std::exp(-a)) * (1 - std::exp(-b)); };
  // Even keys: p = 1 / K, two sides: K (1 - e^(-n_a/K)) (1 - e^(-n_b/K)).
  CHECK(expected_conflict_losses({50, 80}, 100, 0) == Approx(100 * both(0.5, 0.8)).epsilon(1e-12));
  // Zipf with exponent 1 over two keys: p = 2/3 and 1/3.
  CHECK(expected_conflict_losses({3, 6}, 2, 1) == Approx(both(2, 4) + both(1, 2)).epsilon(1e-12));
  // Three sides on one key: E[m - 1{m >= 1}] = sum_g (1 - e^-n_g) - (1 - e^-(n_1 + n_2 + n_3)).
  const double three = (1 - std::exp(-1.0)) + (1 - std::exp(-2.0)) + (1 - std::exp(-3.0)) - (1 - std::exp(-6.0));
  CHECK(expected_conflict_losses({1, 2, 3}, 1, 0.99) == Approx(three).epsilon(1e-12));
  // So many writes that both sides wrote every key: one loss per key.
  CHECK(expected_conflict_losses({1e7, 1e7}, 10, 0.5) == Approx(10).epsilon(1e-9));
  // A large key space, where each key is written rarely: the same closed form, summed as its power series (a million
  // terms added in doubles: up to 1e6 x 2^-53 = 1.1e-10 apart).
  CHECK(expected_conflict_losses({3000, 5000}, 1000000, 0) ==
        Approx(1e6 * both(3000 / 1e6, 5000 / 1e6)).epsilon(2e-10));
  CHECK(expected_conflict_losses({1, 4000}, 1000000, 0) == Approx(1e6 * both(1 / 1e6, 4000 / 1e6)).epsilon(2e-10));
  // One side alone, or a side that wrote nothing, conflicts with nobody.
  CHECK(expected_conflict_losses({1000}, 100, 0) == 0);
  CHECK(expected_conflict_losses({1000, 0}, 100, 0.99) == 0);
  // A skewed key space conflicts more than an even one: the hot keys are written by both sides.
  CHECK(expected_conflict_losses({1000, 1000}, 100000, 0.99) > expected_conflict_losses({1000, 1000}, 100000, 0));
}

TEST_CASE("a failback's outage is its own figure: out of the failover's RTO, in the availability", "[metrics]") {
  // The region is lost at 100 and the clients recover at 300 (a 200 s RTO); the failback begins at 5000, and its
  // switch-over freezes writes from 5100 to 5400 (300 s, longer than the failover's outage), cutting 40 writes
  // committed from 5390 to 5400 at 5400 (an unplanned switch-over).
  const std::vector<OutcomeSeries> outcomes{series(10, {{100, 0}, {300, 1}, {5100, 0.5}, {5400, 1}})};
  const std::vector<DataLoss> cuts{{5400, "db", {{5390, 0}, {5400, 40}}}};
  const std::vector<drsim::FaultWindow> faults{{100, 4000, "region-outage r", true}};
  auto outages = drsim::find_outages(outcomes, cuts, faults, default_criterion, 10000);
  REQUIRE(outages.size() == 2);
  drsim::mark_failback_outages(outages, 5000, 5600);
  CHECK_FALSE(outages[0].failback);
  CHECK(outages[1].failback);
  const auto m = drsim::measure(outcomes, outages, cuts, 100, default_criterion, 10000);
  REQUIRE(m.rto_s);
  CHECK(*m.rto_s == 200);
  CHECK(*m.recovered_at == 300);
  // Every outage counts in the availability and in the drill's lost writes.
  CHECK(m.availability == Approx(1 - (200 + 0.5 * 300) / 10000));
  CHECK(m.lost_writes == 40);
  const auto failback = drsim::failback_figures(outages, cuts, 5000, 5600, 10000);
  REQUIRE(failback.duration_s);
  CHECK(*failback.duration_s == 600);
  CHECK(failback.downtime_s == 300);
  CHECK(failback.lost_writes == 40);
  // Under way at the horizon: no duration, and the downtime runs to it.
  const auto unfinished = drsim::failback_figures(outages, cuts, 5000, std::nullopt, 10000);
  CHECK_FALSE(unfinished.duration_s);
  CHECK(unfinished.lost_writes == 40);
  // Without the mark, the freeze would be the drill's RTO.
  const auto unmarked = measure(outcomes, cuts, 100, default_criterion, 10000);
  CHECK(*unmarked.rto_s == 300);
}

TEST_CASE("a failback marks only its own outages: none a fault caused, none after its end", "[metrics]") {
  // The failover (100 to 300), the failback's freeze (5100 to 5400, within the failback from 5000 to 5600), an
  // instance failure months later (20000 to 20500) and an outage after the failback's end with no fault (30000 to
  // 30300): only the freeze is the failback's, and the instance failure's 500 s are the drill's RTO.
  const std::vector<OutcomeSeries> outcomes{
      series(10, {{100, 0}, {300, 1}, {5100, 0.5}, {5400, 1}, {20000, 0}, {20500, 1}, {30000, 0.5}, {30300, 1}})};
  const std::vector<drsim::FaultWindow> faults{{100, 4000, "region-outage r", true},
                                               {20000, 20400, "instance-failure web", true}};
  auto outages = drsim::find_outages(outcomes, {}, faults, default_criterion, 1e6);
  REQUIRE(outages.size() == 4);
  drsim::mark_failback_outages(outages, 5000, 5600);
  CHECK_FALSE(outages[0].failback);
  CHECK(outages[1].failback);
  CHECK_FALSE(outages[2].failback);
  CHECK_FALSE(outages[3].failback);
  const auto figures = drsim::failback_figures(outages, {}, 5000, 5600, 1e6);
  CHECK(figures.downtime_s == 300);
  const auto m = drsim::measure(outcomes, outages, {}, 100, default_criterion, 1e6);
  REQUIRE(m.rto_s);
  CHECK(*m.rto_s == 500);
}

TEST_CASE("a failback's outage under way at the horizon leaves the failover recovered", "[metrics]") {
  // The switch-over's freeze began at 5100 and had not ended by the horizon at 10000: the failover's 200 s stand.
  const std::vector<OutcomeSeries> outcomes{series(10, {{100, 0}, {300, 1}, {5100, 0.5}})};
  const std::vector<drsim::FaultWindow> faults{{100, 4000, "region-outage r", true}};
  auto outages = drsim::find_outages(outcomes, {}, faults, default_criterion, 10000);
  REQUIRE(outages.size() == 2);
  drsim::mark_failback_outages(outages, 5000, std::nullopt);
  CHECK(outages[1].failback);
  const auto m = drsim::measure(outcomes, outages, {}, 100, default_criterion, 10000);
  REQUIRE(m.rto_s);
  CHECK(*m.rto_s == 200);
  CHECK(*m.recovered_at == 300);
  CHECK(drsim::failback_figures(outages, {}, 5000, std::nullopt, 10000).downtime_s == 4900);
}

TEST_CASE("a failback's cuts are its own, not the failover's outage's", "[metrics]") {
  // The failover (100 to 300) cut 10 writes at 290; the failback (5000 to 5600) switched over without the freeze at
  // 5400, cutting 40 writes committed from 5390, and the clients never noticed: no failback outage takes the cut, so
  // the failover's outage keeps its 10 and the drill counts both.
  const std::vector<OutcomeSeries> outcomes{series(10, {{100, 0}, {300, 1}})};
  const std::vector<DataLoss> cuts{{290, "db", {{95, 0}, {100, 10}}}, {5400, "db", {{5390, 0}, {5400, 40}}}};
  const std::vector<drsim::FaultWindow> faults{{100, 4000, "region-outage r", true}};
  const drsim::FailbackWindow failback{5000, 5600};
  const auto outages = drsim::find_outages(outcomes, cuts, faults, default_criterion, 10000, failback);
  REQUIRE(outages.size() == 1);
  CHECK(outages[0].lost_writes == 10);
  const auto m = drsim::measure(outcomes, outages, cuts, 100, default_criterion, 10000, failback);
  CHECK(m.lost_writes == 50);
  CHECK(drsim::failback_figures(outages, cuts, 5000, 5600, 10000).lost_writes == 40);

  // With a failback outage (a freeze from 5100 to 5400), the cut is that outage's.
  const std::vector<OutcomeSeries> frozen{series(10, {{100, 0}, {300, 1}, {5100, 0.5}, {5400, 1}})};
  const auto with_freeze = drsim::find_outages(frozen, cuts, faults, default_criterion, 10000, failback);
  REQUIRE(with_freeze.size() == 2);
  CHECK(with_freeze[0].lost_writes == 10);
  CHECK(with_freeze[1].failback);
  CHECK(with_freeze[1].lost_writes == 40);
  CHECK(drsim::measure(frozen, with_freeze, cuts, 100, default_criterion, 10000, failback).lost_writes == 50);
}
