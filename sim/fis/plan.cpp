#include "sim/fis/plan.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <ostream>
#include <set>

#include <fmt/format.h>

#include "sim/core/sha256.hpp"
#include "sim/core/units.hpp"
#include "sim/input/json_node.hpp"
#include "sim/input/json_parse.hpp"
#include "sim/input/messages.hpp"

namespace drsim::fis {
namespace {

using nlohmann::json;

// FIS takes at most 5 ARNs per target (ResourceArnList in the API model); longer lists become several targets.
constexpr std::size_t arns_per_target = 5;
constexpr std::size_t longest_name = 64;         // action and target names (the API model)
constexpr std::size_t longest_description = 512; // template and action descriptions
constexpr std::size_t longest_tag_value = 256;

// `text` cut to at most `bytes` bytes, never inside a UTF-8 sequence.
std::string cut_utf8(std::string text, std::size_t bytes) {
  if (text.size() <= bytes)
    return text;
  std::size_t end = bytes;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80)
    --end;
  text.resize(end);
  return text;
}

// A name FIS accepts ([\S]+) built from a component's name: letters, digits, '-' and '_' kept, the rest '-'.
std::string slug(std::string_view name) {
  std::string out;
  for (const char c : name)
    out += std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' ? c : '-';
  return out.substr(0, 40);
}

std::string join(const std::vector<std::string>& words, std::string_view separator) {
  std::string text;
  for (const auto& word : words)
    text += (text.empty() ? "" : std::string(separator)) + word;
  return text;
}

bool has_sync_replica(const Database& database) {
  return std::any_of(database.replicas.begin(), database.replicas.end(),
                     [](const DatabaseNode& node) { return node.mode == ReplicationMode::Sync; });
}

std::vector<std::string> database_regions(const Database& database) {
  std::vector<std::string> regions{database.primary.region};
  for (const auto& replica : database.replicas)
    if (std::find(regions.begin(), regions.end(), replica.region) == regions.end())
      regions.push_back(replica.region);
  return regions;
}

// The targets and actions of one region's template as they are built.
struct TemplateParts {
  json targets = json::object();
  json actions = json::object();
  std::set<std::string> fault_numbers; //!< the faults with actions here
};

std::string unique_name(const json& taken, const std::string& base) {
  std::string name = base.substr(0, longest_name);
  for (int n = 2; taken.contains(name); ++n) {
    const std::string suffix = "-" + std::to_string(n);
    name = base.substr(0, longest_name - suffix.size()) + suffix;
  }
  return name;
}

// What a target selects, for people: "3 aws:ec2:subnet" or "aws:ec2:instance tagged drsim:fleet=web, running".
std::string describe_target(const json& target) {
  std::string text;
  if (target.contains("resourceArns")) {
    text = fmt::format("{} {}", target["resourceArns"].size(), target["resourceType"].get<std::string>());
  } else {
    std::vector<std::string> tags;
    for (const auto& [key, value] : target["resourceTags"].items())
      tags.push_back(key + "=" + value.get<std::string>());
    text = fmt::format("{} tagged {}", target["resourceType"].get<std::string>(), join(tags, ", "));
  }
  if (target.contains("filters"))
    for (const auto& filter : target["filters"])
      text += fmt::format(", {} {}", filter["path"].get<std::string>(), filter["values"][0].get<std::string>());
  const auto mode = target["selectionMode"].get<std::string>();
  return mode == "ALL" ? text : text + ", " + mode;
}

class Planner {
public:
  Planner(const Scenario& scenario, const Bindings& bindings, const PlanOptions& options)
      : scenario_(scenario), bindings_(bindings), options_(options), sink_{bindings.file, &problems_} {}

