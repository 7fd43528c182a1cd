// Outages of a long run (sim/availability.hpp) from hand-made outcome records: no SimGrid.

#include <catch2/catch.hpp>

#include "sim/measure/availability.hpp"

using drsim::DataLoss;
using drsim::OutcomeSeries;
using drsim::RecoveryCriterion;

namespace {

OutcomeSeries series(std::vector<std::pair<double, double>> points) { return {"users", 100, std::move(points)}; }

const RecoveryCriterion criterion{0.99, 60};

} // namespace

TEST_CASE("outages: each breach until the first window above the threshold") {
  // Down from 100 to 130, a 10 s flicker back up at 150 (shorter than the window, so the same outage), up for good
  // at 170; then a second outage from 1000 to 1030.
  const auto outages = drsim::find_outages(
      {series({{0, 1}, {100, 0}, {130, 1}, {150, 0.5}, {160, 1}, {1000, 0.9}, {1030, 1}})}, {}, {}, criterion, 2000);
  REQUIRE(outages.size() == 2);
  CHECK(outages[0].start == 100);
  REQUIRE(outages[0].end);
  CHECK(*outages[0].end == 160);
  CHECK(outages[1].start == 1000);
  CHECK(*outages[1].end == 1030);
  CHECK(drsim::downtime_s(outages, 2000) == 90);
}

TEST_CASE("outages: one whose window cannot end by the horizon is still under way") {
  // Back above the threshold at 1970, 30 s before the horizon: the 60 s window does not fit.
  const auto outages = drsim::find_outages({series({{0, 1}, {1900, 0}, {1970, 1}})}, {}, {}, criterion, 2000);
  REQUIRE(outages.size() == 1);
  CHECK_FALSE(outages[0].end);
  CHECK(drsim::downtime_s(outages, 2000) == 100);
}

TEST_CASE("outages: the worst population decides, and a ratio at the threshold is up") {
  const auto outages = drsim::find_outages({series({{0, 1}, {100, 0.99}}), series({{0, 1}, {200, 0.5}, {230, 1}})}, {},
                                           {}, criterion, 2000);
  REQUIRE(outages.size() == 1);
  CHECK(outages[0].start == 200);
  CHECK(*outages[0].end == 230);
}

TEST_CASE("outages: data cuts go to the outage they happened in, or the last one before") {
  // A promotion during the first outage keeps writes up to 95 (5 s before it began); a restore after the second
  // ended (at 1100) keeps writes up to 900. A cut before any outage goes to the first, measured from the cut.
  const std::vector<DataLoss> cuts{
      {50, "db", {{40, 0}, {41, 3}}}, {120, "db", {{95, 0}, {100, 10}}}, {1100, "db", {{900, 0}, {1100, 200}}}};
  const auto outages =
      drsim::find_outages({series({{0, 1}, {100, 0}, {130, 1}, {1000, 0}, {1030, 1}})}, cuts, {}, criterion, 2000);
  REQUIRE(outages.size() == 2);
  CHECK(outages[0].lost_writes == 13);
  CHECK(outages[0].rpo_s == 10); // the cut at 50 keeping writes to 40; the promotion's is 5
  CHECK(outages[1].lost_writes == 200);
  CHECK(outages[1].rpo_s == 100);
}

TEST_CASE("outages: each is measured from the onset of the fault that began it") {
  using drsim::FaultWindow;
  // A partition at 100 that the clients never feel, a region lost at 500 that they feel at once, and a failback
  // dip at 3000 without a fault of its own. The region's outage begins at 500, not at the partition; the dip at its
  // own start. Both faults were under way during the region's outage.
  const std::vector<FaultWindow> faults{{100, std::nullopt, "network-partition a b", true},
                                        {500, 2900.0, "region-outage a", true},
                                        {50, std::nullopt, "backup-failure nightly", false}};
  const std::vector<DataLoss> cuts{{1500, "db", {{99, 0}, {500, 4010}}}};
  const auto outages = drsim::find_outages({series({{0, 1}, {500, 0}, {1500, 1}, {3000, 0.5}, {3020, 1}})}, cuts,
                                           faults, criterion, 5000);
  REQUIRE(outages.size() == 2);
  CHECK(outages[0].onset == 500);
  CHECK(*outages[0].end - outages[0].onset == 1000);
  CHECK(outages[0].causes ==
        std::vector<std::string>{"network-partition a b", "region-outage a", "backup-failure nightly"});
  // The promotion kept writes up to 99: RPO from the region's onset, 401 s of writes lost.
  CHECK(outages[0].rpo_s == 401);
  CHECK(outages[0].data_loss_s == 401);
  CHECK(outages[0].lost_writes == 4010);
  CHECK(outages[0].discarded_writes == 0);
  CHECK(outages[1].onset == 3000);
  CHECK(outages[1].causes == std::vector<std::string>{"network-partition a b", "backup-failure nightly"});
  CHECK(outages[1].lost_writes == 0);
  // A fault that struck while the clients were already below the threshold begins the outage it struck in.
  const auto already =
      drsim::find_outages({series({{0, 1}, {50, 0}, {300, 1}})}, {}, {{100, std::nullopt, "f", true}}, criterion, 1000);
  REQUIRE(already.size() == 1);
  CHECK(already[0].start == 50);
  CHECK(already[0].onset == 100);
}
