// What one drill recorded and measured: the input of every statistic, report and cost figure. Plain values, so
// that measurement and reports never depend on the engine that produced them.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sim/core/timeline.hpp"
#include "sim/measure/availability.hpp"
#include "sim/measure/metrics.hpp"

namespace drsim {

// Bytes shipped by replication and backup copies.
struct TransferTally {
  double cross_region_B = 0;
  double in_region_B = 0;
};

// A phase of a drill's RTO (sim/measure/rto_anatomy.hpp) as a comparison keeps it: its name and how long it took.
struct RtoPhaseTime {
  std::string name;
  double duration_s = 0;
};

struct DrillResult {
  std::string strategy;
  int run = 0; //!< its place among the strategy's drills, from 0
  std::uint64_t seed = 0;
  double fault_onset = 0;
  // The first alarm or failed Route 53 health check from the fault's onset on (drill time): when the deployment's
  // detectors saw the fault, for `fis compare` beside the alarms a real run observed. Absent: none.
  std::optional<double> first_detection;
  // When each runbook step finished (drill time), by step id: for `fis compare` beside the promotion, scale-out and
  // DNS switch a real run observed. A step that never finished has no entry.
  std::map<std::string, double> step_done;
  double end = 0; //!< drill time at which nothing could change any more (or the horizon)
  Measurement measurement;
  double lost_objects = 0;
  double corrupt_requests = 0; //!< requests served with corrupt data before anyone found the corruption
  std::vector<TimelineEvent> timeline;
  std::vector<OutcomeSeries> outcomes;
  std::vector<Outage> outages; //!< every outage of the horizon (long-run scenarios)
  // The phases of its RTO along the critical path, where the drill ran, for a comparison's medians: its timeline
  // does not come back from a worker process. Empty for a long run's drill, and for one that did not recover.
  std::vector<RtoPhaseTime> rto_phases;
  std::uint64_t engine_steps = 0; //!< instants the Engine's clock advanced to: what the drill cost in events
  std::uint64_t wake_ups = 0;     //!< actors resumed from a wait, a sleep or a transfer: the context switches
  // Measured for the cost model (sim/cost.hpp).
  double steady_window_s = 0;              //!< from the drill's start to the first fault: the steady state
  TransferTally steady_transfer;           //!< shipped by replication and backup copies in that window
  TransferTally incident_transfer;         //!< shipped from the first fault on
  double extra_instance_s = 0;             //!< instance-seconds beyond each fleet's desired capacity, per region
  double restored_database_s = 0;          //!< seconds the databases that restores created ran, to the drill's end
  std::optional<FailbackFigures> failback; //!< absent: the runbook has no failback, or it never began
};

} // namespace drsim