  Plan plan() {
    const Strategy& strategy = choose_strategy();
    topology_ = &strategy.topology;
    check_bindings(bindings_, *topology_, problems_);
    if (!problems_.empty())
      throw InputError(std::move(problems_));
    if (scenario_.faults.empty())
      throw UsageError("scenario " + in_quotes(scenario_.name) +
                       " has no \"faults\" to plan: fis plan turns written "
                       "faults into experiments, not the random failures of a long run");
    plan_.scenario = scenario_.name;
    plan_.strategy = strategy.name;
    plan_.price = bindings_.price.value_or(fis_price_default());
    if (scenario_.long_run())
      plan_.notes.push_back("the scenario's random failures and common-cause events are not planned: FIS drives the "
                            "written faults only");
    for (std::size_t i = 0; i < scenario_.faults.size(); ++i)
      plan_fault(i);
    if (!problems_.empty())
      throw InputError(std::move(problems_));
    assemble();
    return std::move(plan_);
  }

private:
  const Strategy& choose_strategy() {
    const auto& strategies = scenario_.strategies;
    std::vector<std::string> names;
    for (const auto& strategy : strategies)
      names.push_back(strategy.name);
    const auto find = [&](const std::string& name) {
      return std::find_if(strategies.begin(), strategies.end(), [&](const Strategy& s) { return s.name == name; });
    };
    if (!options_.strategy.empty()) {
      if (!bindings_.strategy.empty() && bindings_.strategy != options_.strategy)
        throw UsageError("--strategy " + options_.strategy + ": the bindings describe a deployment of strategy " +
                         in_quotes(bindings_.strategy) + " (" + bindings_.file + ": /strategy)");
      const auto found = find(options_.strategy);
      if (found == strategies.end())
        throw UsageError("--strategy: no strategy " + in_quotes(options_.strategy) + " in " + scenario_.file +
                         "; it has " + join(names, ", "));
      return *found;
    }
    if (!bindings_.strategy.empty()) {
      const auto found = find(bindings_.strategy);
      if (found == strategies.end())
        throw InputError({{bindings_.file, "/strategy",
                           "unknown strategy " + in_quotes(bindings_.strategy) + " of scenario " +
                               in_quotes(scenario_.name) + suggestion(bindings_.strategy, names)}});
      return *found;
    }
    if (strategies.size() != 1)
      throw UsageError("name the deployed strategy with --strategy or the bindings' \"strategy\"; scenario " +
                       in_quotes(scenario_.name) + " has " + join(names, ", "));
    return strategies.front();
  }

  // --- one fault -------------------------------------------------------------------------------------------------

  void plan_fault(std::size_t index) {
    const Fault& fault = scenario_.faults[index];
    fault_ = &fault;
    number_ = std::to_string(index + 1);
    PlannedFault planned;
    planned.pointer = "/faults/" + std::to_string(index);
    const Database* database = nullptr;
    if (fault.kind == FaultKind::DatabaseFailure || fault.kind == FaultKind::DataCorruption ||
        fault.kind == FaultKind::Ransomware)
      database = topology_->find_database(fault.target);
    const auto* row = find_mapping(fault.kind, database ? std::optional(database->engine) : std::nullopt);
    planned.summary = summary(fault, row);
    planned.realization = row ? row->realization : Realization::NotInjectable;
    planned.how = row ? std::string(row->how) : "a fault that only long runs draw";
    current_ = &planned;
    if (planned.realization != Realization::NotInjectable && time_fault(planned)) {
      inject(fault, database);
      if (planned.actions.empty()) {
        planned.realization = Realization::NotInjectable;
        planned.notes.push_back("nothing of the strategy's topology for FIS to act on");
      } else {
        plan_.duration_s = std::max(plan_.duration_s, onset_ + duration_);
      }
    }
    if (planned.realization == Realization::NotInjectable) {
      plan_.unrealizable = true;
      planned.left_out = options_.skip_unrealizable;
    }
    plan_.faults.push_back(std::move(planned));
  }

  std::string summary(const Fault& fault, const FaultMapping* row) const {
    const std::string kind = row ? std::string(row->fault) : "fault";
    std::string what;
    switch (fault.kind) {
    case FaultKind::InstanceLoss:
      what = fmt::format("{} of {} {} instance{} in {}", kind, fault.count, fault.target, fault.count == 1 ? "" : "s",
                         fault.region);
      break;
    case FaultKind::NetworkPartition:
      what = fmt::format("{} between {} and {}", kind, fault.target, fault.peer);
      break;
    default:
      what = fmt::format("{} of {}", kind, fault.target);
    }
    what += " at +" + format_duration(fault.onset.mean());
    if (fault.duration)
      what += " for " + format_duration(fault.duration->mean());
    return what;
  }

  // Sets onset_ and duration_ within FIS's bounds, noting what changed; false when the fault cannot be timed.
  bool time_fault(PlannedFault& planned) {
    const Fault& fault = *fault_;
    double onset = std::round(fault.onset.mean());
    if (!fault.onset.is_fixed())
      planned.notes.push_back("the onset is a distribution: planned at its mean, +" + format_duration(onset));
    if (onset > longest_fis_duration_s) {
      planned.notes.push_back("refused: an onset of +" + format_duration(onset) +
                              " is past FIS's 12-hour maximum for an experiment");
      planned.realization = Realization::NotInjectable;
      return false;
    }
    if (onset > 0 && onset < shortest_fis_duration_s) {
      planned.notes.push_back("clamped: the onset +" + format_duration(onset) +
                              " became +1m, the shortest wait FIS takes (PT1M)");
      onset = shortest_fis_duration_s;
    }
    double duration = 0;
    if (fault.duration) {
      duration = std::round(fault.duration->mean());
      if (!fault.duration->is_fixed())
        planned.notes.push_back("the duration is a distribution: planned at its mean, " + format_duration(duration));
    } else {
      duration = std::round(scenario_.horizon_s - onset);
      planned.notes.push_back("the fault lasts past the horizon: planned for the rest of it, " +
                              format_duration(duration));
    }
    const double longest = longest_fis_duration_s - onset;
    if (duration > longest) {
      planned.notes.push_back(fmt::format("clamped: {} became {}, so that the experiment ends within FIS's 12-hour "
                                          "maximum",
                                          format_duration(duration), format_duration(longest)));
      duration = longest;
    }
    if (duration < shortest_fis_duration_s) {
      if (longest < shortest_fis_duration_s) {
        planned.notes.push_back("refused: less than a minute is left of FIS's 12-hour maximum after the onset");
        planned.realization = Realization::NotInjectable;
        return false;
      }
      planned.notes.push_back("clamped: " + format_duration(duration) +
                              " became 1m, the shortest duration FIS takes (PT1M)");
      duration = shortest_fis_duration_s;
    }
    onset_ = onset;
    duration_ = duration;
    return true;
  }

