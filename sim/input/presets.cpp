#include "sim/input/presets.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <vector>

#include "sim/core/parameters.hpp"
#include "sim/input/input_format.hpp"
#include "sim/input/messages.hpp"
#include "sim/input/parameter_reference.hpp"

namespace drsim {
namespace {

using nlohmann::json;

// What "preset_parameters" may set, with their declared defaults (sim/core/parameters.hpp); the runbook's times stay
// as written, since they go into a runbook document.
struct Parameters {
  json page_time = default_json(parameters::page_time);
  json decide_time = default_json(parameters::decide_time);
  json verify_time = default_json(parameters::verify_time);
  std::optional<json> promotion_time; //!< absent: the database's own
  double standby_share = parameters::standby_share.number();
  Routing routing = *value_of<Routing>(parameters::preset_routing.text());
  double detect_below = 0; //!< 0: detection by the Route 53 health check
};

// The health check a preset gives an endpoint that has none: the declared defaults.
json default_health_check() {
  using namespace parameters;
  return {{health_check_interval.key(), default_json(health_check_interval)},
          {health_check_failure_threshold.key(), default_json(health_check_failure_threshold)}};
}

// Both copies of an active/active design serve at once, which failover routing cannot express.
bool active_active_routing(Routing routing) { return routing == Routing::Weighted || routing == Routing::Latency; }

std::optional<Parameters> read_parameters(Preset kind, const JsonNode& strategy) {
  Parameters p;
  if (kind == Preset::WarmStandby)
    p.decide_time = default_json(parameters::warm_standby_decide_time);
  const auto node = strategy.field("preset_parameters");
  if (!node)
    return p;
  using namespace parameters;
  const std::size_t before = node->sink().problems->size();
  if (!node->expect_object(format::scenario_objects::preset_parameters, name_of(kind)))
    return std::nullopt;
  for (const auto& [key, target] :
       {std::pair{page_time.key(), &p.page_time}, std::pair{decide_time.key(), &p.decide_time},
        std::pair{verify_time.key(), &p.verify_time}})
    if (const auto field = node->field(key); field && field->as_distribution())
      *target = field->value();
  if (const auto field = node->field(preset_promotion_time.key()); field && field->as_distribution())
    p.promotion_time = field->value();
  if (const auto field = node->field(standby_share.key()))
    if (const auto share = field->as_number(standby_share.range.min, standby_share.range.max)) {
      if (!standby_share.range.contains(*share))
        field->problem("must be " + range_text(standby_share) + ", not " + format_number(standby_share.range.min) +
                       "; a warm standby runs some capacity");
      p.standby_share = *share;
    }
  if (const auto field = node->field(preset_routing.key()))
    if (const auto routing = field->as_enum(active_active_routing))
      p.routing = *routing;
  if (const auto field = node->field(detect_below.key()))
    if (const auto bound = field->as_value(detect_below))
      p.detect_below = *bound;
  if (node->sink().problems->size() != before)
    return std::nullopt;
  return p;
}

json* find_named(json& document, const char* list, const std::string& name) {
  if (!document.contains(list) || !document[list].is_array())
    return nullptr;
  for (auto& item : document[list])
    if (item.is_object() && item.value("name", "") == name)
      return &item;
  return nullptr;
}

std::string join(const std::vector<std::string>& names) {
  std::string text;
  for (const auto& name : names)
    text += (text.empty() ? "" : ", ") + name;
  return text;
}

// The component names a topology already uses, so that what the preset adds does not collide.
bool name_taken(const Topology& t, const std::string& name) {
  auto in = [&](const auto& items) {
    return std::any_of(items.begin(), items.end(), [&](const auto& item) { return item.name == name; });
  };
  return in(t.load_balancers) || in(t.fleets) || in(t.databases) || in(t.backups) || in(t.object_stores) ||
         in(t.queues) || in(t.dns) || in(t.clients);
}

// Builds the preset's topology and runbook once the regions are known.
class Builder {
public:
  Builder(Preset kind, const Parameters& parameters, const JsonNode& preset, const json& document,
          const Topology& topology, std::string primary, std::string recovery)
      : kind_(kind), p_(parameters), preset_(preset), doc_(document), t_(topology) {
    plan_.primary_region = std::move(primary);
    plan_.recovery_region = std::move(recovery);
  }

