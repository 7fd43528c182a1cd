#include "sim/fis/step_watch.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "sim/fis/xml_text.hpp"

namespace drsim::fis {
namespace {

using nlohmann::json;

// The API versions of botocore's models: RDS 2014-10-31, Auto Scaling 2011-01-01, Route 53 2013-04-01.
constexpr const char* rds_version = "2014-10-31";
constexpr const char* autoscaling_version = "2011-01-01";

// A record has few sets of its own name: one page of ListResourceRecordSets holds them (at most 300 a page).
constexpr const char* record_sets_per_page = "100";

std::string text_in(std::string_view xml, const char* element) { return xml_text(xml, element).value_or(""); }

// Each step is watched where its change happens; what is missing is said, not guessed.
class StepWatchPlanner {
public:
  StepWatchPlanner(const Strategy& strategy, const Bindings& bindings) : strategy_(strategy), bindings_(bindings) {}

  StepWatchPlan plan() {
    for (const auto& step : strategy_.runbook.steps) {
      std::string why;
      if (step.action == StepAction::Promote)
        why = promote(step);
      else if (step.action == StepAction::Scale)
        why = scale(step);
      else if (step.action == StepAction::SwitchDns)
        why = switch_dns(step);
      else
        continue;
      if (!why.empty())
        plan_.unwatched.push_back(step.id + " (" + std::string(name_of(step.action)) + "): " + why);
    }
    return std::move(plan_);
  }

private:
  WatchedStep base(const RunbookStep& step, std::string target) const {
    WatchedStep watched;
    watched.step = step.id;
    watched.action = std::string(name_of(step.action));
    watched.target = std::move(target);
    return watched;
  }

  std::string promote(const RunbookStep& step) {
    const auto* database = strategy_.topology.find_database(step.database);
    if (database == nullptr || database->replicas.empty())
      return "database " + step.database + " has no replica to promote";
    auto replica = std::find_if(database->replicas.begin(), database->replicas.end(),
                                [&](const DatabaseNode& node) { return node.name == step.replica; });
    if (replica == database->replicas.end())
      replica = database->replicas.begin();
    auto watched = base(step, database->name);
    watched.region = replica->region;
    const auto bound = bindings_.databases.find(database->name);
    if (bound == bindings_.databases.end() || !bound->second.contains(replica->region))
      return "bind database " + database->name + " in " + replica->region + " (" +
             pointer_to({"databases", database->name, replica->region}) + ")";
    const auto& binding = bound->second.at(replica->region);
    switch (database->engine) {
    case DatabaseEngine::Rds:
      watched.look = StepLook::DbInstance;
      break;
    case DatabaseEngine::Aurora:
      watched.look = StepLook::DbCluster;
      break;
    case DatabaseEngine::AuroraGlobal:
      watched.look = StepLook::GlobalCluster;
      break;
    case DatabaseEngine::DynamoDbGlobal:
    case DatabaseEngine::SelfManaged:
    case DatabaseEngine::Invalid:
      return "RDS has no promotion to look at for a database of this engine";
    }
    watched.identifier = binding.identifier;
    plan_.steps.push_back(std::move(watched));
    return "";
  }

  std::string scale(const RunbookStep& step) {
    auto watched = base(step, step.fleet);
    watched.region = step.region;
    watched.look = StepLook::AutoScalingGroup;
    watched.desired = step.desired;
    const auto bound = bindings_.fleets.find(step.fleet);
    if (bound == bindings_.fleets.end() || !bound->second.contains(step.region))
      return "bind fleet " + step.fleet + " in " + step.region + " (" +
             pointer_to({"fleets", step.fleet, step.region}) + ")";
    const auto& binding = bound->second.at(step.region);
    watched.identifier = binding.auto_scaling_group;
    watched.tags = binding.tags;
    plan_.steps.push_back(std::move(watched));
    return "";
  }

  std::string switch_dns(const RunbookStep& step) {
    auto watched = base(step, step.record);
    watched.look = StepLook::RecordSets;
    const auto* balancer = strategy_.topology.find_load_balancer(step.to);
    watched.region = balancer != nullptr ? balancer->region : "";
    const auto zone = bindings_.dns.find(step.record);
    if (zone == bindings_.dns.end())
      return "bind DNS record " + step.record + " to its hosted zone (" + pointer_to({"dns", step.record}) + ")";
    const auto name = bindings_.load_balancers.find(step.to);
    if (name == bindings_.load_balancers.end())
      return "bind load balancer " + step.to + " to its DNS name (" + pointer_to({"load_balancers", step.to}) + ")";
    watched.identifier = zone->second;
    watched.answer = name->second;
    plan_.steps.push_back(std::move(watched));
    return "";
  }