  void inject(const Fault& fault, const Database* database) {
    switch (fault.kind) {
    case FaultKind::RegionOutage:
      region_outage(fault.target);
      break;
    case FaultKind::AzOutage:
      az_outage(fault.target);
      break;
    case FaultKind::InstanceLoss:
      instance_loss(fault);
      break;
    case FaultKind::DatabaseFailure:
      database_failure(*database);
      break;
    case FaultKind::NetworkPartition:
      cut_cross_region(fault.target, fault.peer);
      cut_cross_region(fault.peer, fault.target);
      break;
    case FaultKind::CapacityShortage:
      if (const auto* region = region_binding(fault.target))
        for (const auto& fleet : topology_->fleets)
          deny_capacity(fleet, fault.target, all_zone_ids(fault.target, *region));
      break;
    default:
      break;
    }
  }

  void region_outage(const std::string& region_name) {
    const auto* region = region_binding(region_name);
    if (region == nullptr)
      return;
    disrupt_subnets(region_name, all_subnets(region_name, *region), "every AZ");
    const auto zone_ids = all_zone_ids(region_name, *region);
    for (const auto& fleet : topology_->fleets) {
      stop_fleet(fleet, region_name, {});
      deny_capacity(fleet, region_name, zone_ids);
    }
    for (const auto& store : topology_->object_stores)
      if (store.region == region_name)
        for (const auto& destination : store.replicate_to)
          pause_bucket(store, destination);
    for (const auto& database : topology_->databases)
      if (database.engine == DatabaseEngine::DynamoDbGlobal) {
        const auto regions = database_regions(database);
        if (regions.size() > 1 && std::find(regions.begin(), regions.end(), region_name) != regions.end())
          pause_table(database, region_name);
      }
  }

  void az_outage(const std::string& az) {
    const auto* owner = topology_->region_of_az(az);
    const auto* region = owner ? region_binding(owner->name) : nullptr;
    if (region == nullptr)
      return;
    const auto* zone = az_binding(owner->name, *region, az);
    if (zone == nullptr)
      return;
    disrupt_subnets(owner->name, subnet_arns(owner->name, *region, zone->subnets), az);
    for (const auto& fleet : topology_->fleets) {
      stop_fleet(fleet, owner->name, zone->zone_name);
      deny_capacity(fleet, owner->name, zone->zone_id);
    }
    for (const auto& database : topology_->databases)
      if (database.primary.az == az)
        fail_database(database, zone->zone_name);
  }

  void instance_loss(const Fault& fault) {
    const auto* fleet = topology_->find_fleet(fault.target);
    const auto* binding = fleet_binding(fault.target, fault.region);
    if (fleet == nullptr || binding == nullptr || region_binding(fault.region) == nullptr)
      return;
    json target = tagged_target("aws:ec2:instance", binding->tags, {});
    target["selectionMode"] = fmt::format("COUNT({})", fault.count);
    add_action(
        fault.region, "terminate-" + slug(fault.target), "aws:ec2:terminate-instances",
        fmt::format("terminate {} of fleet {}'s running instances in {}", fault.count, fault.target, fault.region),
        json::object(),
        add_target(fault.region, slug(fault.target) + "-instances", target,
                   {fmt::format("{} of fleet {}'s running instances in {}", fault.count, fault.target, fault.region),
                    fault.count}),
        1);
  }

  void database_failure(const Database& database) {
    const auto* region = region_binding(database.primary.region);
    if (region == nullptr)
      return;
    std::string zone_name;
    if (database.engine == DatabaseEngine::SelfManaged) {
      const auto* zone = az_binding(database.primary.region, *region, database.primary.az);
      if (zone == nullptr)
        return;
      zone_name = zone->zone_name;
    }
    fail_database(database, zone_name);
  }