  std::optional<PresetPlan> build() {
    if (!doc_.is_object())
      return std::nullopt;
    shape_fleets();
    shape_routing();
    shape_databases();
    if (!ok_)
      return std::nullopt;
    plan_.runbook = {{"steps", runbook()}};
    plan_.topology = std::move(doc_);
    return std::move(plan_);
  }

private:
  const std::string& P() const { return plan_.primary_region; }
  const std::string& R() const { return plan_.recovery_region; }

  void fail(const std::string& why) {
    preset_.problem("cannot be applied to topology " + in_quotes(t_.name) + ": " + why);
    ok_ = false;
  }

  // Fleet capacity in the recovery region, and a load balancer there for each fleet served from the primary's.
  void shape_fleets() {
    for (const auto& fleet : t_.fleets) {
      const auto primary = fleet.capacity.find(P());
      json* node = find_named(doc_, "fleets", fleet.name);
      if (primary == fleet.capacity.end() || node == nullptr || !(*node)["capacity"].is_object())
        continue;
      const FleetCapacity& full = primary->second;
      json capacity{{"min", 0}, {"desired", 0}, {"max", full.max}};
      switch (kind_) {
      case Preset::BackupRestore: // nothing runs in the recovery region until the event
      case Preset::PilotLight:    // services idle, provisioned to scale out after the event
        break;
      case Preset::WarmStandby: {
        const int standby = std::max(1, static_cast<int>(std::lround(p_.standby_share * full.desired)));
        capacity = {{"min", std::min(standby, full.max)}, {"desired", std::min(standby, full.max)}, {"max", full.max}};
        standby_.push_back({fleet.name, std::min(standby, full.max)});
        break;
      }
      case Preset::ActiveActive: // full capacity serving in both regions
        capacity = {{"min", full.min}, {"desired", full.desired}, {"max", full.max}};
        break;
      }
      (*node)["capacity"][R()] = capacity;
      scaled_.push_back({fleet.name, full.desired});

      const LoadBalancer* home = nullptr;
      const LoadBalancer* away = nullptr;
      for (const auto& lb : t_.load_balancers)
        if (lb.fleet == fleet.name) {
          if (lb.region == P() && home == nullptr)
            home = &lb;
          if (lb.region == R() && away == nullptr)
            away = &lb;
        }
      if (home == nullptr)
        continue;
      std::string recovery_lb = away != nullptr ? away->name : fleet.name + "-" + R() + "-lb";
      if (away == nullptr) {
        if (name_taken(t_, recovery_lb)) {
          fail("the load balancer it would add in " + R() + ", " + in_quotes(recovery_lb) +
               ", has the name of another component; add a load balancer for fleet " + in_quotes(fleet.name) + " in " +
               R() + " to the topology");
          continue;
        }
        json lb{{"name", recovery_lb}, {"region", R()}, {"fleet", fleet.name}};
        if (const json* source = find_named(doc_, "load_balancers", home->name);
            source && source->contains("health_check"))
          lb["health_check"] = (*source)["health_check"];
        doc_["load_balancers"].push_back(std::move(lb));
      }
      recovery_lb_[home->name] = recovery_lb;
    }
  }

