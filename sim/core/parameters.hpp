// Every topology and scenario parameter that has a default or a range, declared once, the way a simulator declares
// its attributes: where it sits in the JSON, what it holds, its range, its default, where the default comes from
// and what it means. The structs of topology.hpp and scenario.hpp take their defaults from here, the readers their
// keys and ranges (and so the words of their range errors), the README its format reference, and all_parameters()
// lists them for anything else that describes the input (a schema).
#pragma once

#include <limits>
#include <optional>
#include <span>
#include <string_view>

#include "sim/core/distribution.hpp"
#include "sim/core/units.hpp"

namespace drsim {

enum class InputFile { Topology, Scenario };

enum class ValueType {
  Boolean,
  Integer,  //!< an int
  Unsigned, //!< 0 to 2^64-1
  Number,   //!< a plain JSON number: a count, a fraction, a price
  Text,     //!< a string (an enum's name, a date)
  Duration, //!< the quantities of units.hpp: a string with a unit, held in the base unit
  Size,
  Bandwidth,
  Rate,
  Distribution, //!< a duration or a distribution object, distribution.hpp
};

// The quantity of units.hpp a value of this type is, if any.
constexpr std::optional<Quantity> quantity_of(ValueType type) {
  switch (type) {
  case ValueType::Duration:
    return Quantity::Duration;
  case ValueType::Size:
    return Quantity::Size;
  case ValueType::Bandwidth:
    return Quantity::Bandwidth;
  case ValueType::Rate:
    return Quantity::Rate;
  default:
    return std::nullopt;
  }
}

inline constexpr double unbounded = std::numeric_limits<double>::infinity();

// The values a parameter may take, in the base unit. The maximum is always inclusive.
struct Range {
  double min = -unbounded;
  double max = unbounded;
  bool min_exclusive = false;
  std::span<const double> choices; //!< when not empty, the only values allowed

  constexpr bool contains(double value) const {
    if (!choices.empty()) {
      for (const double choice : choices)
        if (value == choice)
          return true;
      return false;
    }
    return (min_exclusive ? value > min : value >= min) && value <= max;
  }
};

// What a parameter is when its key is left out.
struct Default {
  enum class Kind {
    Required,  //!< the key must be given
    Absent,    //!< nothing: `text` says what that means
    Value,     //!< `value`, in the base unit (a boolean is 0 or 1)
    Uniform,   //!< a distribution from `value` to `upper`
    Lognormal, //!< a distribution with median `value` and 95th percentile `upper`
    Text,      //!< the string `text`
  };
  Kind kind = Kind::Required;
  double value = 0;
  double upper = 0;
  std::string_view text;

  static constexpr Default required() { return {}; }
  static constexpr Default absent(std::string_view meaning) { return {Kind::Absent, 0, 0, meaning}; }
  static constexpr Default of(double value) { return {Kind::Value, value, 0, {}}; }
  static constexpr Default uniform(double low, double high) { return {Kind::Uniform, low, high, {}}; }
  static constexpr Default lognormal(double median, double p95) { return {Kind::Lognormal, median, p95, {}}; }
  static constexpr Default named(std::string_view text) { return {Kind::Text, 0, 0, text}; }
};

struct Parameter {
  InputFile file = InputFile::Topology;
  //! A JSON Pointer in which "*" stands for any array index or object key: "/dns/*/ttl".
  std::string_view location;
  //! Empty, or the condition under which this declaration holds ("engine \"aurora\""): a key whose default depends
  //! on another key has one declaration per case.
  std::string_view when;
  ValueType type = ValueType::Number;
  //! The unit defaults and bounds are written in for a quantity ("s", "GB", "Gbps"); what a number counts otherwise.
  std::string_view unit;
  Range range;
  Default by_default;
  std::string_view source;      //!< where the default comes from; empty for a neutral one (zero, false, none)
  std::string_view description; //!< one line: what it means