  // The primary of `database` fails; `zone_name` is its AZ's name, which a self-managed database's instances need.
  void fail_database(const Database& database, const std::string& zone_name) {
    const std::string& region = database.primary.region;
    if (database.engine == DatabaseEngine::DynamoDbGlobal || region_binding(region) == nullptr)
      return;
    const auto* binding = database_binding(database, region);
    if (binding == nullptr)
      return;
    const std::string name = slug(database.name);
    switch (database.engine) {
    case DatabaseEngine::Rds: {
      const bool failover = has_sync_replica(database);
      if (!failover)
        current_->notes.push_back(database.name +
                                  " has no synchronous standby: its primary reboots without a failover");
      add_action(region, "reboot-" + name, "aws:rds:reboot-db-instances",
                 "reboot the primary of " + database.name + (failover ? " with a forced failover" : ""),
                 {{"forceFailover", failover ? "true" : "false"}},
                 add_target(region, name + "-db", arn_target("aws:rds:db", {rds_arn(region, "db", *binding)})), 1);
      break;
    }
    case DatabaseEngine::Aurora:
    case DatabaseEngine::AuroraGlobal:
      add_action(
          region, "failover-" + name, "aws:rds:failover-db-cluster", "fail over the cluster of " + database.name,
          json::object(),
          add_target(region, name + "-cluster", arn_target("aws:rds:cluster", {rds_arn(region, "cluster", *binding)})),
          1);
      break;
    case DatabaseEngine::SelfManaged:
      add_action(
          region, "stop-" + name, "aws:ec2:stop-instances",
          "stop the instances of " + database.name + " in " + zone_name,
          {{"completeIfInstancesTerminated", "true"}, {"startInstancesAfterDuration", iso8601_duration(duration_)}},
          add_target(region, name + "-instances", tagged_target("aws:ec2:instance", binding->tags, zone_name),
                     {"the running instances of " + database.name + " in " + zone_name, 1, false}),
          duration_minutes());
      break;
    default:
      break;
    }
  }

  // Traffic from `from`'s subnets and transit gateways to `to` is blocked, and replication towards it pauses.
  void cut_cross_region(const std::string& from, const std::string& to) {
    const auto* region = region_binding(from);
    if (region == nullptr)
      return;
    const json parameters{{"duration", iso8601_duration(duration_)}, {"region", to}};
    const auto subnets = all_subnets(from, *region);
    for (const auto& target : arn_targets(from, "subnets", "aws:ec2:subnet", subnets))
      add_action(from, "cross-region", "aws:network:route-table-disrupt-cross-region-connectivity",
                 "block traffic from " + from + "'s subnets to " + to, parameters, target, duration_minutes());
    std::vector<std::string> gateways;
    for (const auto& id : region->transit_gateways)
      gateways.push_back(arn("ec2", from, region->account, "transit-gateway/" + id));
    for (const auto& target : arn_targets(from, "transit-gateways", "aws:ec2:transit-gateway", gateways))
      add_action(from, "transit-gateways", "aws:network:transit-gateway-disrupt-cross-region-connectivity",
                 "block traffic through " + from + "'s transit gateways to " + to, parameters, target,
                 duration_minutes());
    for (const auto& store : topology_->object_stores)
      if (store.region == from &&
          std::find(store.replicate_to.begin(), store.replicate_to.end(), to) != store.replicate_to.end())
        pause_bucket(store, to);
    for (const auto& database : topology_->databases)
      if (database.engine == DatabaseEngine::DynamoDbGlobal) {
        const auto regions = database_regions(database);
        if (std::find(regions.begin(), regions.end(), from) != regions.end() &&
            std::find(regions.begin(), regions.end(), to) != regions.end())
          pause_table(database, from);
      }
  }

  // --- actions of several faults -----------------------------------------------------------------------------------

  void disrupt_subnets(const std::string& region, const std::vector<std::string>& arns, const std::string& where) {
    for (const auto& target : arn_targets(region, "subnets", "aws:ec2:subnet", arns))
      add_action(region, "network", "aws:network:disrupt-connectivity",
                 "deny all traffic of the subnets of " + where + " in " + region,
                 {{"duration", iso8601_duration(duration_)}, {"scope", "all"}}, target, duration_minutes());
  }

  // Stops the fleet's running instances in the region (in one AZ when `zone_name` is given) until the fault ends.
  void stop_fleet(const Fleet& fleet, const std::string& region, const std::string& zone_name) {
    const auto capacity = fleet.capacity.find(region);
    if (capacity == fleet.capacity.end() || capacity->second.desired == 0)
      return;
    const auto* binding = fleet_binding(fleet.name, region);
    if (binding == nullptr)
      return;
    add_action(
        region, "stop-" + slug(fleet.name), "aws:ec2:stop-instances",
        "stop fleet " + fleet.name + "'s instances in " + (zone_name.empty() ? region : zone_name),
        {{"completeIfInstancesTerminated", "true"}, {"startInstancesAfterDuration", iso8601_duration(duration_)}},
        add_target(region, slug(fleet.name) + "-instances", tagged_target("aws:ec2:instance", binding->tags, zone_name),
                   expected_instances(fleet, region, capacity->second.desired, zone_name)),
        duration_minutes());
  }