  // DNS: each record answering with a primary-region load balancer also gets the recovery one, every endpoint
  // health-checked. Failover routing (primary, secondary) for the three standby strategies, weighted or latency
  // routing over every endpoint for active/active.
  void shape_routing() {
    for (const auto& record : t_.dns) {
      json* node = find_named(doc_, "dns", record.name);
      const auto served = std::find_if(record.endpoints.begin(), record.endpoints.end(),
                                       [&](const DnsEndpoint& e) { return recovery_lb_.contains(e.target); });
      if (node == nullptr || served == record.endpoints.end())
        continue;
      auto check_of = [&](const std::string& target) {
        if ((*node)["endpoints"].is_array())
          for (const auto& endpoint : (*node)["endpoints"])
            if (endpoint.is_object() && endpoint.value("target", "") == target && endpoint.contains("health_check"))
              return endpoint["health_check"];
        return default_health_check();
      };
      const std::string& home = served->target;
      const std::string& away = recovery_lb_.at(home);
      json endpoints = json::array();
      if (kind_ == Preset::ActiveActive) {
        std::vector<std::string> targets;
        for (const auto& endpoint : record.endpoints)
          targets.push_back(endpoint.target);
        if (std::find(targets.begin(), targets.end(), away) == targets.end())
          targets.push_back(away);
        for (const auto& target : targets) {
          json endpoint{{"target", target}, {"health_check", check_of(target)}};
          if (p_.routing == Routing::Weighted)
            endpoint["weight"] = 1;
          endpoints.push_back(std::move(endpoint));
        }
        (*node)["routing"] = name_of(p_.routing);
      } else {
        endpoints.push_back({{"target", home}, {"role", "primary"}, {"health_check", check_of(home)}});
        endpoints.push_back({{"target", away}, {"role", "secondary"}, {"health_check", check_of(away)}});
        (*node)["routing"] = name_of(Routing::Failover);
      }
      (*node)["endpoints"] = std::move(endpoints);
      switched_.push_back({record.name, away});
      if (watched_lb_.empty())
        watched_lb_ = home;
    }
    if (watched_lb_.empty())
      fail("no DNS record answers with a load balancer in the primary region " + in_quotes(P()) +
           ", so traffic has no way to move to " + in_quotes(R()));
  }

  std::string free_replica_name(const Database& db) const {
    for (const std::string& name : {std::string("dr"), "dr-" + R()}) {
      if (std::none_of(db.replicas.begin(), db.replicas.end(), [&](const DatabaseNode& n) { return n.name == name; }))
        return name;
    }
    return "dr-" + R() + "-" + std::to_string(db.replicas.size());
  }

  // The backup a restore uses: point-in-time logs first (the smallest data loss), then the most frequent.
  const Backup* restorable_backup(const Database& db) const {
    const Backup* best = nullptr;
    for (const auto& backup : t_.backups) {
      if (backup.source != db.name)
        continue;
      if (best == nullptr || (backup.log_interval_s > 0) > (best->log_interval_s > 0) ||
          ((backup.log_interval_s > 0) == (best->log_interval_s > 0) && backup.every_s < best->every_s))
        best = &backup;
    }
    return best;
  }

  void shape_databases() {
    const auto& recovery_azs = t_.find_region(R())->azs;
    const char* async = name_of(ReplicationMode::Async);
    for (const auto& db : t_.databases) {
      json* node = find_named(doc_, "databases", db.name);
      if (node == nullptr)
        continue;
      auto& replicas = (*node)["replicas"];
      if (!replicas.is_array())
        replicas = json::array();
      const auto in_recovery =
          std::find_if(db.replicas.begin(), db.replicas.end(), [&](const DatabaseNode& n) { return n.region == R(); });
      std::string replica = in_recovery != db.replicas.end() ? in_recovery->name : free_replica_name(db);
      const bool add_replica = in_recovery == db.replicas.end() && !recovery_azs.empty();
      switch (kind_) {
      case Preset::BackupRestore: {
        json kept = json::array();
        for (const auto& item : replicas)
          if (!(item.is_object() && item.value("region", "") == R() && item.value("mode", "") == async))
            kept.push_back(item);
        replicas = std::move(kept);
        (*node)["multi_writer"] = false;
        const Backup* backup = restorable_backup(db);
        if (backup == nullptr) {
          fail("database " + in_quotes(db.name) + " has no backup to restore in " + in_quotes(R()) +
               "; add one to \"backups\"");
          continue;
        }
        if (json* b = find_named(doc_, "backups", backup->name)) {
          if (!(*b)["copy_to"].is_array())
            (*b)["copy_to"] = json::array();
          if (std::find((*b)["copy_to"].begin(), (*b)["copy_to"].end(), json(R())) == (*b)["copy_to"].end())
            (*b)["copy_to"].push_back(R());
        }
        restored_.push_back({db.name, backup->name});
        break;
      }
      case Preset::PilotLight:
      case Preset::WarmStandby:
        if (db.multi_writer)
          (*node)["multi_writer"] = false;
        if (in_recovery != db.replicas.end() && in_recovery->mode != ReplicationMode::Async) {
          fail("the replica " + in_quotes(replica) + " of database " + in_quotes(db.name) + " in " + in_quotes(R()) +
               " is not asynchronous; a cross-region replica must be");
          continue;
        }
        if (add_replica)
          replicas.push_back({{"name", replica}, {"region", R()}, {"az", recovery_azs.front()}, {"mode", async}});
        if (p_.promotion_time)
          (*node)["promotion_time"] = *p_.promotion_time;
        promoted_.push_back({db.name, replica});
        break;
      case Preset::ActiveActive:
        // The simulator's only multi-writer engine is DynamoDB global tables: any other engine becomes one.
        (*node)["engine"] = name_of(DatabaseEngine::DynamoDbGlobal);
        (*node)["multi_writer"] = true;
        if (add_replica)
          replicas.push_back({{"name", replica}, {"region", R()}, {"az", recovery_azs.front()}, {"mode", async}});
        break;
      }
    }
  }

