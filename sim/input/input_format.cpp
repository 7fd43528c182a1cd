#include "sim/input/input_format.hpp"

#include <algorithm>
#include <span>

#include "sim/core/scenario.hpp"
#include "sim/core/topology.hpp"
#include "sim/input/limits.hpp"

namespace drsim::format {

namespace {

bool applies(const Key& key, std::string_view variant) {
  return key.only.empty() || std::find(key.only.begin(), key.only.end(), variant) != key.only.end();
}

// The values the discriminator of `object` may take, when it is one of the object's own keys.
std::vector<std::string> discriminator_values(const Node& object) {
  for (const auto& key : object.keys)
    if (key.key() == object.discriminator.key && key.value != nullptr && key.value->names != nullptr)
      return key.value->names();
  return {};
}

} // namespace

KeyLists key_lists(const Node& object, std::optional<std::string_view> variant) {
  KeyLists lists;
  std::vector<std::string_view> seen;
  for (const auto& key : object.keys) {
    const auto name = key.key();
    if (std::find(seen.begin(), seen.end(), name) != seen.end())
      continue;
    seen.push_back(name);
    // Every declaration of the key: one per case when what it holds depends on the discriminator.
    std::vector<const Key*> cases;
    for (const auto& other : object.keys)
      if (other.key() == name)
        cases.push_back(&other);
    bool allowed = false, required = false;
    if (variant) {
      for (const Key* entry : cases)
        if (applies(*entry, *variant)) {
          allowed = true;
          required = required || entry->required;
        }
    } else {
      // Unknown or absent: every key is allowed, and required where it is required whatever the value.
      allowed = true;
      const bool always = std::all_of(cases.begin(), cases.end(), [](const Key* entry) { return entry->required; });
      std::vector<std::string_view> covered;
      bool unconditional = false;
      for (const Key* entry : cases) {
        unconditional = unconditional || entry->only.empty();
        covered.insert(covered.end(), entry->only.begin(), entry->only.end());
      }
      const auto values = discriminator_values(object);
      const bool covers = !values.empty() && std::all_of(values.begin(), values.end(), [&](const std::string& value) {
        return std::find(covered.begin(), covered.end(), value) != covered.end();
      });
      required = always && (unconditional || covers);
    }
    if (allowed)
      (required ? lists.required : lists.optional).push_back(name);
  }
  return lists;
}

std::string_view unit_names(Quantity quantity) {
  switch (quantity) {
  case Quantity::Duration:
    return "ms|s|m|h|d|w";
  case Quantity::Size:
    return "B|KB|MB|GB|TB|KiB|MiB|GiB|TiB";
  case Quantity::Bandwidth:
    return "bps|Kbps|Mbps|Gbps|Tbps|Bps|KBps|MBps|GBps";
  case Quantity::Rate:
    return "/s|/m|/h";
  }
  return "";
}

std::string quantity_pattern(Quantity quantity, bool positive) {
  // Bandwidth may not be zero.
  positive = positive || quantity == Quantity::Bandwidth;
  const std::string units(unit_names(quantity));
  // units.cpp's number: digits, an optional fraction with digits, an optional exponent. A minus sign is allowed
  // only on a zero (the value must not be negative), and a positive quantity has a non-zero digit before its
  // exponent.
  const std::string exponent = "([eE][+-]?[0-9]+)?";
  const std::string number = positive ? "([0-9]*[1-9][0-9]*(\\.[0-9]+)?|[0-9]+\\.[0-9]*[1-9][0-9]*)" + exponent
                                      : "(-?0+(\\.0+)?|[0-9]+(\\.[0-9]+)?)" + exponent;
  return "^" + number + " *(" + units + ")$";
}

// A declaration names the members it sets and leaves the others to their initialisers, which g++ 12 reports under
// -Wextra as missing initialisers (as in parameters.hpp).
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

namespace {

using namespace parameters;
namespace t = topology_objects;
namespace s = scenario_objects;

// clang-format off

// Values used in many places.
const Node name_node{.type = Type::Name, .description = "a name: a non-empty string of printable characters"};
const Node text_node{.type = Type::Text, .description = "free text"};
const Node marker_node{.type = Type::Marker, .description = "the format version: 1"};
const Node names_node{.type = Type::Array, .description = "names, each at most once", .element = &name_node,
                      .unique = true};
const Node duration_node{.type = Type::Duration, .description = "a duration"};
const Node positive_duration{.type = Type::Duration, .description = "a duration greater than zero", .positive = true};
const Node schema_node{.type = Type::Text,
                       .description = "the JSON Schema this file follows, for editors (`drsim schema`); drsim "
                                      "ignores it"};

constexpr std::string_view schema_key = "$schema";

// Topology.

const Node region_names{.type = Type::Array, .description = "AZ names, each at most once", .element = &name_node,
                        .min_items = 1, .max_items = limits::azs_per_region, .unique = true};
constexpr Key region_keys[]{
    {.name = "name", .value = &name_node, .required = true,
     .description = "the region's name (any string; a data centre can be modelled as a region with one AZ)"},
    {.name = "azs", .value = &region_names, .required = true,
     .description = "its availability zones, at least one; AZ names are unique across the whole topology"},
};

const Node location_names{.type = Type::Array, .description = "user location names, each at most once",
                          .element = &name_node, .max_items = limits::locations, .unique = true};

constexpr Key intra_region_keys[]{{.parameter = &intra_region_latency}, {.parameter = &intra_region_bandwidth}};
constexpr Key internet_keys[]{{.parameter = &internet_latency}, {.parameter = &internet_bandwidth}};
const Node link_ends{.type = Type::Array, .description = "two different regions or user locations",
                     .element = &name_node, .min_items = 2, .max_items = 2, .unique = true};
constexpr Key link_keys[]{
    {.name = "between", .value = &link_ends, .required = true,
     .description = "the two regions or user locations the link joins"},
    {.parameter = &internet_latency, .required = true, .description = "one-way latency of the link"},
    {.parameter = &internet_bandwidth, .required = true, .description = "bandwidth of the link"},
};
const Node links_node{.type = Type::Array, .element = &t::link, .max_items = limits::links};
constexpr Key network_keys[]{
    {.name = "intra_region", .value = &t::intra_region, .description = "between two AZs of the same region"},
    {.name = "internet", .value = &t::internet,
     .description = "between any two regions or locations that have no entry in `links`"},
    {.name = "links", .value = &links_node,
     .description = "explicit links between two regions, two locations, or a location and a region"},
};

constexpr Key client_keys[]{
    {.name = "name", .value = &name_node, .required = true, .description = "the population's name"},
    {.name = "location", .value = &name_node, .required = true, .description = "a user location or a region"},
    {.name = "dns_record", .value = &name_node, .required = true,
     .description = "the name of a DNS record in `dns`, which the clients resolve before every request"},
    {.parameter = &client_rate, .required = true},
    {.parameter = &client_write_fraction},
    {.parameter = &client_resolvers},
};

const Node routing_node{.type = Type::Enum, .names = [] { return written_names<Routing>(); }};
constexpr std::string_view failover_only[]{"failover"};
constexpr std::string_view weighted_only[]{"weighted"};
constexpr Key endpoint_health_check_keys[]{
    {.parameter = &health_check_interval}, {.parameter = &health_check_failure_threshold},
    {.parameter = &health_check_deep}};
constexpr Key endpoint_keys[]{
    {.name = "target", .value = &name_node, .required = true, .description = "a load balancer"},
    {.name = "role", .value = &t::endpoint_role, .required = true,
     .description = "failover routing only: `\"primary\"` or `\"secondary\"`; a failover record needs exactly one "
                    "primary and at most one secondary",
     .only = failover_only},
    {.parameter = &endpoint_weight, .only = weighted_only},
    {.name = "health_check", .value = &t::endpoint_health_check,
     .description = "a Route 53 health check of the target; without one the endpoint is always considered healthy "
                    "and traffic moves only when a runbook step switches the record"},
};
const Node endpoints_node{.type = Type::Array, .element = &t::endpoint, .min_items = 1,
                          .max_items = limits::endpoints_per_record};
constexpr Key dns_keys[]{
    {.name = "name", .value = &name_node, .required = true, .description = "the DNS name"},
    {.name = "endpoints", .value = &endpoints_node, .required = true, .description = "at least one endpoint"},
    {.parameter = &dns_ttl},
    {.parameter = &dns_routing, .value = &routing_node},
};

constexpr Key target_health_check_keys[]{
    {.parameter = &target_check_interval}, {.parameter = &target_check_healthy_threshold},
    {.parameter = &target_check_unhealthy_threshold}};
const Node lb_azs{.type = Type::Array, .description = "AZ names, each at most once", .element = &name_node,
                  .unique = true};
constexpr Key load_balancer_keys[]{
    {.name = "name", .value = &name_node, .required = true, .description = "the load balancer's name"},
    {.name = "region", .value = &name_node, .required = true, .description = "a region"},
    {.name = "fleet", .value = &name_node, .required = true,
     .description = "the fleet whose instances in this region are its targets; the fleet must have a `capacity` "
                    "entry for this region"},
    {.name = "azs", .value = &lb_azs,
     .description = "the AZs it is enabled in, each in `region`; default: every AZ of the region"},
    {.name = "health_check", .value = &t::target_health_check,
     .description = "how it checks its targets; default: the ALB defaults"},
};

constexpr Key capacity_keys[]{{.parameter = &capacity_min, .required = true},
                              {.parameter = &capacity_desired, .required = true},
                              {.parameter = &capacity_max, .required = true}};
const Node capacities{.type = Type::Map,
                      .description = "region name -> the fleet's Auto Scaling group there; at least one region",
                      .element = &t::capacity, .min_items = 1};
constexpr Key fleet_keys[]{
    {.name = "name", .value = &name_node, .required = true, .description = "the fleet's name"},
    {.name = "capacity", .value = &capacities, .required = true,
     .description = "at least one region: region name -> `{\"min\", \"desired\", \"max\"}` (an Auto Scaling group "
                    "per region); a region with `{\"min\": 0, \"desired\": 0, \"max\": N}` runs nothing until a "
                    "runbook step scales it"},
    {.parameter = &requests_per_instance},
    {.parameter = &boot_time},
    {.name = "depends_on", .value = &names_node,
     .description = "databases, object stores and queues the instances need in order to serve"},
};

const Node engine_node{.type = Type::Enum, .names = [] { return written_names<DatabaseEngine>(); }};
const Node mode_node{.type = Type::Enum, .names = [] { return written_names<ReplicationMode>(); }};
constexpr Key primary_keys[]{
    {.name = "region", .value = &name_node, .required = true, .description = "the region of the writer"},
    {.name = "az", .value = &name_node, .required = true, .description = "its AZ, one of the region's"},
};
constexpr Key replica_keys[]{
    {.name = "name", .value = &name_node, .required = true,
     .description = "unique within the database, and not \"primary\""},
    {.name = "region", .value = &name_node, .required = true, .description = "the replica's region"},
    {.name = "az", .value = &name_node, .required = true, .description = "its AZ, one of the region's"},
    {.name = "mode", .value = &mode_node, .required = true,
     .description = "`\"sync\"`: in the primary's region, another AZ, no write lost; `\"async\"`: shipped every "
                    "`ship_interval`"},
};
const Node replicas_node{.type = Type::Array, .element = &t::replica, .max_items = limits::replicas_per_database};
constexpr Key database_keys_table[]{
    {.name = "name", .value = &name_node, .required = true, .description = "the database's name"},
    {.name = "engine", .value = &engine_node, .required = true,
     .description = "sets the defaults of `failover_time` and `promotion_time`"},
    {.name = "primary", .value = &t::primary, .required = true,
     .description = "where the writer runs: `{\"region\": ..., \"az\": ...}`"},
    {.name = "replicas", .value = &replicas_node, .description = "the database's replicas"},
    {.parameter = &database_multi_writer},
    {.parameter = &database_size},
    {.parameter = &write_size},
    {.parameter = &database_ship_interval},
    {.parameter = &database_keys},
    {.parameter = &database_key_skew},
    {.parameter = &failover_time},
    {.parameter = &promotion_time},
};

constexpr Key object_store_keys[]{
    {.name = "name", .value = &name_node, .required = true, .description = "the object store's name"},
    {.name = "region", .value = &name_node, .required = true, .description = "a region"},
    {.name = "replicate_to", .value = &names_node, .description = "regions receiving cross-region replication"},
    {.parameter = &object_write_rate},
    {.parameter = &object_size},
    {.parameter = &object_ship_interval},
};

const Node queue_regions{.type = Type::Array, .description = "region names, each at most once", .element = &name_node,
                         .min_items = 1, .max_items = limits::regions, .unique = true};
constexpr Key queue_keys[]{
    {.name = "name", .value = &name_node, .required = true, .description = "the queue's name"},
    {.name = "regions", .value = &queue_regions, .required = true,
     .description = "at least one region; one copy of the queue in each"},
    {.name = "consumer", .value = &name_node, .required = true,
     .description = "the fleet that reads the messages, from the copy of its own region"},
    {.parameter = &queue_retention},
};

const Node backup_kind_node{.type = Type::Enum, .names = [] { return written_names<BackupKind>(); }};
constexpr Key backup_keys[]{
    {.name = "name", .value = &name_node, .required = true, .description = "the backup's name"},
    {.name = "source", .value = &name_node, .required = true, .description = "a database or an object store"},
    {.parameter = &backup_kind, .value = &backup_kind_node},
    {.parameter = &backup_every},
    {.parameter = &backup_log_interval},
    {.parameter = &backup_retention},
    {.name = "copy_to", .value = &names_node,
     .description = "regions that receive a copy of every snapshot; each differs from the source's region"},
    {.parameter = &backup_vaulted},
    {.parameter = &restore_bandwidth},
};

const Node date_node{.type = Type::Text, .description = "a date, YYYY-MM-DD",
                     .pattern = "[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"};
constexpr Key prices_keys[]{
    {.parameter = &price_date, .value = &date_node}, {.parameter = &price_source, .value = &text_node},
    {.parameter = &instance_hour}, {.parameter = &database_instance_hour}, {.parameter = &database_replica_hour},
    {.parameter = &database_storage_gb_month}, {.parameter = &storage_gb_month}, {.parameter = &transfer_gb},
    {.parameter = &health_check_month}, {.parameter = &health_check_fast_interval_month},
    {.parameter = &load_balancer_hour},
};

const Node regions_node{.type = Type::Array, .element = &t::region, .min_items = 1, .max_items = limits::regions};
const Node clients_node{.type = Type::Array, .element = &t::client, .min_items = 1,
                        .max_items = limits::client_populations};
const Node dns_node{.type = Type::Array, .element = &t::dns_record, .max_items = limits::dns_records};
const Node load_balancers_node{.type = Type::Array, .element = &t::load_balancer, .max_items = limits::load_balancers};
const Node fleets_node{.type = Type::Array, .element = &t::fleet, .max_items = limits::fleets};
const Node databases_node{.type = Type::Array, .element = &t::database, .max_items = limits::databases};
const Node backups_node{.type = Type::Array, .element = &t::backup, .max_items = limits::backups};
const Node object_stores_node{.type = Type::Array, .element = &t::object_store, .max_items = limits::object_stores};
const Node queues_node{.type = Type::Array, .element = &t::queue, .max_items = limits::queues};
constexpr Key topology_keys[]{
    {.name = "drsim_topology", .value = &marker_node, .required = true,
     .description = "format marker of a topology file; must be 1"},
    {.name = "name", .value = &name_node, .required = true, .description = "the topology's name"},
    {.name = "regions", .value = &regions_node, .required = true, .description = "at least one region"},
    {.name = "clients", .value = &clients_node, .required = true, .description = "at least one client population"},
    {.name = schema_key, .value = &schema_node},
    {.name = "description", .value = &text_node, .description = "free text, for people"},
    {.name = "locations", .value = &location_names,
     .description = "user locations: where clients are, outside any region (e.g. \"north-america\"); unique, and "
                    "not the name of a region"},
    {.name = "network", .value = &t::network,
     .description = "latency and bandwidth between zones, regions and locations"},
    {.name = "dns", .value = &dns_node, .description = "DNS records"},
    {.name = "load_balancers", .value = &load_balancers_node, .description = "load balancers"},
    {.name = "fleets", .value = &fleets_node, .description = "application fleets"},
    {.name = "databases", .value = &databases_node, .description = "databases"},
    {.name = "backups", .value = &backups_node, .description = "backups of databases and object stores"},
    {.name = "object_stores", .value = &object_stores_node, .description = "object stores"},
    {.name = "queues", .value = &queues_node, .description = "message queues"},
    {.name = "prices", .value = &t::prices, .description = "the price table for cost, USD"},
};

// Scenario.

constexpr Key recovery_keys[]{{.parameter = &success_threshold}, {.parameter = &recovery_window}};

const Node fault_kind_node{.type = Type::Enum, .names = [] { return written_names<FaultKind>(); }};
constexpr std::string_view instance_loss_only[]{"instance-loss"};
constexpr std::string_view network_partition_only[]{"network-partition"};
constexpr std::string_view data_corruption_only[]{"data-corruption"};
constexpr Key fault_keys[]{
    {.name = "kind", .value = &fault_kind_node, .required = true,
     .description = "what fails (README, Faults); the kind decides what `target` names"},
    {.name = "target", .value = &name_node, .required = true,
     .description = "what fails: a region, an AZ, a fleet, a database or a backup, as `kind` says"},
    {.parameter = &fault_onset},
    {.parameter = &fault_duration},
    {.name = "region", .value = &name_node, .required = true,
     .description = "`instance-loss` only: where the instances are lost, a region where the fleet has capacity",
     .only = instance_loss_only},
    {.parameter = &fault_count, .only = instance_loss_only},
    {.name = "peer", .value = &name_node, .required = true,
     .description = "`network-partition` only: the region on the other side", .only = network_partition_only},
    {.parameter = &fault_detection, .only = data_corruption_only},
};

const Node failure_kind_node{.type = Type::Enum, .names = [] { return written_names<FailureTarget>(); }};
constexpr std::string_view failure_times[]{"mtbf", "time_to_failure"};
constexpr Key random_failure_keys[]{
    {.name = "kind", .value = &failure_kind_node, .required = true,
     .description = "what fails at random: every instance of a fleet, every node of a database, every load "
                    "balancer or every queue copy"},
    {.parameter = &repair, .required = true},
    {.name = "component", .value = &name_node,
     .description = "the one fleet, database, load balancer or queue that fails; default: every one of the kind"},
    {.parameter = &mtbf},
    {.parameter = &time_to_failure},
};

const Node common_cause_kind_node{.type = Type::Enum,
                                  .names = [] { return written_names<FaultKind>(common_cause_kind); }};
const Node event_targets{.type = Type::Array, .description = "AZ or region names, each at most once",
                         .element = &name_node, .min_items = 1, .unique = true};
constexpr Key common_cause_keys[]{
    {.name = "kind", .value = &common_cause_kind_node, .required = true,
     .description = "what the event takes down, as the fault of the same kind"},
    {.parameter = &rate_per_year, .required = true},
    {.parameter = &event_duration, .required = true},
    {.name = "targets", .value = &event_targets,
     .description = "the AZs or regions the event strikes, each independently; default: every AZ or region of the "
                    "strategy's topology"},
    {.parameter = &blip},
};

const Node preset_node{.type = Type::Enum, .names = [] { return written_names<Preset>(); }};
const Node active_routing_node{.type = Type::Enum, .names = [] { return std::vector<std::string>{"weighted", "latency"}; }};
constexpr std::string_view human_presets[]{"backup-restore", "pilot-light", "warm-standby"};
constexpr std::string_view verifying_presets[]{"backup-restore", "pilot-light"};
constexpr std::string_view promoting_presets[]{"pilot-light", "warm-standby"};
constexpr std::string_view warm_standby_only[]{"warm-standby"};
constexpr std::string_view active_active_only[]{"active-active"};
constexpr Key preset_parameter_keys[]{
    {.parameter = &detect_below},
    {.parameter = &page_time, .only = human_presets},
    {.parameter = &decide_time, .only = human_presets},
    {.parameter = &verify_time, .only = verifying_presets},
    {.parameter = &preset_promotion_time, .only = promoting_presets},
    {.parameter = &standby_share, .only = warm_standby_only},
    {.parameter = &preset_routing, .value = &active_routing_node, .only = active_active_only},
};

const Node step_action_node{.type = Type::Enum, .names = [] { return written_names<StepAction>(); }};
constexpr std::string_view detect_only[]{"detect"};
constexpr std::string_view wait_healthy_only[]{"wait-healthy"};
constexpr std::string_view on_a_database[]{"promote", "restore", "resync", "switch-over"};
constexpr std::string_view on_a_node[]{"promote", "resync", "switch-over"};
constexpr std::string_view resync_only[]{"resync"};
constexpr std::string_view switch_over_only[]{"switch-over"};
constexpr std::string_view scale_only[]{"scale"};
constexpr std::string_view scale_restore[]{"scale", "restore"};
constexpr std::string_view switch_dns_only[]{"switch-dns"};
constexpr std::string_view restore_only[]{"restore"};
constexpr std::string_view detections[]{"health_check_of", "success_ratio_below"};
constexpr Key on_keys[]{
    {.name = "health_check_of", .value = &name_node,
     .description = "a load balancer: the step finishes when its DNS health check fails"},
    {.parameter = &success_ratio_below},
};
constexpr Key healthy_on_keys[]{
    {.name = "health_check_of", .value = &name_node, .required = true,
     .description = "a load balancer with a Route 53 health check: the step finishes when the check passes again"},
};
constexpr Key step_keys[]{
    {.name = "id", .value = &name_node, .required = true, .description = "unique within the runbook"},
    {.name = "action", .value = &step_action_node, .required = true,
     .description = "what the step does (README, Runbook steps); the action decides its other keys"},
    {.parameter = &step_manual},
    {.parameter = &step_delay},
    {.name = "after", .value = &names_node,
     .description = "ids of the steps that must finish first (no cycles); default: the previous step"},
    {.name = "on", .value = &s::on, .required = true,
     .description = "`{\"health_check_of\": LOAD_BALANCER}` or `{\"success_ratio_below\": FRACTION}`",
     .only = detect_only},
    {.name = "on", .value = &s::healthy_on, .required = true,
     .description = "`{\"health_check_of\": LOAD_BALANCER}`, whose check must pass again",
     .only = wait_healthy_only},
    {.name = "database", .value = &name_node, .required = true,
     .description = "`promote`, `restore`, `resync`, `switch-over`: the database", .only = on_a_database},
    {.name = "replica", .value = &name_node, .required = true,
     .description = "`promote`: the replica to promote; `resync`, `switch-over`: the node failed back to "
                    "(\"primary\" or a replica)",
     .only = on_a_node},
    {.parameter = &resync_max_lag, .only = resync_only},
    {.parameter = &switch_over_freeze, .only = switch_over_only},
    {.name = "fleet", .value = &name_node, .required = true, .description = "`scale` only: the fleet",
     .only = scale_only},
    {.name = "region", .value = &name_node, .required = true, .description = "`scale`, `restore`: the region",
     .only = scale_restore},
    {.parameter = &scale_desired, .required = true, .only = scale_only},
    {.name = "record", .value = &name_node, .required = true, .description = "`switch-dns` only: the DNS record",
     .only = switch_dns_only},
    {.name = "to", .value = &name_node, .required = true,
     .description = "`switch-dns` only: the load balancer to point the record at", .only = switch_dns_only},
    {.name = "backup", .value = &name_node, .required = true,
     .description = "`restore` only: the backup to restore, one of the database's", .only = restore_only},
};
const Node steps_node{.type = Type::Array, .element = &s::step, .max_items = limits::runbook_steps};
constexpr Key runbook_keys[]{
    {.name = "steps", .value = &steps_node, .required = true,
     .description = "the steps; each starts when those of its `after` have finished"}};

const Node patch_node{.type = Type::Patch, .description = "a JSON merge patch (RFC 7386) of the topology"};
constexpr Key strategy_keys[]{
    {.name = "name", .value = &name_node, .required = true,
     .description = "unique within the scenario; results and objectives refer to it"},
    {.name = "preset", .value = &preset_node,
     .description = "applies that AWS DR strategy to the topology and gives it a default runbook (README, Strategy "
                    "presets)"},
    {.name = "recovery_region", .value = &name_node,
     .description = "with a preset: the region it recovers into; default: the one region that is not the primary "
                    "database's",
     .needs = "preset"},
    {.name = "preset_parameters", .value = &s::preset_parameters,
     .description = "the preset's parameters (README, Strategy presets); only with `preset`", .needs = "preset"},
    {.name = "overrides", .value = &patch_node,
     .description = "changes to the topology for this strategy, as a JSON merge patch (on top of the preset's)"},
    {.name = "runbook", .value = &s::runbook,
     .description = "the recovery runbook; replaces the preset's. Default: the preset's, else no steps"},
};

const Node metric_node{.type = Type::Enum, .names = [] { return written_names<Metric>(); }};
const Node statistic_node{.type = Type::Enum, .names = [] { return written_names<Statistic>(); }};
constexpr std::string_view timed_metrics[]{"rto", "rpo"};
constexpr std::string_view availability_only[]{"availability"};
constexpr std::string_view counted_metrics[]{"lost_writes", "monthly_cost", "downtime_min_per_month"};
constexpr Key objective_keys[]{
    {.name = "metric", .value = &metric_node, .required = true,
     .description = "what is judged; `\"downtime_min_per_month\"` applies to long runs only"},
    {.name = "target", .value = &duration_node, .required = true,
     .description = "the longest duration allowed", .only = timed_metrics},
    {.parameter = &availability_target, .required = true, .only = availability_only},
    {.parameter = &count_target, .required = true, .only = counted_metrics},
    {.parameter = &objective_stat, .value = &statistic_node},
    {.name = "strategies", .value = &names_node,
     .description = "the strategies the objective applies to; default: all"},
};

const Node topology_reference{.type = Type::Name,
                              .description = "the path of a topology file, relative to the scenario file"};
const Node* const topology_forms[]{&topology_reference, &topology};
const Node topology_either{.type = Type::Either, .alternatives = topology_forms};
const Node faults_node{.type = Type::Array, .element = &s::fault, .min_items = 1, .max_items = limits::faults};
const Node random_failures_node{.type = Type::Array, .element = &s::random_failure, .min_items = 1,
                                .max_items = limits::random_failures};
const Node common_cause_node{.type = Type::Array, .element = &s::common_cause, .min_items = 1,
                             .max_items = limits::common_cause_events};
const Node strategies_node{.type = Type::Array, .element = &s::strategy, .min_items = 1,
                           .max_items = limits::strategies};
const Node objectives_node{.type = Type::Array, .element = &s::objective, .max_items = limits::objectives};
constexpr std::string_view drills[]{"faults", "random_failures", "common_cause"};
constexpr Key scenario_keys[]{
    {.name = "drsim_scenario", .value = &marker_node, .required = true,
     .description = "format marker of a scenario file; must be 1"},
    {.name = "name", .value = &name_node, .required = true, .description = "the scenario's name"},
    {.name = "topology", .value = &topology_either, .required = true,
     .description = "the path of a topology file, relative to the scenario file, or a topology object inline"},
    {.name = "strategies", .value = &strategies_node, .required = true,
     .description = "the DR strategies to compare, at least one"},
    {.name = schema_key, .value = &schema_node},
    {.name = "description", .value = &text_node, .description = "free text, for people"},
    {.parameter = &horizon},
    {.parameter = &runs},
    {.parameter = &seed},
    {.name = "recovery", .value = &s::recovery, .description = "what counts as recovered"},
    {.name = "faults", .value = &faults_node,
     .description = "the faults every drill injects; required unless `random_failures` or `common_cause` is given"},
    {.name = "random_failures", .value = &random_failures_node,
     .description = "components that fail at random and are repaired; makes the scenario a long run"},
    {.name = "common_cause", .value = &common_cause_node,
     .description = "outages of whole AZs or regions at a yearly rate; makes the scenario a long run"},
    {.name = "objectives", .value = &objectives_node, .description = "what `drsim check` enforces"},
    {.parameter = &cost_of_downtime_per_minute},
    {.parameter = &cost_per_lost_write},
};

// Distributions.

const Node uniform_bounds{.type = Type::Array, .description = "[low, high], two durations with low <= high",
                          .element = &duration_node, .min_items = 2, .max_items = 2};
constexpr Key normal_keys[]{{.name = "mean", .value = &duration_node, .required = true, .description = "the mean"},
                            {.name = "sd", .value = &duration_node, .required = true,
                             .description = "the standard deviation"}};
const Node normal_node{.type = Type::Object, .description = "normal (Gaussian); a negative draw is taken as 0",
                       .keys = normal_keys};
constexpr Key lognormal_keys[]{
    {.name = "median", .value = &positive_duration, .required = true, .description = "half the draws are below it"},
    {.name = "p95", .value = &duration_node, .required = true,
     .description = "95 % of the draws are below it; greater than the median"}};
const Node lognormal_node{.type = Type::Object, .description = "log-normal, stated as response times usually are",
                          .keys = lognormal_keys};
constexpr Key exponential_keys[]{
    {.name = "mean", .value = &positive_duration, .required = true, .description = "the mean"}};
const Node exponential_node{.type = Type::Object, .description = "exponential (memoryless)",
                            .keys = exponential_keys};
const Node weibull_shape{.type = Type::Number, .description = "the shape, a plain number", .minimum = 0,
                         .maximum = 1e6, .positive = true};
constexpr Key weibull_keys[]{
    {.name = "shape", .value = &weibull_shape, .required = true,
     .description = "below 1: failures become rarer with age, above 1: more frequent"},
    {.name = "scale", .value = &positive_duration, .required = true, .description = "the scale"}};
const Node weibull_node{.type = Type::Object, .description = "Weibull", .keys = weibull_keys};
constexpr Key empirical_ends[]{
    {.name = "p0", .value = &duration_node, .required = true, .description = "the least value"},
    {.name = "p100", .value = &duration_node, .required = true, .description = "the greatest value"}};
const Node empirical_node{.type = Type::Map,
                          .description = "measured percentiles p0 to p100, values that never decrease; drsim "
                                         "interpolates linearly between them",
                          .keys = empirical_ends, .element = &duration_node,
                          .pattern = "p(0|[1-9][0-9]?|100)"};
constexpr Key distribution_keys[]{
    {.name = "uniform", .value = &uniform_bounds, .description = "any value between the two, equally likely"},
    {.name = "normal", .value = &normal_node},
    {.name = "lognormal", .value = &lognormal_node},
    {.name = "exponential", .value = &exponential_node},
    {.name = "weibull", .value = &weibull_node},
    {.name = "empirical", .value = &empirical_node},
};
constexpr std::string_view distribution_forms[]{"uniform", "normal", "lognormal", "exponential", "weibull",
                                                "empirical"};

// clang-format on

} // namespace

const Node topology{.type = Type::Object,
                    .name = "topology",
                    .description = "A drsim topology: an application's infrastructure.",
                    .keys = topology_keys};
const Node scenario{.type = Type::Object,
                    .description = "A drsim scenario: a topology, the faults to inject, the DR strategies to compare "
                                   "and the objectives.",
                    .keys = scenario_keys,
                    .at_least_one = drills};
const Node distribution{.type = Type::Object,
                        .name = "distribution",
                        .description = "a distribution of durations: an object with one key naming its form",
                        .keys = distribution_keys,
                        .exactly_one = distribution_forms};

namespace topology_objects {
const Node region{.name = "region", .description = "a region and its AZs", .keys = region_keys};
const Node intra_region{
    .name = "intra_region", .description = "a link between two AZs of a region", .keys = intra_region_keys};
const Node internet{
    .name = "internet", .description = "the default link between regions and locations", .keys = internet_keys};
const Node link{.name = "link", .description = "a link between two regions or locations", .keys = link_keys};
const Node network{.name = "network", .description = "the network", .keys = network_keys};
const Node client{.name = "client", .description = "a client population", .keys = client_keys};
const Node endpoint_role{.type = Type::Enum, .names = [] { return std::vector<std::string>{"primary", "secondary"}; }};
const Node endpoint_health_check{
    .name = "endpoint_health_check", .description = "a Route 53 health check", .keys = endpoint_health_check_keys};
const Node endpoint{.name = "endpoint",
                    .description = "an endpoint of a DNS record",
                    .keys = endpoint_keys,
                    .discriminator = {.key = "routing", .in_parent = true, .when_absent = "failover"}};
const Node dns_record{.name = "dns_record", .description = "a DNS record", .keys = dns_keys};
const Node target_health_check{.name = "target_health_check",
                               .description = "a load balancer's target health check",
                               .keys = target_health_check_keys};
const Node load_balancer{.name = "load_balancer", .description = "a load balancer", .keys = load_balancer_keys};
const Node capacity{.name = "capacity", .description = "an Auto Scaling group in one region", .keys = capacity_keys};
const Node fleet{.name = "fleet", .description = "an application fleet", .keys = fleet_keys};
const Node primary{.name = "primary", .description = "where a database's writer runs", .keys = primary_keys};
const Node replica{.name = "replica", .description = "a replica of a database", .keys = replica_keys};
const Node database{.name = "database", .description = "a database", .keys = database_keys_table};
const Node backup{.name = "backup", .description = "a backup of a database or an object store", .keys = backup_keys};
const Node object_store{.name = "object_store", .description = "an object store", .keys = object_store_keys};
const Node queue{.name = "queue", .description = "a message queue", .keys = queue_keys};
const Node prices{.name = "prices", .description = "the price table, USD", .keys = prices_keys};
} // namespace topology_objects

namespace scenario_objects {
const Node recovery{.name = "recovery", .description = "what counts as recovered", .keys = recovery_keys};
const Node fault{.name = "fault",
                 .description = "a fault every drill injects",
                 .keys = fault_keys,
                 .discriminator = {.key = "kind"}};
const Node random_failure{.name = "random_failure",
                          .description = "components that fail at random",
                          .keys = random_failure_keys,
                          .exactly_one = failure_times};
const Node common_cause{
    .name = "common_cause_event", .description = "outages of whole AZs or regions", .keys = common_cause_keys};
const Node preset_parameters{.name = "preset_parameters",
                             .description = "a preset's parameters",
                             .keys = preset_parameter_keys,
                             .discriminator = {.key = "preset", .in_parent = true}};
const Node on{
    .name = "detection", .description = "what a detect step waits for", .keys = on_keys, .exactly_one = detections};
const Node healthy_on{.name = "recovered_health",
                      .description = "the health signal a wait-healthy step waits for",
                      .keys = healthy_on_keys};
const Node step{.name = "step", .description = "a runbook step", .keys = step_keys, .discriminator = {.key = "action"}};
const Node runbook{.name = "runbook", .description = "a recovery runbook", .keys = runbook_keys};
const Node strategy{.name = "strategy", .description = "a DR strategy", .keys = strategy_keys};
const Node objective{.name = "objective",
                     .description = "an objective the results must meet",
                     .keys = objective_keys,
                     .discriminator = {.key = "metric"}};
} // namespace scenario_objects

#pragma GCC diagnostic pop

} // namespace drsim::format