  // The fleet's Auto Scaling group cannot launch in the AZs given by their ids (comma-separated).
  void deny_capacity(const Fleet& fleet, const std::string& region, const std::string& zone_ids) {
    const auto capacity = fleet.capacity.find(region);
    if (capacity == fleet.capacity.end() || capacity->second.max == 0 || zone_ids.empty())
      return;
    const auto* binding = fleet_binding(fleet.name, region);
    if (binding == nullptr)
      return;
    add_action(
        region, "capacity-" + slug(fleet.name), "aws:ec2:asg-insufficient-instance-capacity-error",
        "fail fleet " + fleet.name + "'s launches in " + zone_ids,
        {{"availabilityZoneIdentifiers", zone_ids}, {"duration", iso8601_duration(duration_)}, {"percentage", "100"}},
        add_target(region, slug(fleet.name) + "-group", tagged_target("aws:ec2:autoscaling-group", binding->tags, {}),
                   {"fleet " + fleet.name + "'s Auto Scaling group in " + region, 1}),
        duration_minutes());
  }

  void pause_bucket(const ObjectStore& store, const std::string& destination) {
    const auto found = bindings_.object_stores.find(store.name);
    if (found == bindings_.object_stores.end()) {
      missing(pointer_to({"object_stores", store.name}),
              "object store " + in_quotes(store.name) + " has no bucket, and the fault pauses its replication");
      return;
    }
    add_action(
        store.region, "pause-" + slug(store.name), "aws:s3:bucket-pause-replication",
        "pause replication of " + store.name + " to " + destination,
        {{"duration", iso8601_duration(duration_)}, {"region", destination}},
        add_target(store.region, slug(store.name) + "-bucket",
                   arn_target("aws:s3:bucket", {"arn:" + bindings_.partition + ":s3:::" + found->second.bucket})),
        duration_minutes());
  }

  void pause_table(const Database& database, const std::string& region) {
    const auto* binding = database_binding(database, region);
    const auto* region_bound = region_binding(region);
    if (binding == nullptr || region_bound == nullptr)
      return;
    add_action(region, "pause-" + slug(database.name), "aws:dynamodb:global-table-pause-replication",
               "pause replication of " + database.name + "'s table in " + region,
               {{"duration", iso8601_duration(duration_)}},
               add_target(region, slug(database.name) + "-table",
                          arn_target("aws:dynamodb:global-table",
                                     {arn("dynamodb", region, region_bound->account, "table/" + binding->identifier)})),
               duration_minutes());
  }

  // --- bindings a fault needs --------------------------------------------------------------------------------------

  // Once per binding and fault, however many of the fault's actions need it.
  void missing(const std::string& pointer, const std::string& what) {
    if (!reported_.insert(pointer + " " + current_->pointer).second)
      return;
    sink_.add(pointer, "missing binding: " + what + " (fault " + current_->pointer +
                           " of the scenario: " + current_->summary + ")");
  }

  const RegionBinding* region_binding(const std::string& region) {
    const auto found = bindings_.regions.find(region);
    if (found != bindings_.regions.end())
      return &found->second;
    missing(pointer_to({"regions", region}),
            "region " + in_quotes(region) + " has none (account, role_arn, azs), and the fault injects there");
    return nullptr;
  }

  const AzBinding* az_binding(const std::string& region, const RegionBinding& binding, const std::string& az) {
    const auto found = binding.azs.find(az);
    if (found != binding.azs.end())
      return &found->second;
    missing(pointer_to({"regions", region, "azs", az}),
            "AZ " + in_quotes(az) + " of " + region +
                " has none (zone_id, zone_name, subnets), and the fault needs it");
    return nullptr;
  }

  const FleetBinding* fleet_binding(const std::string& fleet, const std::string& region) {
    const auto found = bindings_.fleets.find(fleet);
    if (found != bindings_.fleets.end())
      if (const auto in_region = found->second.find(region); in_region != found->second.end())
        return &in_region->second;
    missing(pointer_to({"fleets", fleet, region}),
            "fleet " + in_quotes(fleet) + " in " + region + " has no tags, and the fault acts on its instances there");
    return nullptr;
  }

  const DatabaseBinding* database_binding(const Database& database, const std::string& region) {
    const auto found = bindings_.databases.find(database.name);
    if (found != bindings_.databases.end())
      if (const auto in_region = found->second.find(region); in_region != found->second.end())
        return &in_region->second;
    missing(pointer_to({"databases", database.name, region}),
            "database " + in_quotes(database.name) + " in " + region + " is not bound, and the fault acts on it");
    return nullptr;
  }

  std::vector<std::string> subnet_arns(const std::string& region, const RegionBinding& binding,
                                       const std::vector<std::string>& ids) const {
    std::vector<std::string> arns;
    for (const auto& id : ids)
      arns.push_back(arn("ec2", region, binding.account, "subnet/" + id));
    return arns;
  }