  // Step ids read like the runbooks people write: "restore", or "restore-orders-db" when there are several.
  template <class Item> static std::string id(const char* action, const std::vector<Item>& all, const Item& one) {
    return all.size() == 1 ? std::string(action) : std::string(action) + "-" + one.first;
  }

  json runbook() const {
    json steps = json::array();
    json on =
        p_.detect_below > 0 ? json{{"success_ratio_below", p_.detect_below}} : json{{"health_check_of", watched_lb_}};
    steps.push_back({{"id", "detect"}, {"action", name_of(StepAction::Detect)}, {"on", on}});
    if (kind_ == Preset::ActiveActive)
      return steps; // DNS health checks move the traffic; the team is told, but nothing waits for them
    steps.push_back({{"id", "page"}, {"action", name_of(StepAction::Page)}, {"manual", true}, {"delay", p_.page_time}});
    steps.push_back(
        {{"id", "decide"}, {"action", name_of(StepAction::Decide)}, {"manual", true}, {"delay", p_.decide_time}});
    json ready = json::array();
    for (const auto& item : restored_) {
      const auto step = id("restore", restored_, item);
      steps.push_back({{"id", step},
                       {"action", name_of(StepAction::Restore)},
                       {"backup", item.second},
                       {"database", item.first},
                       {"region", R()},
                       {"after", {"decide"}}});
      ready.push_back(step);
    }
    for (const auto& item : promoted_) {
      const auto step = id("promote", promoted_, item);
      steps.push_back({{"id", step},
                       {"action", name_of(StepAction::Promote)},
                       {"database", item.first},
                       {"replica", item.second},
                       {"after", {"decide"}}});
      ready.push_back(step);
    }
    for (const auto& item : scaled_) {
      const auto step = id("scale", scaled_, item);
      steps.push_back({{"id", step},
                       {"action", name_of(StepAction::Scale)},
                       {"fleet", item.first},
                       {"region", R()},
                       {"desired", item.second},
                       {"after", {"decide"}}});
      ready.push_back(step);
    }
    if (kind_ == Preset::WarmStandby) {
      // The failover record already sends traffic to the standby's load balancer, and back once the primary's
      // passes its health check again.
      failback(steps, ready);
      return steps;
    }
    json switched = json::array();
    for (const auto& item : switched_) {
      const auto step = id("switch-dns", switched_, item);
      steps.push_back({{"id", step},
                       {"action", name_of(StepAction::SwitchDns)},
                       {"record", item.first},
                       {"to", item.second},
                       {"after", ready}});
      switched.push_back(step);
    }
    steps.push_back({{"id", "verify"},
                     {"action", name_of(StepAction::Verify)},
                     {"manual", true},
                     {"delay", p_.verify_time},
                     {"after", switched.empty() ? ready : switched}});
    return steps;
  }