  const Strategy& strategy_;
  const Bindings& bindings_;
  StepWatchPlan plan_;
};

} // namespace

StepWatchPlan watched_steps(const Strategy& strategy, const Bindings& bindings) {
  return StepWatchPlanner(strategy, bindings).plan();
}

std::string dns_key(std::string name) {
  std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
  if (name.ends_with('.'))
    name.pop_back();
  if (name.starts_with("dualstack."))
    name.erase(0, 10);
  return name;
}

std::optional<StepState> promoted_instance(const std::string& answer) {
  if (!xml_text(answer, "DBInstanceIdentifier"))
    return std::nullopt;
  const auto source = text_in(answer, "ReadReplicaSourceDBInstanceIdentifier");
  return source.empty() ? StepState{true, "standalone (writable)"} : StepState{false, "read replica of " + source};
}

std::optional<StepState> promoted_cluster(const std::string& answer) {
  if (!xml_text(answer, "DBClusterIdentifier"))
    return std::nullopt;
  const auto source = text_in(answer, "ReplicationSourceIdentifier");
  return source.empty() ? StepState{true, "standalone (writable)"} : StepState{false, "replica of " + source};
}

std::optional<StepState> global_writer(const std::string& answer, const std::string& identifier) {
  const std::string suffix = ":cluster:" + identifier;
  for (const auto member : xml_elements(answer, "GlobalClusterMember"))
    if (text_in(member, "DBClusterArn").ends_with(suffix)) {
      const bool writer = text_in(member, "IsWriter") == "true";
      return StepState{writer, writer ? "the global cluster's writer" : "a secondary of the global cluster"};
    }
  return std::nullopt;
}

std::optional<StepState> scaled_out(const std::string& answer, int desired) {
  if (!xml_text(answer, "AutoScalingGroupName"))
    return std::nullopt;
  // Each instance has its LifecycleState; the groups have none of their own.
  const auto states = xml_elements(answer, "LifecycleState");
  const auto in_service =
      std::count_if(states.begin(), states.end(), [](std::string_view state) { return state == "InService"; });
  return StepState{in_service >= desired, fmt::format("{} of {} instances in service", in_service, desired)};
}

std::optional<StepState> dns_switched(const std::string& answer, const std::string& record, const std::string& to) {
  std::vector<std::string> targets;
  bool found = false;
  for (const auto set : xml_elements(answer, "ResourceRecordSet")) {
    if (dns_key(text_in(set, "Name")) != dns_key(record))
      continue;
    found = true;
    // A failover secondary answers only while the primary is unhealthy, and a set of weight 0 only when all are: the
    // health checks' doing, which the detection row reports, not a switch.
    if (text_in(set, "Failover") == "SECONDARY" || text_in(set, "Weight") == "0")
      continue;
    if (const auto alias = xml_text(set, "AliasTarget"))
      targets.push_back(dns_key(text_in(*alias, "DNSName")));
    for (const auto value : xml_elements(set, "Value"))
      targets.push_back(dns_key(xml_unescaped(value)));
  }
  if (!found)
    return std::nullopt;
  std::sort(targets.begin(), targets.end());
  targets.erase(std::unique(targets.begin(), targets.end()), targets.end());
  const bool done = !targets.empty() && std::all_of(targets.begin(), targets.end(),
                                                    [&](const std::string& target) { return target == dns_key(to); });
  return StepState{done, targets.empty() ? std::string("no answer")
                                         : "answers " + fmt::format("{}", fmt::join(targets, ", "))};
}

StepWatch::StepWatch(AwsClient& client, Journal& journal, std::vector<WatchedStep> steps, double interval_s)
    : client_(client), journal_(journal), steps_(std::move(steps)), periodic_("the runbook's steps", interval_s) {}

void StepWatch::start() {
  if (steps_.empty())
    return;
  periodic_.start([this] {
    for (const auto& step : steps_) {
      if (periodic_.stopping())
        return;
      look(step);
    }
  });
}

void StepWatch::look(const WatchedStep& step) {
  std::optional<StepState> state;
  const auto rds = [&](std::map<std::string, std::string> query) {
    query["Version"] = rds_version;
    return client_.call("GET", "rds", step.region, "/", query).body;
  };
  try {
    switch (step.look) {
    case StepLook::DbInstance:
      state = promoted_instance(rds({{"Action", "DescribeDBInstances"}, {"DBInstanceIdentifier", step.identifier}}));
      break;
    case StepLook::DbCluster:
      state = promoted_cluster(rds({{"Action", "DescribeDBClusters"}, {"DBClusterIdentifier", step.identifier}}));
      break;
    case StepLook::GlobalCluster:
      state = global_writer(rds({{"Action", "DescribeGlobalClusters"}}), step.identifier);
      break;
    case StepLook::AutoScalingGroup: {
      std::map<std::string, std::string> query{{"Action", "DescribeAutoScalingGroups"},
                                               {"Version", autoscaling_version}};
      if (!step.identifier.empty()) {
        query["AutoScalingGroupNames.member.1"] = step.identifier;
      } else {
        int filter = 0;
        for (const auto& [key, value] : step.tags) {
          const auto prefix = "Filters.member." + std::to_string(++filter);
          query[prefix + ".Name"] = "tag:" + key;
          query[prefix + ".Values.member.1"] = value;
        }
      }
      state = scaled_out(client_.call("GET", "autoscaling", step.region, "/", query).body, step.desired);
      break;
    }
    case StepLook::RecordSets:
      state =
          dns_switched(client_
                           .call("GET", "route53", "us-east-1", "/2013-04-01/hostedzone/" + step.identifier + "/rrset",
                                 {{"name", step.target}, {"maxitems", record_sets_per_page}})
                           .body,
                       step.target, step.answer);
      break;
    }
  } catch (const AwsError& e) {
    journal_.write(
        "error", {{"step", step.step}, {"message", e.what()}, {"status", e.status()}, {"error_type", e.error_type()}});
    return;
  }
  const auto seen = state ? state->seen : std::string("not found");
  auto& last = seen_[step.step];
  if (last == seen)
    return;
  last = seen;
  journal_.write("step", {{"step", step.step},
                          {"action", step.action},
                          {"target", step.target},
                          {"region", step.region},
                          {"done", state && state->done},
                          {"seen", seen}});
}

} // namespace drsim::fis