  // The subnets of every AZ of the region; each AZ must be bound.
  std::vector<std::string> all_subnets(const std::string& region, const RegionBinding& binding) {
    std::vector<std::string> arns;
    for (const auto& az : topology_->find_region(region)->azs)
      if (const auto* zone = az_binding(region, binding, az)) {
        const auto more = subnet_arns(region, binding, zone->subnets);
        arns.insert(arns.end(), more.begin(), more.end());
      }
    return arns;
  }

  std::string all_zone_ids(const std::string& region, const RegionBinding& binding) {
    std::vector<std::string> ids;
    for (const auto& az : topology_->find_region(region)->azs)
      if (const auto* zone = az_binding(region, binding, az))
        ids.push_back(zone->zone_id);
    return join(ids, ",");
  }

  std::string arn(const std::string& service, const std::string& region, const std::string& account,
                  const std::string& resource) const {
    return "arn:" + bindings_.partition + ":" + service + ":" + region + ":" + account + ":" + resource;
  }

  std::string rds_arn(const std::string& region, const std::string& kind, const DatabaseBinding& binding) const {
    return arn("rds", region, bindings_.regions.at(region).account, kind + ":" + binding.identifier);
  }

  // --- targets and actions -----------------------------------------------------------------------------------------

  static json arn_target(const std::string& type, const std::vector<std::string>& arns) {
    return {{"resourceType", type}, {"resourceArns", arns}, {"selectionMode", "ALL"}};
  }

  // Resources by tags; instances only while running (and in one AZ when `zone_name` is given).
  static json tagged_target(const std::string& type, const Tags& tags, const std::string& zone_name) {
    json target{{"resourceType", type}, {"resourceTags", tags}, {"selectionMode", "ALL"}};
    if (type == "aws:ec2:instance") {
      target["filters"] = json::array({{{"path", "State.Name"}, {"values", json::array({"running"})}}});
      if (!zone_name.empty())
        target["filters"].push_back({{"path", "Placement.AvailabilityZone"}, {"values", json::array({zone_name})}});
    }
    return target;
  }

  // `expected`: what the topology has there; for a target by ARNs, by default, each of them.
  std::string add_target(const std::string& region, const std::string& base, json target,
                         ExpectedTarget expected = {}) {
    auto& parts = templates_[region];
    std::string name = unique_name(parts.targets, "f" + number_ + "-" + base);
    if (expected.what.empty() && target.contains("resourceArns")) {
      expected.count = static_cast<int>(target["resourceArns"].size());
      expected.what = fmt::format("{} {}", expected.count, target["resourceType"].get<std::string>());
    }
    plan_.expected_targets[region][name] = std::move(expected);
    parts.targets[name] = std::move(target);
    return name;
  }

  // A fleet's running instances in the region, or roughly their share in one AZ of it.
  ExpectedTarget expected_instances(const Fleet& fleet, const std::string& region, int desired,
                                    const std::string& zone_name) const {
    if (zone_name.empty())
      return {"fleet " + fleet.name + "'s running instances in " + region, desired};
    const auto azs = static_cast<int>(std::max<std::size_t>(1, topology_->find_region(region)->azs.size()));
    return {"fleet " + fleet.name + "'s running instances in " + zone_name, std::max(1, (desired + azs - 1) / azs),
            false};
  }

  // One target per 5 ARNs; none for an empty list.
  std::vector<std::string> arn_targets(const std::string& region, const std::string& base, const std::string& type,
                                       const std::vector<std::string>& arns) {
    std::vector<std::string> names;
    for (std::size_t first = 0; first < arns.size(); first += arns_per_target) {
      const auto last = std::min(arns.size(), first + arns_per_target);
      names.push_back(add_target(region, base, arn_target(type, {arns.begin() + first, arns.begin() + last})));
    }
    return names;
  }

  double duration_minutes() const { return std::ceil(duration_ / 60); }

  // The fault's onset as an aws:fis:wait in this region's template, made when the fault's first action there is.
  std::string onset_wait(const std::string& region) {
    auto& parts = templates_[region];
    std::string name = "f" + number_ + "-wait";
    if (onset_ == 0 || parts.actions.contains(name))
      return onset_ == 0 ? std::string() : name;
    parts.actions[name] = {
        {"actionId", "aws:fis:wait"},
        {"description", cut_utf8("fault " + number_ + " (" + current_->summary + "): its onset", longest_description)},
        {"parameters", {{"duration", iso8601_duration(onset_)}}}};
    current_->actions.push_back(fmt::format("{}: {} aws:fis:wait {}", region, name, iso8601_duration(onset_)));
    plan_.action_minutes += std::ceil(onset_ / 60);
    return name;
  }

