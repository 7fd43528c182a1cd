// The outages of a drill or of a simulated year, from what the clients experienced: each with its onset, length,
// RTO, the data it lost and the faults that caused it. Pure functions over recorded outcomes, like metrics.hpp.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sim/measure/metrics.hpp"

namespace drsim {

// A fault as the measurement sees it.
struct FaultWindow {
  double onset = 0;
  std::optional<double> end;  //!< absent: it lasts past the horizon
  std::string name;           //!< its kind and target, e.g. "region-outage us-east-1"
  bool starts_outages = true; //!< false for failing backups and a shortage of capacity: they start nothing alone
};

// From the first instant some client population's success ratio fell below the recovery threshold to the start
// of the first window in which every population stayed at or above it: the rule of a drill's recovery, applied to
// every outage of the horizon, of a drill as of a long run.
struct Outage {
  double start = 0;
  std::optional<double> end; //!< absent: still under way at the horizon
  // What the promotions and restores that belong to it cut off, seen from its onset (DataLossFigures).
  double lost_writes = 0;
  double rpo_s = 0;
  double data_loss_s = 0;
  double discarded_writes = 0;
  // When the outage began, what its RTO (end - onset) and RPO are measured from: the onset of the latest fault that
  // can start an outage, still under way at `start`, that struck after the previous outage ended and at or before
  // `start` (a fault the clients felt at once, or one that struck earlier and hurt them only later); failing that,
  // the first such fault that struck during the outage (the clients were already below the threshold); failing
  // that, `start` itself (the clients fell below without a fault of their own: a failback, say).
  double onset = 0;
  std::vector<std::string> causes{}; //!< the faults under way at some moment of it, by onset
  bool failback = false;             //!< began once the failback had begun: its own figure, not the failover's RTO
};

// `cuts`: every promotion's or restore's loss at the moment it happened, and what was still lost at the end
// (World::cuts), in time order. A cut belongs to the outage under way when it happened, or to the last one before
// it (a cut always follows the failure that forced it); one before every outage, to the first. With a `failback`,
// its outages are marked (mark_failback_outages) and its cuts (from its start to its end) are its outages' alone, by
// the same rule among them: a switch-over's loss is never the failover's; with no failback outage, no outage's.
std::vector<Outage> find_outages(const std::vector<OutcomeSeries>& outcomes, const std::vector<DataLoss>& cuts,
                                 const std::vector<FaultWindow>& faults, const RecoveryCriterion& criterion,
                                 double horizon, const std::optional<FailbackWindow>& failback = std::nullopt);

// Seconds the service was out over the horizon: the sum of the outages' lengths, an unended one up to the horizon.
double downtime_s(const std::vector<Outage>& outages, double horizon);

} // namespace drsim