  // Warm standby's failback, once the primary region's load balancer passes its health check again: each promoted
  // database's original primary resynchronises from the promoted replica and takes the writes back in a planned
  // switch-over, then the standby fleets scale back down.
  void failback(json& steps, const json& ready) const {
    if (promoted_.empty() || watched_lb_.empty())
      return;
    steps.push_back({{"id", "wait-healthy"},
                     {"action", name_of(StepAction::WaitHealthy)},
                     {"on", {{"health_check_of", watched_lb_}}},
                     {"after", ready}});
    json switched = json::array();
    for (const auto& item : promoted_) {
      const auto resync = id("resync", promoted_, item);
      const auto switch_over = id("switch-over", promoted_, item);
      steps.push_back({{"id", resync},
                       {"action", name_of(StepAction::Resync)},
                       {"database", item.first},
                       {"replica", "primary"},
                       {"after", {"wait-healthy"}}});
      steps.push_back({{"id", switch_over},
                       {"action", name_of(StepAction::SwitchOver)},
                       {"database", item.first},
                       {"replica", "primary"},
                       {"after", {resync}}});
      switched.push_back(switch_over);
    }
    for (const auto& item : standby_)
      steps.push_back({{"id", id("scale-down", standby_, item)},
                       {"action", name_of(StepAction::Scale)},
                       {"fleet", item.first},
                       {"region", R()},
                       {"desired", item.second},
                       {"after", switched}});
  }

  Preset kind_;
  const Parameters& p_;
  const JsonNode& preset_;
  json doc_;
  const Topology& t_;
  PresetPlan plan_;
  bool ok_ = true;
  std::map<std::string, std::string> recovery_lb_;   //!< primary-region load balancer -> its recovery counterpart
  std::string watched_lb_;                           //!< whose health check detects the event
  std::vector<std::pair<std::string, int>> scaled_;  //!< fleet, desired capacity to scale to
  std::vector<std::pair<std::string, int>> standby_; //!< warm standby: fleet, its standby capacity to scale back to
  std::vector<std::pair<std::string, std::string>> restored_; //!< database, backup
  std::vector<std::pair<std::string, std::string>> promoted_; //!< database, replica
  std::vector<std::pair<std::string, std::string>> switched_; //!< record, load balancer
};

} // namespace

std::optional<PresetPlan> apply_preset(Preset preset, const JsonNode& strategy, const json& document,
                                       const Topology& topology) {
  const auto preset_node = strategy.field("preset");
  if (!preset_node)
    return std::nullopt;
  const auto parameters = read_parameters(preset, strategy);

  // The primary region is where the (first) primary database runs; without databases, where the first DNS
  // record's first endpoint is.
  std::string primary;
  if (!topology.databases.empty())
    primary = topology.databases.front().primary.region;
  else if (!topology.dns.empty() && !topology.dns.front().endpoints.empty())
    if (const auto* lb = topology.find_load_balancer(topology.dns.front().endpoints.front().target))
      primary = lb->region;
  std::vector<std::string> others;
  for (const auto& region : topology.regions)
    if (region.name != primary)
      others.push_back(region.name);
  if (primary.empty() || topology.find_region(primary) == nullptr) {
    preset_node->problem("cannot be applied to topology " + in_quotes(topology.name) +
                         ": it has no primary region (no database, and no DNS record answering with a load balancer)");
    return std::nullopt;
  }
  if (others.empty()) {
    preset_node->problem("cannot be applied to topology " + in_quotes(topology.name) + ": it has one region (" +
                         primary + "); a DR strategy needs a recovery region");
    return std::nullopt;
  }
  std::string recovery;
  if (const auto field = strategy.field("recovery_region")) {
    const auto name = field->as_name();
    if (!name)
      return std::nullopt;
    if (*name == primary) {
      field->problem("is the primary region (where the primary database runs); expected another region: " +
                     join(others));
      return std::nullopt;
    }
    if (!field->check_reference(*name, "region", others))
      return std::nullopt;
    recovery = *name;
  } else if (others.size() > 1) {
    strategy.problem("missing key \"recovery_region\": topology " + in_quotes(topology.name) + " has " +
                     std::to_string(topology.regions.size()) + " regions, so a preset needs to be told which one " +
                     "recovers; expected one of: " + join(others));
    return std::nullopt;
  } else {
    recovery = others.front();
  }
  if (!parameters)
    return std::nullopt;
  return Builder(preset, *parameters, *preset_node, document, topology, primary, recovery).build();
}

} // namespace drsim