  void add_action(const std::string& region, const std::string& base, std::string_view id, const std::string& what,
                  json parameters, const std::string& target, double minutes) {
    const std::string after = onset_wait(region);
    auto& parts = templates_[region];
    parts.fault_numbers.insert(number_);
    const std::string name = unique_name(parts.actions, "f" + number_ + "-" + base);
    json action{
        {"actionId", id},
        {"description", cut_utf8("fault " + number_ + " (" + current_->summary + "): " + what, longest_description)}};
    std::vector<std::string> shown;
    for (const auto& [key, value] : parameters.items())
      shown.push_back(key + "=" + value.get<std::string>());
    if (!parameters.empty())
      action["parameters"] = std::move(parameters);
    action["targets"] = {{fis_action(id).target_key, target}};
    if (!after.empty())
      action["startAfter"] = json::array({after});
    parts.actions[name] = std::move(action);
    current_->actions.push_back(fmt::format("{}: {} {}{} on {}", region, name, id,
                                            shown.empty() ? "" : " " + join(shown, " "),
                                            describe_target(parts.targets[target])));
    for (const auto permission : fis_action(id).permissions)
      permissions_.insert(std::string(permission));
    plan_.action_minutes += minutes;
  }

  // --- the templates -----------------------------------------------------------------------------------------------

  void assemble() {
    for (auto& [region, parts] : templates_) {
      if (parts.actions.empty())
        continue;
      const auto& binding = bindings_.regions.at(region);
      json stop_conditions = json::array();
      for (const auto& alarm : binding.stop_alarms)
        stop_conditions.push_back({{"source", "aws:cloudwatch:alarm"}, {"value", alarm}});
      if (stop_conditions.empty()) {
        stop_conditions.push_back({{"source", "none"}});
        plan_.notes.push_back(region + " has no stop condition: bind \"stop_condition_alarms\" there, or the "
                                       "experiment runs to its end whatever the application does");
      }
      if (parts.actions.size() > fis_actions_per_template)
        plan_.notes.push_back(fmt::format("{}'s template has {} actions; FIS takes {} per template unless the quota "
                                          "was raised",
                                          region, parts.actions.size(), fis_actions_per_template));
      const std::vector<std::string> numbers(parts.fault_numbers.begin(), parts.fault_numbers.end());
      json body{{"description",
                 cut_utf8(fmt::format("drsim: scenario {}, strategy {}, fault{} {} in {}", plan_.scenario,
                                      plan_.strategy, numbers.size() == 1 ? "" : "s", join(numbers, ", "), region),
                          longest_description)},
                {"stopConditions", std::move(stop_conditions)},
                {"actions", std::move(parts.actions)},
                {"roleArn", binding.role_arn},
                {"tags", {{"drsim:scenario", cut_utf8(plan_.scenario, longest_tag_value)}}}};
      if (!parts.targets.empty())
        body["targets"] = std::move(parts.targets);
      plan_.templates[region] = std::move(body);
    }
    plan_.role_permissions.assign(permissions_.begin(), permissions_.end());
    plan_.hash = sha256_hex(canonical_plan(plan_));
    plan_.run_id = "drsim-" + plan_.hash.substr(0, 12);
    for (auto& [region, body] : plan_.templates) {
      body["clientToken"] = plan_.run_id + "-" + region;
      body["tags"]["drsim:run-id"] = plan_.run_id;
      body["tags"]["drsim:plan-hash"] = plan_.hash;
    }
  }

  const Scenario& scenario_;
  const Bindings& bindings_;
  const PlanOptions& options_;
  std::vector<Diagnostic> problems_;
  DiagnosticSink sink_;
  const Topology* topology_ = nullptr;
  Plan plan_;
  std::map<std::string, TemplateParts> templates_;
  std::set<std::string> permissions_;
  std::set<std::string> reported_;
  // The fault being planned.
  const Fault* fault_ = nullptr;
  PlannedFault* current_ = nullptr;
  std::string number_;
  double onset_ = 0;
  double duration_ = 0;
};

// `text` wrapped to lines of at most `width` columns, each after `indent` (the first after `first`).
std::string wrap(const std::string& text, const std::string& first, const std::string& indent, std::size_t width) {
  std::string out = first;
  std::size_t column = first.size();
  std::size_t start = 0;
  bool line_empty = true;
  while (start < text.size()) {
    auto end = text.find(' ', start);
    if (end == std::string::npos)
      end = text.size();
    const auto word = text.substr(start, end - start);
    if (!line_empty && column + 1 + word.size() > width) {
      out += "\n" + indent;
      column = indent.size();
      line_empty = true;
    }
    if (!line_empty) {
      out += ' ';
      ++column;
    }
    out += word;
    column += word.size();
    line_empty = false;
    start = end + 1;
  }
  return out + "\n";
}

std::string dollars(double usd) { return fmt::format("${:.2f}", usd); }

double cost_usd(const Plan& plan) { return std::round(plan.action_minutes * plan.price.per_action_minute * 100) / 100; }

} // namespace

