// What a strategy costs, from the topology's dated price table (Topology::prices) and what its drills measured.
//
// Monthly steady state (730 hours, AWS's billing month):
//   compute            fleet instances at their desired capacity, every region: desired x 730 h x instance_hour
//   database_instances a single-writer database: database_instance_hour (a Multi-AZ price, so its synchronous
//                      standby is included) + database_replica_hour per asynchronous replica; a multi-writer
//                      database: database_instance_hour per region holding a node
//   database_storage   the data size on every node (a synchronous standby keeps its own copy) x
//                      database_storage_gb_month
//   backup_storage     per region holding copies (the source's and every copy_to): the snapshots kept over the
//                      retention (full: retention / every copies of the data size; incremental: one full copy and
//                      then the writes of each interval) and the point-in-time logs of the retention, x
//                      storage_gb_month
//   transfer           cross-region GB x transfer_gb: replication and point-in-time log copies as measured in the
//                      drills' steady state (before the first fault) scaled to a month, plus snapshot copies and
//                      object-store replication from their schedules and rates
//   health_checks      DNS endpoints with a health check x health_check_month, plus
//                      health_check_fast_interval_month for each that probes every 10 s
//   load_balancers     every load balancer x 730 h x load_balancer_hour (LCU charges are not modelled)
// Per drill, the incident: instance-seconds beyond the desired capacity x instance_hour, the databases restores
// created x database_instance_hour until the drill's end, and cross-region bytes beyond the steady-state rate x
// transfer_gb. Restores read the copy held in their own region, which AWS does not charge as transfer. With the
// scenario's prices: downtime = unavailable share x horizon in minutes x cost_of_downtime_per_minute, and lost
// data = lost writes x cost_per_lost_write.
#pragma once

#include <optional>
#include <vector>

#include "sim/core/scenario.hpp"
#include "sim/measure/drill_result.hpp"
#include "sim/measure/report.hpp"

namespace drsim {

inline constexpr double hours_per_month = 730;

// The steady-state bill of a topology whose replication and log copies ship `measured_cross_region_Bps` between
// regions; `transfer_GB_month` receives the whole cross-region volume charged.
MonthlyCost monthly_cost(const Topology& topology, double measured_cross_region_Bps,
                         double* transfer_GB_month = nullptr);

// What the recovery in one drill cost beyond the steady state.
double incident_cost(const Topology& topology, const DrillResult& drill);

// Running both regions until the failback ends: the instance-seconds beyond the steady capacity from the fault to
// the failback's end x instance_hour.
double failback_cost(const Topology& topology, const FailbackFigures& failback);

// What the drill's downtime and its lost writes cost, when the scenario prices them.
std::optional<double> downtime_cost(const Scenario& scenario, const DrillResult& drill);
std::optional<double> lost_data_cost(const Scenario& scenario, const DrillResult& drill);

CostBreakdown cost_breakdown(const Scenario& scenario, const Strategy& strategy,
                             const std::vector<DrillResult>& drills);
// The same from what the drills measured: the mean cross-region rate of those with a steady window (0 when none had
// one) and the statistics of each drill's costs.
CostBreakdown cost_breakdown(const Strategy& strategy, double steady_cross_region_Bps, Summary incident_usd,
                             std::optional<Summary> downtime_usd, std::optional<Summary> lost_data_usd);

} // namespace drsim
