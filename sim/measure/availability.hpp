// Long-run availability from what the clients experienced: the outages of a simulated year (or any horizon), each
// with its length and the data it lost. Pure functions over recorded outcomes, like metrics.hpp.
#pragma once

#include <optional>
#include <vector>

#include "sim/measure/metrics.hpp"

namespace drsim {

// From the first instant some client population's success ratio fell below the recovery threshold to the start
// of the first window in which every population stayed at or above it: the same rule as a drill's RTO, applied
// to every outage of the horizon. Its length is that outage's RTO, measured from when clients first saw it.
struct Outage {
  double start = 0;
  std::optional<double> end; //!< absent: still under way at the horizon
  // What the promotions and restores during it cut off, seen from its start (DataLossFigures).
  double lost_writes = 0;
  double rpo_s = 0;
  double data_loss_s = 0;
  double discarded_writes = 0;
};

// `cuts`: every promotion's or restore's loss at the moment it happened (World::cuts), in time order. A cut belongs
// to the outage under way when it happened, or to the one just ended if it came after (a cut always follows the
// failure that forced it).
std::vector<Outage> find_outages(const std::vector<OutcomeSeries>& outcomes, const std::vector<DataLoss>& cuts,
                                 const RecoveryCriterion& criterion, double horizon);

// Seconds the service was out over the horizon: the sum of the outages' lengths, an unended one up to the horizon.
double downtime_s(const std::vector<Outage>& outages, double horizon);

} // namespace drsim