std::string iso8601_duration(double seconds) {
  const long total = std::lround(seconds);
  const long h = total / 3600, m = total / 60 % 60, s = total % 60;
  std::string text = "PT";
  if (h > 0)
    text += std::to_string(h) + "H";
  if (m > 0)
    text += std::to_string(m) + "M";
  if (s > 0 || total == 0)
    text += std::to_string(s) + "S";
  return text;
}

Plan make_plan(const Scenario& scenario, const Bindings& bindings, const PlanOptions& options) {
  return Planner(scenario, bindings, options).plan();
}

std::string canonical_plan(const Plan& plan) {
  json templates = json::object();
  for (const auto& [region, body] : plan.templates) {
    json copy = body;
    copy.erase("clientToken");
    if (copy.contains("tags")) {
      copy["tags"].erase("drsim:run-id");
      copy["tags"].erase("drsim:plan-hash");
    }
    templates[region] = std::move(copy);
  }
  return json{{"drsim_fis_plan", 1}, {"scenario", plan.scenario}, {"strategy", plan.strategy}, {"templates", templates}}
      .dump();
}

void write_plan_text(std::ostream& out, const Plan& plan, bool with_templates) {
  constexpr std::size_t width = 118;
  out << "FIS plan of scenario " << plan.scenario << ", strategy " << plan.strategy << "\n";
  out << "run id " << plan.run_id << "\n\nFaults\n";
  for (const auto& fault : plan.faults) {
    std::string realization(realization_name(fault.realization));
    if (fault.left_out)
      realization += " (left out: --skip-unrealizable)";
    out << "  " << fault.pointer << " " << fault.summary << ": " << realization << "\n";
    out << wrap(fault.how, "    how: ", "      ", width);
    for (const auto& action : fault.actions)
      out << wrap(action, "    ", "      ", width);
    for (const auto& note : fault.notes)
      out << wrap(note, "    note: ", "      ", width);
  }
  out << "\nTemplates (CreateExperimentTemplate request bodies, one experiment per region)\n";
  if (plan.templates.empty())
    out << "  none: no fault can be injected\n";
  for (const auto& [region, body] : plan.templates) {
    const auto& stops = body["stopConditions"];
    const bool alarms = stops[0]["source"] == "aws:cloudwatch:alarm";
    out << fmt::format("  {}: {} actions, {} targets, {}, role {}\n", region, body["actions"].size(),
                       body.contains("targets") ? body["targets"].size() : 0,
                       alarms ? fmt::format("{} stop condition alarm{}", stops.size(), stops.size() == 1 ? "" : "s")
                              : std::string("no stop condition"),
                       body["roleArn"].get<std::string>());
  }
  if (!plan.templates.empty())
    out << "  longest experiment: " << format_duration(plan.duration_s)
        << " (the latest end of a planned fault; fis run refuses a plan longer than its --max-duration)\n";
  for (const auto& note : plan.notes)
    out << wrap(note, "  note: ", "    ", width);
  if (!plan.role_permissions.empty()) {
    out << "\nThe experiment role (trusted by fis.amazonaws.com) needs\n";
    out << wrap(join(plan.role_permissions, " "), "  ", "  ", width);
  }
  out << fmt::format("\nFIS cost estimate: {} action-minutes x {}/action-minute = {}\n", plan.action_minutes,
                     dollars(plan.price.per_action_minute), dollars(cost_usd(plan)));
  out << wrap("(every action for its planned duration, waits included, and 1 minute for one that takes none; price: " +
                  plan.price.source + ", " + plan.price.date + ")",
              "  ", "   ", width);
  out << "\nPlan hash " << plan.hash << "\n";
  if (!with_templates)
    return;
  for (const auto& [region, body] : plan.templates)
    out << "\n--- template " << region << " ---\n" << body.dump(2) << "\n";
}

json plan_json(const Plan& plan) {
  json faults = json::array();
  for (const auto& fault : plan.faults)
    faults.push_back({{"pointer", fault.pointer},
                      {"fault", fault.summary},
                      {"realization", realization_name(fault.realization)},
                      {"how", fault.how},
                      {"actions", fault.actions},
                      {"notes", fault.notes},
                      {"left_out", fault.left_out}});
  json templates = json::object();
  for (const auto& [region, body] : plan.templates)
    templates[region] = "template-" + region + ".json";
  return {{"drsim_fis_plan", 1},
          {"scenario", plan.scenario},
          {"strategy", plan.strategy},
          {"run_id", plan.run_id},
          {"plan_hash", plan.hash},
          {"faults", faults},
          {"templates", templates},
          {"role_permissions", plan.role_permissions},
          {"notes", plan.notes},
          {"duration_s", plan.duration_s},
          {"cost",
           {{"action_minutes", plan.action_minutes},
            {"usd", cost_usd(plan)},
            {"price_per_action_minute", plan.price.per_action_minute},
            {"price_date", plan.price.date},
            {"price_source", plan.price.source}}}};
}

} // namespace drsim::fis
