#include "sim/measure/cost.hpp"

#include <algorithm>
#include <set>

namespace drsim {
namespace {

constexpr double seconds_per_month = hours_per_month * 3600;
constexpr double GB = 1e9;

// Writes per second the clients send to a database: those of every population whose DNS record answers with a
// load balancer of a fleet that depends on it.
double write_rate(const Topology& topology, const std::string& database) {
  double rate = 0;
  for (const auto& clients : topology.clients) {
    const DnsRecord* record = topology.find_dns_record(clients.dns_record);
    if (record == nullptr)
      continue;
    const bool reaches = std::any_of(record->endpoints.begin(), record->endpoints.end(), [&](const DnsEndpoint& e) {
      const LoadBalancer* lb = topology.find_load_balancer(e.target);
      const Fleet* fleet = lb != nullptr ? topology.find_fleet(lb->fleet) : nullptr;
      return fleet != nullptr &&
             std::find(fleet->depends_on.begin(), fleet->depends_on.end(), database) != fleet->depends_on.end();
    });
    if (reaches)
      rate += clients.rate_rps * clients.write_fraction;
  }
  return rate;
}

// Bytes one snapshot of `backup` holds: the whole data for a full one, an interval's writes for an incremental one.
double snapshot_bytes(const Topology& topology, const Backup& backup, const Database& db) {
  if (backup.kind == BackupKind::Incremental)
    return write_rate(topology, db.name) * db.write_size_B * backup.every_s;
  return db.size_B;
}

} // namespace

MonthlyCost monthly_cost(const Topology& topology, double measured_cross_region_Bps, double* transfer_GB_month) {
  const Prices& price = topology.prices;
  MonthlyCost cost;
  for (const auto& fleet : topology.fleets)
    for (const auto& [region, capacity] : fleet.capacity)
      cost.compute += capacity.desired * hours_per_month * price.instance_hour;

  double cross_region_B = measured_cross_region_Bps * seconds_per_month;
  for (const auto& db : topology.databases) {
    if (db.multi_writer) {
      std::set<std::string> regions{db.primary.region};
      for (const auto& replica : db.replicas)
        regions.insert(replica.region);
      cost.database_instances += static_cast<double>(regions.size()) * hours_per_month * price.database_instance_hour;
    } else {
      const auto async = std::count_if(db.replicas.begin(), db.replicas.end(),
                                       [](const DatabaseNode& n) { return n.mode == ReplicationMode::Async; });
      cost.database_instances +=
          hours_per_month * (price.database_instance_hour + static_cast<double>(async) * price.database_replica_hour);
    }
    const double nodes = 1 + static_cast<double>(db.replicas.size());
    cost.database_storage += nodes * db.size_B / GB * price.database_storage_GB_month;
  }

  for (const auto& backup : topology.backups) {
    const Database* db = topology.find_database(backup.source);
    if (db == nullptr)
      continue; // object-store backups have no size in the topology
    const double kept = std::max(1.0, backup.retention_s / backup.every_s);
    const double snapshot = snapshot_bytes(topology, backup, *db);
    const double snapshots_B =
        backup.kind == BackupKind::Incremental ? db->size_B + (kept - 1) * snapshot : kept * snapshot;
    const double logs_B =
        backup.log_interval_s > 0 ? write_rate(topology, db->name) * db->write_size_B * backup.retention_s : 0;
    const double regions = 1 + static_cast<double>(backup.copy_to.size());
    cost.backup_storage += regions * (snapshots_B + logs_B) / GB * price.storage_GB_month;
    cross_region_B += static_cast<double>(backup.copy_to.size()) * snapshot * seconds_per_month / backup.every_s;
  }
  for (const auto& store : topology.object_stores)
    cross_region_B +=
        static_cast<double>(store.replicate_to.size()) * store.write_rate_ops * store.object_size_B * seconds_per_month;
  cost.transfer = cross_region_B / GB * price.transfer_GB;
  if (transfer_GB_month != nullptr)
    *transfer_GB_month = cross_region_B / GB;

  // Route 53 bills the 10 s interval as an optional feature on top of the basic check.
  for (const auto& record : topology.dns)
    for (const auto& endpoint : record.endpoints)
      if (endpoint.health_check)
        cost.health_checks +=
            price.health_check_month + (endpoint.health_check->interval_s < parameters::route53_intervals[1]
                                            ? price.health_check_fast_interval_month
                                            : 0);
  cost.load_balancers =
      static_cast<double>(topology.load_balancers.size()) * hours_per_month * price.load_balancer_hour;
  return cost;
}

double incident_cost(const Topology& topology, const DrillResult& drill) {
  const Prices& price = topology.prices;
  const double steady_rate =
      drill.steady_window_s > 0 ? drill.steady_transfer.cross_region_B / drill.steady_window_s : 0;
  const double incident_s = std::max(0.0, drill.end - drill.steady_window_s);
  const double extra_B = std::max(0.0, drill.incident_transfer.cross_region_B - steady_rate * incident_s);
  return drill.extra_instance_s / 3600 * price.instance_hour +
         drill.restored_database_s / 3600 * price.database_instance_hour + extra_B / GB * price.transfer_GB;
}

double failback_cost(const Topology& topology, const FailbackFigures& failback) {
  return failback.both_regions_instance_s / 3600 * topology.prices.instance_hour;
}

std::optional<double> downtime_cost(const Scenario& scenario, const DrillResult& drill) {
  if (!scenario.cost_of_downtime_per_minute)
    return std::nullopt;
  return (1 - drill.measurement.availability) * scenario.horizon_s / 60 * *scenario.cost_of_downtime_per_minute;
}

std::optional<double> lost_data_cost(const Scenario& scenario, const DrillResult& drill) {
  if (!scenario.cost_per_lost_write)
    return std::nullopt;
  return drill.measurement.lost_writes * *scenario.cost_per_lost_write;
}

CostBreakdown cost_breakdown(const Scenario& scenario, const Strategy& strategy,
                             const std::vector<DrillResult>& drills) {
  double rate_sum = 0;
  int measured = 0;
  for (const auto& drill : drills)
    if (drill.steady_window_s > 0) {
      rate_sum += drill.steady_transfer.cross_region_B / drill.steady_window_s;
      ++measured;
    }
  std::vector<double> incident, downtime, lost;
  for (const auto& drill : drills) {
    incident.push_back(incident_cost(strategy.topology, drill));
    if (const auto cost = downtime_cost(scenario, drill))
      downtime.push_back(*cost);
    if (const auto cost = lost_data_cost(scenario, drill))
      lost.push_back(*cost);
  }
  return cost_breakdown(strategy, measured > 0 ? rate_sum / measured : 0, summarize(std::move(incident)),
                        scenario.cost_of_downtime_per_minute ? std::optional(summarize(std::move(downtime)))
                                                             : std::nullopt,
                        scenario.cost_per_lost_write ? std::optional(summarize(std::move(lost))) : std::nullopt);
}

CostBreakdown cost_breakdown(const Strategy& strategy, double steady_cross_region_Bps, Summary incident_usd,
                             std::optional<Summary> downtime_usd, std::optional<Summary> lost_data_usd) {
  const Topology& topology = strategy.topology;
  CostBreakdown cost;
  cost.price_date = topology.prices.date;
  cost.price_source = topology.prices.source;
  cost.monthly = monthly_cost(topology, steady_cross_region_Bps, &cost.transfer_GB_month);
  cost.incident_usd = incident_usd;
  cost.downtime_usd = downtime_usd;
  cost.lost_data_usd = lost_data_usd;
  return cost;
}

} // namespace drsim