  constexpr std::string_view key() const { return location.substr(location.rfind('/') + 1); }
  // The default for the structs' initialisers.
  constexpr double number() const { return by_default.value; }
  constexpr int integer() const { return static_cast<int>(by_default.value); }
  constexpr bool flag() const { return by_default.value != 0; }
  constexpr std::string_view text() const { return by_default.text; }
  Distribution distribution() const;
};

// Every declaration below, in the order of the format reference.
std::span<const Parameter* const> all_parameters();

// A Julian year, the unit of MTBF tables and yearly rates.
inline constexpr double seconds_per_year = 365.25 * 86400;

namespace parameters {

// A declaration names the members it sets and leaves the others to their initialisers, which g++ 12 reports under
// -Wextra as missing initialisers.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

inline constexpr double minute = 60;
inline constexpr double hour = 3600;
inline constexpr double day = 86400;
inline constexpr double kilobyte = 1e3;
inline constexpr double megabyte = 1e6;
inline constexpr double gigabyte = 1e9;
inline constexpr double gigabit_per_second = 1.25e8;

// The declarations are laid out by hand, a few fields to a line, to read as a table.
// clang-format off

// Topology: network.

inline constexpr Parameter intra_region_latency{
    .location = "/network/intra_region/latency", .type = ValueType::Duration, .unit = "ms", .range = {.max = 10},
    .by_default = Default::of(0.001), .source = "assumption; at most 10 s, well above any path in use (a "
                                                "geostationary satellite hop is about 0.25 s one way)",
    .description = "one-way latency between two AZs of the same region"};
inline constexpr Parameter intra_region_bandwidth{
    .location = "/network/intra_region/bandwidth", .type = ValueType::Bandwidth, .unit = "Gbps",
    .by_default = Default::of(10 * gigabit_per_second), .source = "assumption",
    .description = "bandwidth between two AZs of the same region"};
inline constexpr Parameter internet_latency{
    .location = "/network/internet/latency", .type = ValueType::Duration, .unit = "ms", .range = {.max = 10},
    .by_default = Default::of(0.05),
    .source = "assumption; at most 10 s, well above any path in use (a geostationary satellite hop is about 0.25 s "
              "one way)",
    .description = "one-way latency between two regions or locations that have no entry in `links`"};
inline constexpr Parameter internet_bandwidth{
    .location = "/network/internet/bandwidth", .type = ValueType::Bandwidth, .unit = "Gbps",
    .by_default = Default::of(gigabit_per_second), .source = "assumption",
    .description = "bandwidth between two regions or locations that have no entry in `links`"};

// Topology: clients.

inline constexpr Parameter client_rate{
    .location = "/clients/*/rate", .type = ValueType::Rate, .unit = "/s", .range = {.min = 0, .min_exclusive = true},
    .description = "requests per second of the whole population"};
inline constexpr Parameter client_write_fraction{
    .location = "/clients/*/write_fraction", .range = {.min = 0, .max = 1}, .by_default = Default::of(0),
    .description = "share of requests that are writes"};
inline constexpr Parameter client_resolvers{
    .location = "/clients/*/resolvers", .type = ValueType::Integer, .range = {.min = 1, .max = 1000},
    .by_default = Default::of(4), .source = "assumption",
    .description = "caching resolvers the population is spread over, each caching the DNS answer for the record's TTL "
                   "with its own phase, so that after a DNS change the clients move over gradually"};

// Topology: DNS.

inline constexpr Parameter dns_ttl{
    .location = "/dns/*/ttl", .type = ValueType::Duration, .unit = "s", .range = {.max = 2 * day},
    .by_default = Default::of(60),
    .source = "Route 53 Developer Guide: 60 seconds or less for failover records with health checks",
    .description = "how long resolvers cache an answer"};
inline constexpr Parameter dns_routing{
    .location = "/dns/*/routing", .type = ValueType::Text, .by_default = Default::named("failover"),
    .description = "`\"failover\"`: the primary while it is healthy, else the secondary; `\"weighted\"`: healthy "
                   "endpoints in proportion to their weights (Route 53 draws every query anew, so each resolver's "
                   "requests split exactly by the weights); `\"latency\"`: the healthy endpoint closest to each "
                   "client"};
inline constexpr Parameter endpoint_weight{
    .location = "/dns/*/endpoints/*/weight", .type = ValueType::Integer, .range = {.min = 0, .max = 255},
    .by_default = Default::of(1), .source = "range: Route 53 Developer Guide, weighted routing",
    .description = "weighted routing only; not every endpoint 0"};
inline constexpr double route53_intervals[]{10, 30};
inline constexpr Parameter health_check_interval{
    .location = "/dns/*/endpoints/*/health_check/interval", .type = ValueType::Duration, .unit = "s",
    .range = {.choices = route53_intervals}, .by_default = Default::of(30),
    .source = "Route 53 Developer Guide, how Route 53 determines whether a health check is healthy",
    .description = "time between two probes of a checker; the only intervals Route 53 offers"};
inline constexpr Parameter health_check_failure_threshold{
    .location = "/dns/*/endpoints/*/health_check/failure_threshold", .type = ValueType::Integer,
    .range = {.min = 1, .max = 10}, .by_default = Default::of(3), .source = "Route 53 Developer Guide, health checks",
    .description = "consecutive failed probes before the endpoint counts as unhealthy"};
inline constexpr Parameter health_check_deep{
    .location = "/dns/*/endpoints/*/health_check/deep", .type = ValueType::Boolean, .by_default = Default::of(false),
    .description = "`true`: the check also fails when the target's fleet cannot reach its database (a deep health "
                   "check page); `false`: only when the load balancer has no healthy targets or cannot be reached"};

// Topology: load balancers.

inline constexpr Parameter target_check_interval{
    .location = "/load_balancers/*/health_check/interval", .type = ValueType::Duration, .unit = "s",
    .range = {.min = 5, .max = 5 * minute}, .by_default = Default::of(30),
    .source = "Elastic Load Balancing, User Guide for Application Load Balancers: target group health checks",
    .description = "time between two checks of a target"};
inline constexpr Parameter target_check_healthy_threshold{
    .location = "/load_balancers/*/health_check/healthy_threshold", .type = ValueType::Integer,
    .range = {.min = 2, .max = 10}, .by_default = Default::of(5),
    .source = "Elastic Load Balancing, User Guide for Application Load Balancers: target group health checks",
    .description = "consecutive passed checks before a new target receives requests"};
inline constexpr Parameter target_check_unhealthy_threshold{
    .location = "/load_balancers/*/health_check/unhealthy_threshold", .type = ValueType::Integer,
    .range = {.min = 2, .max = 10}, .by_default = Default::of(2),
    .source = "Elastic Load Balancing, User Guide for Application Load Balancers: target group health checks",
    .description = "consecutive failed checks before a target stops receiving requests"};

// Topology: fleets.

inline constexpr Parameter capacity_min{
    .location = "/fleets/*/capacity/*/min", .type = ValueType::Integer, .range = {.min = 0, .max = 100000},
    .description = "the Auto Scaling group's minimum in that region; min <= desired <= max"};
inline constexpr Parameter capacity_desired{
    .location = "/fleets/*/capacity/*/desired", .type = ValueType::Integer, .range = {.min = 0, .max = 100000},
    .description = "the instances that run in that region; 0 runs nothing until a runbook step scales it"};
inline constexpr Parameter capacity_max{
    .location = "/fleets/*/capacity/*/max", .type = ValueType::Integer, .range = {.min = 0, .max = 100000},
    .description = "the Auto Scaling group's maximum in that region"};
inline constexpr Parameter requests_per_instance{
    .location = "/fleets/*/requests_per_instance", .type = ValueType::Rate, .unit = "/s",
    .range = {.min = 0, .min_exclusive = true}, .by_default = Default::of(100), .source = "assumption",
    .description = "requests per second one instance serves: a region serves at most its healthy instances times this"};
inline constexpr Parameter boot_time{
    .location = "/fleets/*/boot_time", .type = ValueType::Distribution, .unit = "m",
    .by_default = Default::of(5 * minute), .source = "assumption: no AWS figure exists, measure yours",
    .description = "from launch to passing the instance's own checks"};

// Topology: databases.

inline constexpr Parameter database_multi_writer{
    .location = "/databases/*/multi_writer", .type = ValueType::Boolean, .by_default = Default::of(false),
    .description = "every node accepts writes (active/active); only with engine `\"dynamodb-global\"`"};
inline constexpr Parameter database_size{
    .location = "/databases/*/size", .type = ValueType::Size, .unit = "GB", .by_default = Default::of(100 * gigabyte),
    .source = "assumption", .description = "data size: drives snapshot, copy and restore times"};
inline constexpr Parameter write_size{
    .location = "/databases/*/write_size", .type = ValueType::Size, .unit = "KB",
    .range = {.min = 0, .min_exclusive = true}, .by_default = Default::of(2 * kilobyte), .source = "assumption",
    .description = "bytes shipped to the replicas per write"};
inline constexpr Parameter database_ship_interval{
    .location = "/databases/*/ship_interval", .type = ValueType::Duration, .unit = "s",
    // Below 100 ms a replica catching up after an outage ships millions of batches a day for no change in its
    // figures: AWS's own replicas lag "typically less than a second".
    .range = {.min = 0.1}, .by_default = Default::of(1), .source = "assumption",
    .description = "asynchronous replicas receive the writes in batches this often"};
inline constexpr Parameter database_keys{
    .location = "/databases/*/keys", .type = ValueType::Integer,
    .range = {.min = 1, .max = 10000000}, .by_default = Default::of(1000000), .source = "assumption",
    .description = "multi-writer only: the items writes update; writers cut off from each other conflict on the keys "
                   "both wrote"};
inline constexpr Parameter database_key_skew{
    .location = "/databases/*/key_skew", .range = {.min = 0, .max = 5},
    .by_default = Default::of(0.99), .source = "YCSB's default request distribution (Zipf, constant 0.99)",
    .description = "multi-writer only: the Zipf exponent of the writes over the keys, key k (from 1) taking a share "
                   "in proportion to k^-skew; 0 spreads them evenly"};
inline constexpr Parameter failover_time{
    .location = "/databases/*/failover_time", .when = "engine \"rds\" or \"self-managed\"",
    .type = ValueType::Distribution, .unit = "s", .by_default = Default::uniform(60, 120),
    .source = "RDS User Guide, Multi-AZ failover: typically 60-120 seconds (self-managed: no vendor figure applies, "
              "set your own)",
    .description = "time to fail over to a synchronous replica in the same region when the primary is lost"};
inline constexpr Parameter aurora_failover_time{
    .location = "/databases/*/failover_time", .when = "engine \"aurora\" or \"aurora-global\"",
    .type = ValueType::Distribution, .unit = "s", .by_default = Default::uniform(30, 120),
    .source = "Aurora User Guide, high availability: less than 120 seconds, often less than 60",
    .description = "time to fail over to a replica in the same region when the primary is lost"};
inline constexpr Parameter promotion_time{
    .location = "/databases/*/promotion_time", .when = "engine \"rds\", \"aurora\" or \"self-managed\"",
    .type = ValueType::Distribution, .unit = "m", .by_default = Default::of(5 * minute),
    .source = "unconfirmed: AWS gives no figure for promoting a cross-region read replica",
    .description = "time to promote an asynchronous (cross-region) replica to a writer"};
inline constexpr Parameter aurora_global_promotion_time{
    .location = "/databases/*/promotion_time", .when = "engine \"aurora-global\"", .type = ValueType::Distribution,
    .unit = "s", .by_default = Default::uniform(30, 60),
    .source = "Aurora User Guide, Global Database: a secondary cluster is promoted in under a minute",
    .description = "time to promote a secondary region's cluster to the writer"};

// Topology: backups.

inline constexpr Parameter backup_kind{
    .location = "/backups/*/kind", .type = ValueType::Text, .by_default = Default::named("full"),
    .description = "`\"full\"`: each snapshot holds everything; `\"incremental\"`: each holds the changes since the "
                   "previous one"};
inline constexpr Parameter backup_every{
    .location = "/backups/*/every", .type = ValueType::Duration, .unit = "h", .range = {.min = minute},
    .by_default = Default::of(day), .source = "assumption: a daily snapshot", .description = "snapshot schedule"};
inline constexpr Parameter backup_log_interval{
    .location = "/backups/*/log_interval", .type = ValueType::Duration, .unit = "m",
    // RDS ships every 5 minutes; a log shipped more often than every minute is a unit slip, and each one costs events.
    .range = {.min = minute, .max = day}, .by_default = Default::absent("none: restores reach only the snapshots"),
    .description = "point-in-time recovery: transaction logs are shipped this often, so a restore can reach any point "
                   "up to the last shipped log; RDS ships them every 5 minutes (RDS User Guide, point-in-time "
                   "recovery)"};
inline constexpr Parameter backup_retention{
    .location = "/backups/*/retention", .type = ValueType::Duration, .unit = "d", .by_default = Default::of(7 * day),
    .source = "assumption (RDS automated backups allow 0 to 35 days)",
    .description = "how long snapshots are kept; at least `every`"};
inline constexpr Parameter backup_vaulted{
    .location = "/backups/*/vaulted", .type = ValueType::Boolean, .by_default = Default::of(false),
    .description = "held in a locked vault that ransomware cannot delete"};
inline constexpr Parameter restore_bandwidth{
    .location = "/backups/*/restore_bandwidth", .type = ValueType::Bandwidth, .unit = "Gbps",
    .by_default = Default::of(gigabit_per_second), .source = "unconfirmed",
    .description = "read rate of the backup store during a restore"};

// Topology: object stores.

inline constexpr Parameter object_write_rate{
    .location = "/object_stores/*/write_rate", .type = ValueType::Rate, .unit = "/s", .by_default = Default::of(10),
    .source = "assumption", .description = "objects written per second"};
inline constexpr Parameter object_size{
    .location = "/object_stores/*/object_size", .type = ValueType::Size, .unit = "MB",
    .range = {.min = 0, .min_exclusive = true}, .by_default = Default::of(megabyte), .source = "assumption",
    .description = "size of one object"};
inline constexpr Parameter object_ship_interval{
    .location = "/object_stores/*/ship_interval", .type = ValueType::Duration, .unit = "s",
    // Object replication is counted in minutes (S3 RTC: 15); below a second only the event count would change.
    .range = {.min = 1}, .by_default = Default::of(minute),
    .source = "assumption; S3 Replication Time Control replicates 99.9 % of objects within 15 minutes (S3 User Guide)",
    .description = "cross-region replication ships in batches this often"};

// Topology: queues.

inline constexpr Parameter queue_retention{
    .location = "/queues/*/retention", .type = ValueType::Duration, .unit = "d",
    .range = {.min = minute, .max = 14 * day}, .by_default = Default::of(4 * day),
    .source = "Amazon SQS API Reference, SetQueueAttributes: MessageRetentionPeriod defaults to 4 days, from 60 s to "
              "14 days",
    .description = "how long a message waits in the queue before SQS deletes it unread"};

// Topology: prices, USD.

// No cloud price comes near a million dollars per hour, gigabyte or month; a larger one is a slip of unit, and an
// unbounded one would make an infinite cost.
inline constexpr double most_usd_per_unit = 1e6;

inline constexpr Parameter price_date{
    .location = "/prices/date", .type = ValueType::Text, .by_default = Default::named("2026-01-01"),
    .description = "the day the prices were taken, `YYYY-MM-DD`"};
inline constexpr Parameter price_source{
    .location = "/prices/source", .type = ValueType::Text,
    .by_default = Default::named("aws-facts: us-east-1 on-demand, secondary sources"),
    .description = "where the prices come from, free text"};
inline constexpr Parameter instance_hour{
    .location = "/prices/instance_hour", .unit = "USD per hour", .range = {.min = 0, .max = most_usd_per_unit}, .by_default = Default::of(0.096),
    .source = "m5.large, us-east-1 on demand", .description = "one fleet instance"};
inline constexpr Parameter database_instance_hour{
    .location = "/prices/database_instance_hour", .unit = "USD per hour", .range = {.min = 0, .max = most_usd_per_unit},
    .by_default = Default::of(0.47), .source = "db.r6g.large Multi-AZ, us-east-1, unconfirmed",
    .description = "a database writer, its synchronous standby included (a Multi-AZ price)"};
inline constexpr Parameter database_replica_hour{
    .location = "/prices/database_replica_hour", .unit = "USD per hour", .range = {.min = 0, .max = most_usd_per_unit},
    .by_default = Default::of(0.235),
    .source = "assumption: a Single-AZ db.r6g.large, half the Multi-AZ figure (RDS bills Multi-AZ at twice the "
              "Single-AZ rate)",
    .description = "an asynchronous (read) replica"};
inline constexpr Parameter database_storage_gb_month{
    .location = "/prices/database_storage_gb_month", .unit = "USD per GB-month", .range = {.min = 0, .max = most_usd_per_unit},
    .by_default = Default::of(0.115), .source = "assumption: RDS gp3 Single-AZ, us-east-1 list price",
    .description = "database volume, on every node"};
inline constexpr Parameter storage_gb_month{
    .location = "/prices/storage_gb_month", .unit = "USD per GB-month", .range = {.min = 0, .max = most_usd_per_unit},
    .by_default = Default::of(0.023),
    .source = "S3 Standard, us-east-1 (RDS snapshot storage is priced higher: set your own)",
    .description = "backups (snapshots and logs)"};
inline constexpr Parameter transfer_gb{
    .location = "/prices/transfer_gb", .unit = "USD per GB", .range = {.min = 0, .max = most_usd_per_unit}, .by_default = Default::of(0.02),
    .source = "AWS inter-region data transfer", .description = "data sent between regions"};
inline constexpr Parameter health_check_month{
    .location = "/prices/health_check_month", .unit = "USD per month", .range = {.min = 0, .max = most_usd_per_unit},
    .by_default = Default::of(0.5), .source = "Route 53 health check of an AWS endpoint",
    .description = "one DNS health check"};
inline constexpr Parameter health_check_fast_interval_month{
    .location = "/prices/health_check_fast_interval_month", .unit = "USD per month",
    .range = {.min = 0, .max = most_usd_per_unit}, .by_default = Default::of(1.0),
    .source = "Route 53 pricing: an optional health check feature (fast interval) of an AWS endpoint",
    .description = "added to a DNS health check that probes every 10 s instead of 30 s"};
inline constexpr Parameter load_balancer_hour{
    .location = "/prices/load_balancer_hour", .unit = "USD per hour", .range = {.min = 0, .max = most_usd_per_unit},
    .by_default = Default::of(0.0225), .source = "ALB hourly charge, us-east-1 (LCU charges not modelled)",
    .description = "one load balancer"};

// Scenario: settings.

inline constexpr Parameter horizon{
    .file = InputFile::Scenario, .location = "/horizon", .type = ValueType::Duration, .unit = "h",
    .range = {.min = 0, .max = 100 * seconds_per_year, .min_exclusive = true}, .by_default = Default::of(day),
    .description = "simulated length of each drill; a drill not recovered by then is reported as unrecovered"};
inline constexpr Parameter runs{
    .file = InputFile::Scenario, .location = "/runs", .type = ValueType::Integer,
    .range = {.min = 1, .max = 10'000'000}, .by_default = Default::of(100),
    .description = "Monte Carlo runs per strategy (`drsim compare --runs` overrides it)"};
inline constexpr Parameter seed{
    .file = InputFile::Scenario, .location = "/seed", .type = ValueType::Unsigned, .by_default = Default::of(1),
    .description = "base seed; the same seed gives the same results, byte for byte (`--seed` overrides it)"};
inline constexpr Parameter cost_of_downtime_per_minute{
    .file = InputFile::Scenario, .location = "/cost_of_downtime_per_minute", .unit = "USD per minute",
    .range = {.min = 0, .max = max_quantity}, .by_default = Default::absent("none"),
    .description = "what a minute of the whole service down costs; adds `cost.downtime_usd` to the report"};
inline constexpr Parameter cost_per_lost_write{
    .file = InputFile::Scenario, .location = "/cost_per_lost_write", .unit = "USD",
    .range = {.min = 0, .max = max_quantity}, .by_default = Default::absent("none"),
    .description = "what one lost acknowledged write costs; adds `cost.lost_data_usd` to the report"};
inline constexpr Parameter success_threshold{
    .file = InputFile::Scenario, .location = "/recovery/success_threshold",
    .range = {.min = 0, .max = 1, .min_exclusive = true}, .by_default = Default::of(0.99),
    .source = "drsim's definition of recovered",
    .description = "the success ratio every client population must reach again"};
inline constexpr Parameter recovery_window{
    .file = InputFile::Scenario, .location = "/recovery/window", .type = ValueType::Duration, .unit = "s",
    .range = {.min = 0, .min_exclusive = true}, .by_default = Default::of(minute),
    .source = "drsim's definition of recovered",
    .description = "how long every population must stay at or above the threshold"};

// Scenario: faults, random failures and common-cause events.

inline constexpr Parameter fault_onset{
    .file = InputFile::Scenario, .location = "/faults/*/onset", .type = ValueType::Distribution, .unit = "m",
    .by_default = Default::of(10 * minute),
    .description = "time from the drill's start; before the horizon when fixed"};
inline constexpr Parameter fault_duration{
    .file = InputFile::Scenario, .location = "/faults/*/duration", .type = ValueType::Distribution, .unit = "h",
    .range = {.min = 0, .min_exclusive = true}, .by_default = Default::absent("none: the fault lasts past the horizon"),
    .description = "how long the fault lasts; the range applies to a fixed duration"};
inline constexpr Parameter fault_count{
    .file = InputFile::Scenario, .location = "/faults/*/count", .type = ValueType::Integer,
    .range = {.min = 1, .max = 100000}, .by_default = Default::of(1),
    .description = "`instance-loss` only: how many instances"};
inline constexpr Parameter fault_detection{
    .file = InputFile::Scenario, .location = "/faults/*/detection", .type = ValueType::Distribution, .unit = "m",
    .by_default = Default::absent("none: found at once"),
    .description = "`data-corruption` only: how long the corruption stays silent. Until a detector finds it (a "
                   "validation job every N minutes: `{\"uniform\": [\"0s\", \"Nm\"]}`; a customer's report: its "
                   "delay), requests succeed and serve corrupt data; from then on every request that reads it fails, "
                   "and a runbook that detects by the success ratio starts"};
inline constexpr Parameter mtbf{
    .file = InputFile::Scenario, .location = "/random_failures/*/mtbf", .type = ValueType::Duration, .unit = "h",
    .range = {.min = 0, .min_exclusive = true},
    .by_default = Default::absent("one of `mtbf` and `time_to_failure` is required"),
    .description = "mean time between failures: the time from a repair (or the start) to the next failure is "
                   "exponential with this mean"};
inline constexpr Parameter time_to_failure{
    .file = InputFile::Scenario, .location = "/random_failures/*/time_to_failure", .type = ValueType::Distribution,
    .unit = "h", .range = {.min = 0, .min_exclusive = true},
    .by_default = Default::absent("one of `mtbf` and `time_to_failure` is required"),
    .description = "the time from a repair (or the start) to the next failure; the range applies to its mean"};
inline constexpr Parameter repair{
    .file = InputFile::Scenario, .location = "/random_failures/*/repair", .type = ValueType::Distribution, .unit = "m",
    .range = {.min = 0, .min_exclusive = true},
    .description = "how long each failure lasts; the range applies to its mean"};
// The highest rate is far above any real one (AZ events come a few times a year), yet it bounds what a run draws: a
// century at this rate is a million events per target.
inline constexpr Parameter rate_per_year{
    .file = InputFile::Scenario, .location = "/common_cause/*/rate_per_year", .unit = "events per year",
    .range = {.min = 0, .max = 10000, .min_exclusive = true},
    .description = "events per year for each target (a year is 365.25 days)"};
inline constexpr Parameter event_duration{
    .file = InputFile::Scenario, .location = "/common_cause/*/duration", .type = ValueType::Distribution, .unit = "h",
    .range = {.min = 0, .min_exclusive = true},
    .description = "how long each outage lasts; the range applies to its mean"};
inline constexpr Parameter blip{
    .file = InputFile::Scenario, .location = "/common_cause/*/blip", .type = ValueType::Distribution, .unit = "s",
    .range = {.min = 0, .min_exclusive = true}, .by_default = Default::absent("none"),
    .description = "a brief disruption at each event's onset: the load balancers of the region fail every request for "
                   "this long; the range applies to its mean"};

// Scenario: strategy presets. AWS publishes no human response times: the defaults are assumptions.

inline constexpr Parameter page_time{
    .file = InputFile::Scenario, .location = "/strategies/*/preset_parameters/page_time",
    .type = ValueType::Distribution, .unit = "m", .by_default = Default::lognormal(5 * minute, 15 * minute),
    .source = "assumption: an on-call engineer acknowledges a page in minutes",
    .description = "all presets but active-active: from the alarm to the on-call engineer acting"};
inline constexpr Parameter decide_time{
    .file = InputFile::Scenario, .location = "/strategies/*/preset_parameters/decide_time",
    .when = "preset \"backup-restore\" or \"pilot-light\"", .type = ValueType::Distribution, .unit = "m",
    .by_default = Default::lognormal(10 * minute, 30 * minute),
    .source = "assumption: a failover decision with the business takes longer than a page",
    .description = "all presets but active-active: the decision to invoke DR"};
inline constexpr Parameter warm_standby_decide_time{
    .file = InputFile::Scenario, .location = "/strategies/*/preset_parameters/decide_time",
    .when = "preset \"warm-standby\"", .type = ValueType::Distribution, .unit = "m",
    .by_default = Default::lognormal(3 * minute, 10 * minute),
    .source = "assumption: a warm standby's failover is rehearsed and pre-approved",
    .description = "the decision to invoke DR"};
inline constexpr Parameter verify_time{
    .file = InputFile::Scenario, .location = "/strategies/*/preset_parameters/verify_time",
    .type = ValueType::Distribution, .unit = "m", .by_default = Default::of(5 * minute),
    .source = "assumption: a smoke test of the recovered application",
    .description = "backup-restore and pilot-light: checking the service before declaring it recovered"};
inline constexpr Parameter preset_promotion_time{
    .file = InputFile::Scenario, .location = "/strategies/*/preset_parameters/promotion_time",
    .type = ValueType::Distribution, .unit = "m", .by_default = Default::absent("the database's own"),
    .description = "pilot-light and warm-standby: sets the promoted databases' `promotion_time`"};
inline constexpr Parameter standby_share{
    .file = InputFile::Scenario, .location = "/strategies/*/preset_parameters/standby_share",
    .range = {.min = 0, .max = 1, .min_exclusive = true}, .by_default = Default::of(1.0 / 3),
    .source = "assumption: the whitepaper's standby is \"scaled down\" without a figure",
    .description = "warm-standby: the recovery region runs this share of the primary's desired capacity (at least one "
                   "instance)"};
inline constexpr Parameter preset_routing{
    .file = InputFile::Scenario, .location = "/strategies/*/preset_parameters/routing", .type = ValueType::Text,
    .by_default = Default::named("weighted"),
    .description = "active-active: `\"weighted\"` (1:1) or `\"latency\"` routing over every endpoint"};
inline constexpr Parameter detect_below{
    .file = InputFile::Scenario, .location = "/strategies/*/preset_parameters/detect_below",
    .range = {.min = 0, .max = 1, .min_exclusive = true},
    .by_default = Default::absent("none: the Route 53 health check"),
    .description = "all presets: detect by the clients' success ratio falling below this fraction instead (an "
                   "error-rate alarm), for faults a health check does not see"};

// Scenario: runbook steps and objectives.

inline constexpr Parameter step_manual{
    .file = InputFile::Scenario, .location = "/strategies/*/runbook/steps/*/manual", .type = ValueType::Boolean,
    .by_default = Default::of(false),
    .description = "done by a person (paged, deciding, typing a command) rather than automation"};
inline constexpr Parameter step_delay{
    .file = InputFile::Scenario, .location = "/strategies/*/runbook/steps/*/delay", .type = ValueType::Distribution,
    .unit = "s", .by_default = Default::of(0),
    .description = "response or execution time before the action takes effect: for manual steps, the human response "
                   "time"};
inline constexpr Parameter success_ratio_below{
    .file = InputFile::Scenario, .location = "/strategies/*/runbook/steps/*/on/success_ratio_below",
    .range = {.min = 0, .max = 1, .min_exclusive = true},
    .by_default = Default::absent("none: `on` has `health_check_of` instead"),
    .description = "`detect` only: finish when the clients' success ratio falls below this fraction"};
inline constexpr Parameter scale_desired{
    .file = InputFile::Scenario, .location = "/strategies/*/runbook/steps/*/desired", .type = ValueType::Integer,
    .range = {.min = 0, .max = 100000},
    .description = "`scale` only: the fleet's new desired capacity in the region; within the region's `min` and `max`, as Auto Scaling refuses others (SetDesiredCapacity)"};
inline constexpr Parameter resync_max_lag{
    .file = InputFile::Scenario, .location = "/strategies/*/runbook/steps/*/max_lag", .type = ValueType::Duration,
    .unit = "s", .range = {.min = 0, .max = 86400}, .by_default = Default::of(1),
    .source = "assumption: the lag of a secondary in sync, \"typically less than 1 second\" on Aurora Global Database "
              "(Aurora UG, Global Database)",
    .description = "`resync` only: the step is done once the node holds every write committed this long ago"};
inline constexpr Parameter switch_over_freeze{
    .file = InputFile::Scenario, .location = "/strategies/*/runbook/steps/*/freeze", .type = ValueType::Boolean,
    .by_default = Default::of(true),
    .description = "`switch-over` only: hold the writes until the node holds every acknowledged one (a planned "
                   "switch-over, losing none); false: switch at once, losing what has not reached it yet"};
inline constexpr Parameter objective_stat{
    .file = InputFile::Scenario, .location = "/objectives/*/stat", .type = ValueType::Text,
    .by_default = Default::named("p95"),
    .description = "the statistic over the runs: `\"p50\"`, `\"p95\"`, `\"p99\"`, `\"max\"` or `\"mean\"`"};
inline constexpr Parameter availability_target{
    .file = InputFile::Scenario, .location = "/objectives/*/target", .when = "metric \"availability\"",
    .range = {.min = 0, .max = 1}, .description = "the lowest share of successful requests allowed"};
inline constexpr Parameter count_target{
    .file = InputFile::Scenario, .location = "/objectives/*/target",
    .when = "metric \"lost_writes\", \"monthly_cost\" or \"downtime_min_per_month\"",
    .range = {.min = 0, .max = max_quantity}, .description = "the highest count, USD or minutes a month allowed"};

#pragma GCC diagnostic pop

// clang-format on

} // namespace parameters
} // namespace drsim
