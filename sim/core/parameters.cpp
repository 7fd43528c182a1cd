#include "sim/core/parameters.hpp"

namespace drsim {

Distribution Parameter::distribution() const {
  switch (by_default.kind) {
  case Default::Kind::Uniform:
    return Distribution::uniform(by_default.value, by_default.upper);
  case Default::Kind::Lognormal:
    return Distribution::lognormal(by_default.value, by_default.upper);
  case Default::Kind::Value:
  case Default::Kind::Required:
  case Default::Kind::Absent:
  case Default::Kind::Text:
    break;
  }
  return Distribution::fixed(by_default.value);
}

std::span<const Parameter* const> all_parameters() {
  using namespace parameters;
  // clang-format off
  static constexpr const Parameter* table[]{
      &intra_region_latency, &intra_region_bandwidth, &internet_latency, &internet_bandwidth, &client_rate,
      &client_write_fraction, &client_resolvers, &dns_ttl, &dns_routing, &endpoint_weight, &health_check_interval,
      &health_check_failure_threshold, &health_check_deep, &target_check_interval, &target_check_healthy_threshold,
      &target_check_unhealthy_threshold, &capacity_min, &capacity_desired, &capacity_max, &requests_per_instance,
      &boot_time, &database_multi_writer, &database_size, &write_size, &database_ship_interval, &database_keys,
      &database_key_skew, &failover_time,
      &aurora_failover_time, &promotion_time, &aurora_global_promotion_time, &backup_kind, &backup_every,
      &backup_log_interval, &backup_retention, &backup_vaulted, &restore_bandwidth, &object_write_rate, &object_size,
      &object_ship_interval, &queue_retention, &price_date, &price_source, &instance_hour, &database_instance_hour,
      &database_replica_hour, &database_storage_gb_month, &storage_gb_month, &transfer_gb, &health_check_month, &health_check_fast_interval_month,
      &load_balancer_hour, &horizon, &runs, &seed, &cost_of_downtime_per_minute, &cost_per_lost_write,
      &success_threshold, &recovery_window, &fault_onset, &fault_duration, &fault_count, &fault_detection, &mtbf,
      &time_to_failure, &repair, &rate_per_year, &event_duration, &blip, &page_time, &decide_time,
      &warm_standby_decide_time, &verify_time, &preset_promotion_time, &standby_share, &preset_routing, &detect_below,
      &step_manual, &step_delay, &success_ratio_below, &scale_desired, &resync_max_lag, &switch_over_freeze, &objective_stat, &availability_target,
      &count_target
  };
  // clang-format on
  return table;
}

} // namespace drsim
