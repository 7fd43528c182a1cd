#include "sim/import/terraform_topology.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <map>
#include <optional>
#include <ostream>
#include <set>
#include <utility>

#include "sim/core/parameters.hpp"
#include "sim/input/parameter_reference.hpp"

namespace drsim::terraform {
namespace {

using nlohmann::json;
using nlohmann::ordered_json;

// A number Terraform could hold for a count, a size or a duration; a larger one is treated as missing, which keeps
// every conversion to an integer defined.
std::optional<double> number(const json& object, const char* key) {
  const json& value = member(object, key);
  if (value.is_number() && std::abs(value.get<double>()) <= 1e12)
    return value.get<double>();
  return std::nullopt;
}

// A nested block: Terraform writes `health_check { ... }` as a list of one object.
const json& block(const json& object, const char* key) {
  const json& value = member(object, key);
  if (value.is_array() && !value.empty())
    return value.front();
  return value.is_object() ? value : member(json(), "");
}

std::vector<const json*> blocks(const json& object, const char* key) {
  std::vector<const json*> result;
  const json& value = member(object, key);
  if (value.is_array())
    for (const json& item : value)
      if (item.is_object())
        result.push_back(&item);
  return result;
}

std::vector<std::string> strings(const json& object, const char* key) {
  std::vector<std::string> result;
  const json& value = member(object, key);
  if (value.is_array())
    for (const json& item : value)
      if (item.is_string())
        result.push_back(item.get<std::string>());
  return result;
}

// A number exactly as Terraform gave it: a stream's six significant digits would turn 1000001 into "1e+06".
std::string exact(double value) {
  std::array<char, 400> buffer{};
  const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value, std::chars_format::fixed);
  return {buffer.data(), result.ptr};
}

// A count of seconds as drsim writes a duration: a day as "24h", as the reference topologies write it.
std::string seconds(double value) {
  if (value > 86400 && std::fmod(value, 86400) == 0)
    return exact(value / 86400) + 'd';
  if (value >= 3600 && std::fmod(value, 3600) == 0)
    return exact(value / 3600) + 'h';
  return exact(value) + 's';
}

// A DNS name compared as Route 53 does: case aside, without the root's dot or the ALB's "dualstack." prefix.
std::string dns_name(std::string name) {
  std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
  if (name.starts_with("dualstack."))
    name.erase(0, 10);
  if (name.ends_with('.'))
    name.pop_back();
  return name;
}

// The snapshot interval of an AWS Backup schedule, `cron(minutes hours day-of-month month day-of-week year)`; none
// when the expression says something else (a rate, a list of hours).
std::optional<double> schedule_interval(const std::string& schedule) {
  if (!schedule.starts_with("cron(") || !schedule.ends_with(')'))
    return std::nullopt;
  std::istringstream fields(schedule.substr(5, schedule.size() - 6));
  std::vector<std::string> field;
  for (std::string word; fields >> word;)
    field.push_back(word);
  if (field.size() != 6)
    return std::nullopt;
  const std::string& hours = field[1];
  if (hours == "*")
    return 3600.0;
  if (const auto slash = hours.find('/'); slash != std::string::npos) {
    const std::string step = hours.substr(slash + 1);
    if (step.empty() || step.size() > 3 ||
        !std::all_of(step.begin(), step.end(), [](unsigned char c) { return std::isdigit(c); }) || std::stoi(step) == 0)
      return std::nullopt;
    return 3600.0 * std::stoi(step);
  }
  if (!std::all_of(hours.begin(), hours.end(), [](unsigned char c) { return std::isdigit(c); }))
    return std::nullopt;
  const std::string& day_of_month = field[2];
  const std::string& day_of_week = field[4];
  if (day_of_week != "?" && day_of_week != "*")
    return day_of_week.find_first_of(",-") == std::string::npos ? std::optional<double>(7 * 86400.0) : std::nullopt;
  if (day_of_month != "?" && day_of_month != "*")
    return std::nullopt;
  return 86400.0;
}

const std::set<std::string>& mapped_types() {
  static const std::set<std::string> types{"aws_alb",
                                           "aws_alb_listener",
                                           "aws_alb_target_group",
                                           "aws_autoscaling_attachment",
                                           "aws_autoscaling_group",
                                           "aws_backup_plan",
                                           "aws_backup_selection",
                                           "aws_backup_vault",
                                           "aws_backup_vault_lock_configuration",
                                           "aws_db_instance",
                                           "aws_db_instance_automated_backups_replication",
                                           "aws_dynamodb_table",
                                           "aws_dynamodb_table_replica",
                                           "aws_launch_configuration",
                                           "aws_launch_template",
                                           "aws_lb",
                                           "aws_lb_listener",
                                           "aws_lb_target_group",
                                           "aws_rds_cluster",
                                           "aws_rds_cluster_instance",
                                           "aws_rds_global_cluster",
                                           "aws_route53_health_check",
                                           "aws_route53_record",
                                           "aws_route53_zone",
                                           "aws_s3_bucket",
                                           "aws_s3_bucket_replication_configuration",
                                           "aws_subnet"};
  return types;
}

class Importer {
public:
  explicit Importer(const Plan& plan) : plan_(plan), used_(plan.resources.size(), false) {}

  Import run(const std::string& name, const std::string& source) {
    read_zones();
    import_object_stores();
    import_rds_instances();
    import_aurora_clusters();
    import_dynamodb_tables();
    import_fleets();
    import_load_balancers();
    import_dns();
    import_backup_plans();
    finish_regions();
    assume_global_figures();
    list_unused();
    return {assemble(name, source), std::move(assumptions_), std::move(not_imported_)};
  }

private:
  const Plan& plan_;
  std::vector<bool> used_;
  std::vector<std::string> regions_;                    //!< in order of first use
  std::map<std::string, std::vector<std::string>> azs_; //!< region -> its AZs, in order of first use
  std::set<std::string> assumed_az_regions_;
  std::map<std::string, std::string> az_ids_;     //!< AZ name ("us-east-1a") -> AZ ID ("use1-az1"), from subnets
  std::map<std::string, std::string> subnet_azs_; //!< subnet ID -> AZ
  std::set<std::string> names_;
  std::map<std::string, std::string> notes_; //!< address -> why a resource of a mapped type was left out
  std::vector<Assumption> assumptions_;
  std::vector<NotImported> not_imported_;
  std::set<std::string> instance_types_;

  ordered_json clients_ = ordered_json::array();
  ordered_json dns_ = ordered_json::array();
  ordered_json load_balancers_ = ordered_json::array();
  ordered_json fleets_ = ordered_json::array();
  ordered_json databases_ = ordered_json::array();
  ordered_json backups_ = ordered_json::array();
  ordered_json object_stores_ = ordered_json::array();

  std::map<std::string, std::string> data_by_arn_;            //!< database or bucket ARN -> component
  std::map<std::size_t, std::string> fleet_of_group_;         //!< Auto Scaling group (resource index) -> fleet
  std::map<std::string, std::vector<std::size_t>> group_tgs_; //!< target group ARN -> Auto Scaling groups
  std::map<std::string, std::string> lb_by_dns_;              //!< load balancer DNS name -> component

  struct PendingBackup {
    std::string source;
    std::string name;
    std::string region;
    double every_s = 86400;
    bool every_known = true;
    std::optional<double> retention_s;
    bool logs = false;
    std::set<std::string> copy_to;
    bool vaulted = false;
    std::string why; //!< where its figures come from
  };
  std::vector<PendingBackup> pending_backups_;

  // A database's own backups: a daily snapshot kept `days`, with point-in-time logs.
  static PendingBackup automated_backup(const std::string& source, const std::string& region, double days,
                                        const std::string& why) {
    PendingBackup backup;
    backup.source = source;
    backup.name = source + "-automated";
    backup.region = region;
    backup.retention_s = days * 86400;
    backup.logs = true;
    backup.why = why;
    return backup;
  }

  template <class Function> void each(std::initializer_list<std::string_view> types, Function function) {
    for (std::size_t i = 0; i < plan_.resources.size(); ++i)
      if (std::find(types.begin(), types.end(), plan_.resources[i].type) != types.end())
        function(i, plan_.resources[i]);
  }

  // The resource of one of `types` whose attribute in `keys` equals `value`.
  std::optional<std::size_t> find(std::initializer_list<std::string_view> types, const std::string& value,
                                  std::initializer_list<const char*> keys) const {
    if (value.empty())
      return std::nullopt;
    for (std::size_t i = 0; i < plan_.resources.size(); ++i) {
      const Resource& resource = plan_.resources[i];
      if (std::find(types.begin(), types.end(), resource.type) == types.end())
        continue;
      for (const char* key : keys)
        if (text(resource.values, key) == value)
          return i;
    }
    return std::nullopt;
  }

  void skip(const Resource& resource, const std::string& reason) { notes_.emplace(resource.address, reason); }

  void assume(std::string pointer, json value, std::string reason) {
    assumptions_.push_back({std::move(pointer), std::move(value), std::move(reason)});
  }

  // A key left out so that drsim's documented default applies.
  void assume_default(const std::string& pointer, const Parameter& parameter, const std::string& why) {
    std::string reason = why + "; drsim's default";
    if (!parameter.source.empty())
      reason += " (" + std::string(parameter.source) + ")";
    assume(pointer, default_json(parameter), reason);
  }

  std::string claim(const std::string& wanted) {
    const std::string base = wanted.empty() ? std::string("component") : wanted;
    std::string name = base;
    for (int n = 2; names_.contains(name); ++n)
      name = base + "-" + std::to_string(n);
    names_.insert(name);
    return name;
  }

  void add_region(const std::string& region) {
    if (!region.empty() && !azs_.contains(region)) {
      regions_.push_back(region);
      azs_[region];
    }
  }

  std::string az_of(const std::string& az) const {
    const auto id = az_ids_.find(az);
    return id == az_ids_.end() ? az : id->second;
  }

  void add_az(const std::string& region, const std::string& az) {
    if (region.empty() || az.empty())
      return;
    add_region(region);
    auto& list = azs_[region];
    const std::string name = az_of(az);
    if (std::find(list.begin(), list.end(), name) == list.end())
      list.push_back(name);
  }

  // An AZ of `region` for a component that names none: the region's first, or one assumed when the plan names none.
  std::string some_az(const std::string& region, const std::string& other_than = {}) {
    add_region(region);
    auto& list = azs_[region];
    for (const auto& az : list)
      if (az != other_than)
        return az;
    std::string az = region + static_cast<char>('a' + list.size());
    list.push_back(az);
    assumed_az_regions_.insert(region);
    return az;
  }

  void read_zones() {
    each({"aws_subnet"}, [&](std::size_t i, const Resource& r) {
      used_[i] = true;
      const std::string name = text(r.values, "availability_zone");
      const std::string id = text(r.values, "availability_zone_id");
      if (!name.empty() && !id.empty())
        az_ids_[name] = id;
      const std::string az = id.empty() ? name : id;
      if (!text(r.values, "id").empty())
        subnet_azs_[text(r.values, "id")] = az;
    });
    each({"aws_subnet"}, [&](std::size_t, const Resource& r) {
      add_az(r.region, text(r.values, "availability_zone_id").empty() ? text(r.values, "availability_zone")
                                                                      : text(r.values, "availability_zone_id"));
    });
  }

  void import_object_stores() {
    std::map<std::string, std::set<std::string>> replicate_to; // source bucket -> regions
    std::set<std::string> destinations;
    const auto replicate = [&](std::size_t source, const std::vector<const json*>& rules) {
      for (const json* rule : rules) {
        if (text(*rule, "status") == "Disabled")
          continue;
        const std::string arn = text(block(*rule, "destination"), "bucket");
        auto target = find({"aws_s3_bucket"}, arn, {"arn"});
        if (!target)
          target = find({"aws_s3_bucket"}, arn_resource_name(arn), {"bucket", "id"});
        if (!target)
          continue;
        const std::string& region = plan_.resources[*target].region;
        if (!region.empty() && region != plan_.resources[source].region)
          replicate_to[text(plan_.resources[source].values, "bucket")].insert(region);
        destinations.insert(text(plan_.resources[*target].values, "bucket"));
      }
    };
    each({"aws_s3_bucket_replication_configuration"}, [&](std::size_t i, const Resource& r) {
      const auto source = find({"aws_s3_bucket"}, text(r.values, "bucket"), {"bucket", "id"});
      if (!source) {
        skip(r, "its source bucket " + text(r.values, "bucket") + " is not in the plan");
        return;
      }
      used_[i] = true;
      replicate(*source, blocks(r.values, "rule"));
    });
    // AWS provider 3 wrote the rules inside the bucket: replication_configuration { rules { destination {} } }.
    each({"aws_s3_bucket"}, [&](std::size_t i, const Resource& r) {
      for (const json* configuration : blocks(r.values, "replication_configuration"))
        replicate(i, blocks(*configuration, "rules"));
    });
    each({"aws_s3_bucket"}, [&](std::size_t i, const Resource& r) {
      const std::string bucket = text(r.values, "bucket").empty() ? r.name : text(r.values, "bucket");
      if (destinations.contains(bucket) && !replicate_to.contains(bucket)) {
        used_[i] = true; // the replica of a bucket that replicates: its store's replicate_to
        return;
      }
      if (r.region.empty()) {
        skip(r, "its region is not in the plan");
        return;
      }
      used_[i] = true;
      const std::string name = claim(bucket);
      const std::string pointer = "/object_stores/" + std::to_string(object_stores_.size());
      ordered_json store{{"name", name}, {"region", r.region}};
      add_region(r.region);
      if (const auto found = replicate_to.find(bucket); found != replicate_to.end()) {
        store["replicate_to"] = found->second;
        for (const auto& region : found->second)
          add_region(region);
        assume_default(pointer + "/ship_interval", parameters::object_ship_interval,
                       "S3 replication's batching is not in Terraform");
      }
      data_by_arn_["arn:aws:s3:::" + bucket] = name;
      assume_default(pointer + "/write_rate", parameters::object_write_rate, "objects written are not in Terraform");
      assume_default(pointer + "/object_size", parameters::object_size, "object sizes are not in Terraform");
      object_stores_.push_back(store);
    });
  }

  ordered_json node(const std::string& name, const std::string& region, const std::string& az, const char* mode) const {
    return ordered_json{{"name", name}, {"region", region}, {"az", az}, {"mode", mode}};
  }

  void size_of(ordered_json& db, const Resource& r, const std::string& pointer) {
    if (const auto gb = number(r.values, "allocated_storage"); gb && *gb > 0)
      db["size"] = std::to_string(static_cast<long long>(*gb)) + "GB";
    else
      assume_default(pointer + "/size", parameters::database_size, "the data size is not in Terraform");
  }

  void import_rds_instances() {
    std::map<std::size_t, std::size_t> database_of; // DB instance (resource index) -> database (index)
    each({"aws_db_instance"}, [&](std::size_t i, const Resource& r) {
      if (!text(r.values, "replicate_source_db").empty())
        return;
      if (r.region.empty()) {
        skip(r, "its region is not in the plan");
        return;
      }
      used_[i] = true;
      const std::size_t index = databases_.size();
      const std::string pointer = "/databases/" + std::to_string(index);
      const std::string identifier = text(r.values, "identifier").empty() ? r.name : text(r.values, "identifier");
      const std::string name = claim(identifier);
      std::string az = az_of(text(r.values, "availability_zone"));
      if (az.empty()) {
        az = some_az(r.region);
        assume(pointer + "/primary/az", az, "the instance's AZ is not in Terraform (RDS chooses it)");
      } else {
        add_az(r.region, az);
      }
      ordered_json db{{"name", name}, {"engine", "rds"}, {"primary", {{"region", r.region}, {"az", az}}}};
      db["replicas"] = ordered_json::array();
      if (member(r.values, "multi_az") == true) {
        const std::string standby = some_az(r.region, az);
        db["replicas"].push_back(node("standby", r.region, standby, "sync"));
        assume(pointer + "/replicas/0/az", standby,
               "multi_az: RDS chooses the standby's AZ, another than the primary's");
      }
      size_of(db, r, pointer);
      data_by_arn_[text(r.values, "arn")] = name;
      database_of[i] = index;
      databases_.push_back(db);

      if (const auto days = number(r.values, "backup_retention_period"); days && *days >= 1) {
        PendingBackup backup = automated_backup(
            name, r.region, *days,
            "RDS automated backups: a daily snapshot and transaction logs every 5 minutes (RDS User Guide)");
        each({"aws_db_instance_automated_backups_replication"}, [&](std::size_t k, const Resource& copy) {
          if (text(copy.values, "source_db_instance_arn") == text(r.values, "arn") && !copy.region.empty() &&
              copy.region != r.region) {
            used_[k] = true;
            backup.copy_to.insert(copy.region);
          }
        });
        pending_backups_.push_back(backup);
      }
    });
    each({"aws_db_instance"}, [&](std::size_t i, const Resource& r) {
      const std::string source_id = text(r.values, "replicate_source_db");
      if (source_id.empty())
        return;
      auto source = find({"aws_db_instance"}, source_id, {"identifier", "arn", "id"});
      // A replica of a replica replicates its root's writes.
      for (int hops = 0; source && !database_of.contains(*source) && hops < 8; ++hops)
        source = find({"aws_db_instance"}, text(plan_.resources[*source].values, "replicate_source_db"),
                      {"identifier", "arn", "id"});
      if (!source || !database_of.contains(*source) || r.region.empty()) {
        skip(r, "its source database " + source_id + " is not in the plan");
        return;
      }
      used_[i] = true;
      const std::size_t index = database_of[*source];
      auto& db = databases_[index];
      const std::string pointer = "/databases/" + std::to_string(index);
      const std::string replica_pointer = pointer + "/replicas/" + std::to_string(db["replicas"].size());
      std::string az = az_of(text(r.values, "availability_zone"));
      if (az.empty()) {
        az = some_az(r.region);
        assume(replica_pointer + "/az", az, "the read replica's AZ is not in Terraform (RDS chooses it)");
      } else {
        add_az(r.region, az);
      }
      const std::string name = text(r.values, "identifier").empty() ? r.name : text(r.values, "identifier");
      const bool same_region = r.region == db["primary"]["region"].get<std::string>();
      db["replicas"].push_back(node(name == "primary" ? "replica" : name, r.region, az, "async"));
      data_by_arn_[text(r.values, "arn")] = db["name"].get<std::string>();
      if (!same_region && !db.contains("promotion_time"))
        assume_default(pointer + "/promotion_time", parameters::promotion_time,
                       "how long promoting the cross-region read replica takes is not in Terraform");
    });
    for (const auto& [instance, index] : database_of)
      finish_database(databases_[index], "/databases/" + std::to_string(index));
  }

  void finish_database(ordered_json& db, const std::string& pointer) {
    bool async = false;
    for (const auto& replica : db["replicas"])
      async = async || replica["mode"] == "async";
    if (db["replicas"].empty())
      db.erase("replicas");
    assume_default(pointer + "/write_size", parameters::write_size, "the size of a write is not in Terraform");
    if (async)
      assume_default(pointer + "/ship_interval", parameters::database_ship_interval,
                     "asynchronous replication's batching is not in Terraform");
  }

  std::vector<std::string> cluster_azs(const Resource& r) {
    std::vector<std::string> result;
    for (const auto& az : strings(r.values, "availability_zones")) {
      add_az(r.region, az);
      result.push_back(az_of(az));
    }
    return result;
  }

  void import_aurora_clusters() {
    // Global clusters first: their member clusters are one database.
    std::set<std::size_t> members;
    each({"aws_rds_global_cluster"}, [&](std::size_t i, const Resource& global) {
      const std::string id = text(global.values, "global_cluster_identifier").empty()
                                 ? text(global.values, "id")
                                 : text(global.values, "global_cluster_identifier");
      std::vector<std::size_t> clusters;
      each({"aws_rds_cluster"}, [&](std::size_t k, const Resource& cluster) {
        if (!id.empty() && text(cluster.values, "global_cluster_identifier") == id && !cluster.region.empty())
          clusters.push_back(k);
      });
      if (clusters.empty()) {
        skip(global, "no cluster of the plan joins it");
        return;
      }
      used_[i] = true;
      // The primary: the cluster the global cluster was made from, else one that is no replication target.
      std::size_t primary = clusters.front();
      const std::string source = text(global.values, "source_db_cluster_identifier");
      for (const std::size_t k : clusters)
        if ((!source.empty() && text(plan_.resources[k].values, "arn") == source) ||
            (source.empty() && text(plan_.resources[k].values, "replication_source_identifier").empty() &&
             !text(plan_.resources[k].values, "master_username").empty())) {
          primary = k;
          break;
        }
      std::vector<std::size_t> ordered{primary};
      for (const std::size_t k : clusters)
        if (k != primary)
          ordered.push_back(k);
      import_cluster_group(ordered, claim(id), "aurora-global");
      members.insert(clusters.begin(), clusters.end());
    });
    each({"aws_rds_cluster"}, [&](std::size_t i, const Resource& r) {
      if (members.contains(i))
        return;
      if (r.region.empty()) {
        skip(r, "its region is not in the plan");
        return;
      }
      const std::string identifier =
          text(r.values, "cluster_identifier").empty() ? r.name : text(r.values, "cluster_identifier");
      import_cluster_group({i}, claim(identifier), text(r.values, "engine").starts_with("aurora") ? "aurora" : "rds");
    });
  }

  // One database of clusters: the first is the writer's, each other one a secondary region's (asynchronous).
  void import_cluster_group(const std::vector<std::size_t>& clusters, const std::string& name, const char* engine) {
    const std::size_t index = databases_.size();
    const std::string pointer = "/databases/" + std::to_string(index);
    ordered_json db{{"name", name}, {"engine", engine}};
    db["replicas"] = ordered_json::array();
    for (std::size_t c = 0; c < clusters.size(); ++c) {
      const Resource& cluster = plan_.resources[clusters[c]];
      used_[clusters[c]] = true;
      data_by_arn_[text(cluster.values, "arn")] = name;
      const std::string cluster_id = text(cluster.values, "cluster_identifier").empty()
                                         ? cluster.name
                                         : text(cluster.values, "cluster_identifier");
      std::vector<std::string> zones = cluster_azs(cluster);
      std::vector<std::size_t> instances;
      each({"aws_rds_cluster_instance"}, [&](std::size_t k, const Resource& instance) {
        if (!cluster_id.empty() && text(instance.values, "cluster_identifier") == cluster_id) {
          used_[k] = true;
          instances.push_back(k);
          add_az(cluster.region, text(instance.values, "availability_zone"));
        }
      });
      std::string az =
          instances.empty() ? "" : az_of(text(plan_.resources[instances.front()].values, "availability_zone"));
      if (az.empty() && !zones.empty())
        az = zones.front();
      const bool writer = c == 0;
      const std::string node_pointer =
          writer ? pointer + "/primary/az" : pointer + "/replicas/" + std::to_string(db["replicas"].size()) + "/az";
      if (az.empty()) {
        az = some_az(cluster.region);
        assume(node_pointer, az, "the cluster's AZs are not in Terraform");
      }
      if (writer)
        db["primary"] = {{"region", cluster.region}, {"az", az}};
      else
        db["replicas"].push_back(node(cluster_id == "primary" ? "secondary" : cluster_id, cluster.region, az, "async"));
      // The writer cluster's other instances are its in-region replicas: Aurora fails over to one of them.
      if (writer)
        for (std::size_t k = 1; k < instances.size(); ++k) {
          const Resource& instance = plan_.resources[instances[k]];
          std::string replica_az = az_of(text(instance.values, "availability_zone"));
          const std::string at = pointer + "/replicas/" + std::to_string(db["replicas"].size()) + "/az";
          if (replica_az.empty() || replica_az == az) {
            replica_az = some_az(cluster.region, az);
            assume(at, replica_az, "Aurora spreads a cluster's instances over AZs; this one's AZ is not in Terraform");
          }
          const std::string instance_id = text(instance.values, "identifier").empty()
                                              ? instance.name + "-" + std::to_string(k)
                                              : text(instance.values, "identifier");
          db["replicas"].push_back(node(instance_id, cluster.region, replica_az, "sync"));
        }
      if (writer)
        if (const auto days = number(cluster.values, "backup_retention_period"); days && *days >= 1) {
          pending_backups_.push_back(automated_backup(name, cluster.region, *days,
                                                      "Aurora automated backups: continuous, restorable to about 5 "
                                                      "minutes before now, with a daily snapshot (Aurora User Guide)"));
        }
    }
    if (std::string(engine) != "aurora-global")
      for (const auto& replica : db["replicas"])
        if (replica["mode"] == "async")
          assume_default(pointer + "/promotion_time", parameters::promotion_time,
                         "how long promoting a secondary takes is not in Terraform");
    assume_default(pointer + "/size", parameters::database_size, "an Aurora volume's size is not in Terraform");
    finish_database(db, pointer);
    databases_.push_back(db);
  }

  void import_dynamodb_tables() {
    each({"aws_dynamodb_table"}, [&](std::size_t i, const Resource& r) {
      if (r.region.empty()) {
        skip(r, "its region is not in the plan");
        return;
      }
      used_[i] = true;
      const std::string table = text(r.values, "name").empty() ? r.name : text(r.values, "name");
      const std::string pointer = "/databases/" + std::to_string(databases_.size());
      const std::string name = claim(table);
      const std::string az = some_az(r.region);
      const std::string why = "a DynamoDB table spans its region's AZs; drsim places each copy in one";
      assume(pointer + "/primary/az", az, why);
      ordered_json db{{"name", name}, {"engine", "dynamodb-global"}, {"primary", {{"region", r.region}, {"az", az}}}};
      db["replicas"] = ordered_json::array();
      std::vector<std::string> regions;
      for (const json* replica : blocks(r.values, "replica"))
        regions.push_back(text(*replica, "region_name"));
      each({"aws_dynamodb_table_replica"}, [&](std::size_t k, const Resource& replica) {
        // A plan's unknown ARN is the table's address, which the replica's reference holds too.
        const std::string global_table = text(replica.values, "global_table_arn");
        if (arn_resource_name(global_table) == table || global_table == text(r.values, "arn")) {
          used_[k] = true;
          regions.push_back(replica.region);
        }
      });
      for (const auto& region : regions) {
        if (region.empty() || region == r.region)
          continue;
        const std::string replica_az = some_az(region);
        assume(pointer + "/replicas/" + std::to_string(db["replicas"].size()) + "/az", replica_az, why);
        db["replicas"].push_back(node(region, region, replica_az, "async"));
      }
      if (!db["replicas"].empty())
        db["multi_writer"] = true;
      data_by_arn_[text(r.values, "arn")] = name;
      assume_default(pointer + "/size", parameters::database_size, "the table's size is not in Terraform");
      finish_database(db, pointer);
      databases_.push_back(db);
    });
  }

  std::string instance_type(const Resource& group) {
    const json* specification = &block(group.values, "launch_template");
    if (specification->is_null())
      specification = &block(block(block(group.values, "mixed_instances_policy"), "launch_template"),
                             "launch_template_specification");
    if (!specification->is_null()) {
      const auto found = find({"aws_launch_template"}, text(*specification, "id"), {"id"});
      const auto named = found ? found : find({"aws_launch_template"}, text(*specification, "name"), {"name"});
      if (named) {
        used_[*named] = true;
        return text(plan_.resources[*named].values, "instance_type");
      }
    }
    if (const auto found =
            find({"aws_launch_configuration"}, text(group.values, "launch_configuration"), {"name", "id"})) {
      used_[*found] = true;
      return text(plan_.resources[*found].values, "instance_type");
    }
    return {};
  }

  void import_fleets() {
    // Auto Scaling groups of the same name in their modules (module.east and module.west both declaring
    // aws_autoscaling_group.web) are one fleet with a capacity per region.
    std::map<std::string, std::size_t> fleet_by_name;
    each({"aws_autoscaling_attachment"}, [&](std::size_t i, const Resource& r) {
      const auto group = find({"aws_autoscaling_group"}, text(r.values, "autoscaling_group_name"), {"name", "id"});
      const std::string arn = text(r.values, "lb_target_group_arn");
      if (group && !arn.empty()) {
        used_[i] = true;
        group_tgs_[arn].push_back(*group);
      }
    });
    each({"aws_autoscaling_group"}, [&](std::size_t i, const Resource& r) {
      const auto min = number(r.values, "min_size");
      const auto max = number(r.values, "max_size");
      if (!min || !max || r.region.empty()) {
        skip(r, "its min_size, max_size or region is not in the plan");
        return;
      }
      used_[i] = true;
      for (const auto& arn : strings(r.values, "target_group_arns"))
        group_tgs_[arn].push_back(i);
      for (const auto& az : strings(r.values, "availability_zones"))
        add_az(r.region, az);
      for (const auto& subnet : strings(r.values, "vpc_zone_identifier"))
        if (const auto az = subnet_azs_.find(subnet); az != subnet_azs_.end())
          add_az(r.region, az->second);
      add_region(r.region);
      if (const std::string type = instance_type(r); !type.empty())
        instance_types_.insert(type);

      auto found = fleet_by_name.find(r.name);
      if (found == fleet_by_name.end() ||
          fleets_[found->second]["capacity"].contains(r.region)) { // a second group in one region: its own fleet
        const std::size_t index = fleets_.size();
        fleets_.push_back(ordered_json{{"name", claim(r.name)}, {"capacity", ordered_json::object()}});
        found = fleet_by_name.insert_or_assign(r.name, index).first;
      }
      const double desired = number(r.values, "desired_capacity").value_or(*min);
      fleets_[found->second]["capacity"][r.region] = {{"min", static_cast<long long>(*min)},
                                                      {"desired", static_cast<long long>(desired)},
                                                      {"max", static_cast<long long>(*max)}};
      fleet_of_group_[i] = fleets_[found->second]["name"].get<std::string>();
    });
  }

  void finish_fleets() {
    std::vector<std::string> data;
    for (const auto& db : databases_)
      data.push_back(db["name"].get<std::string>());
    for (const auto& store : object_stores_)
      data.push_back(store["name"].get<std::string>());
    for (std::size_t f = 0; f < fleets_.size(); ++f) {
      const std::string pointer = "/fleets/" + std::to_string(f);
      assume_default(pointer + "/requests_per_instance", parameters::requests_per_instance,
                     "what one instance serves is not in Terraform");
      assume_default(pointer + "/boot_time", parameters::boot_time, "boot-to-healthy times are not in Terraform");
      if (!data.empty()) {
        fleets_[f]["depends_on"] = data;
        assume(pointer + "/depends_on", data,
               "what the instances need in order to serve is not in Terraform: every database and bucket");
      }
    }
  }

  void import_load_balancers() {
    finish_fleets();
    each({"aws_lb", "aws_alb"}, [&](std::size_t i, const Resource& r) {
      const std::string lb_arn = text(r.values, "arn");
      std::vector<std::string> target_groups;
      each({"aws_lb_listener", "aws_alb_listener"}, [&](std::size_t k, const Resource& listener) {
        const std::string owner = text(listener.values, "load_balancer_arn");
        if (owner.empty() || (owner != lb_arn && owner != text(r.values, "id")))
          return;
        used_[k] = true;
        for (const json* action : blocks(listener.values, "default_action")) {
          if (const std::string arn = text(*action, "target_group_arn"); !arn.empty())
            target_groups.push_back(arn);
          for (const json* group : blocks(block(*action, "forward"), "target_group"))
            if (const std::string arn = text(*group, "arn"); !arn.empty())
              target_groups.push_back(arn);
        }
      });
      std::string fleet;
      std::optional<std::size_t> target_group;
      for (const auto& arn : target_groups)
        if (const auto groups = group_tgs_.find(arn); groups != group_tgs_.end())
          for (const std::size_t group : groups->second)
            if (fleet.empty() && fleet_of_group_.contains(group) && plan_.resources[group].region == r.region) {
              fleet = fleet_of_group_[group];
              target_group = find({"aws_lb_target_group", "aws_alb_target_group"}, arn, {"arn", "id"});
            }
      if (fleet.empty() || r.region.empty()) {
        skip(r, "no listener of it forwards to a target group of an imported Auto Scaling group in its region");
        return;
      }
      used_[i] = true;
      const std::string pointer = "/load_balancers/" + std::to_string(load_balancers_.size());
      const std::string name = claim(text(r.values, "name").empty() ? r.name : text(r.values, "name"));
      ordered_json lb{{"name", name}, {"region", r.region}};
      std::vector<std::string> zones;
      for (const auto& subnet : strings(r.values, "subnets"))
        if (const auto az = subnet_azs_.find(subnet);
            az != subnet_azs_.end() && std::find(zones.begin(), zones.end(), az->second) == zones.end())
          zones.push_back(az->second);
      if (!zones.empty())
        lb["azs"] = zones;
      lb["fleet"] = fleet;
      const json& check = target_group ? block(plan_.resources[*target_group].values, "health_check") : json();
      if (target_group)
        used_[*target_group] = true;
      ordered_json health = ordered_json::object();
      if (const auto interval = number(check, "interval"))
        health["interval"] = seconds(*interval);
      if (const auto healthy = number(check, "healthy_threshold"))
        health["healthy_threshold"] = static_cast<long long>(*healthy);
      if (const auto unhealthy = number(check, "unhealthy_threshold"))
        health["unhealthy_threshold"] = static_cast<long long>(*unhealthy);
      if (health.size() < 3)
        assume(pointer + "/health_check", "ALB defaults",
               "the target group's health check is not all in Terraform; drsim's defaults are the ALB's (Elastic "
               "Load Balancing User Guide)");
      if (!health.empty())
        lb["health_check"] = health;
      add_region(r.region);
      lb_by_dns_[dns_name(text(r.values, "dns_name"))] = name;
      load_balancers_.push_back(lb);
    });
    each({"aws_lb_target_group", "aws_alb_target_group"}, [&](std::size_t i, const Resource& r) {
      if (!used_[i])
        skip(r, "no imported load balancer forwards to it");
    });
  }

  std::string target_of(const Resource& record) const {
    std::vector<std::string> names;
    if (const std::string alias = text(block(record.values, "alias"), "name"); !alias.empty())
      names.push_back(alias);
    for (const auto& value : strings(record.values, "records"))
      names.push_back(value);
    for (const auto& name : names)
      if (const auto found = lb_by_dns_.find(dns_name(name)); found != lb_by_dns_.end())
        return found->second;
    return {};
  }

  void import_dns() {
    std::vector<std::string> order;
    std::map<std::string, std::vector<std::size_t>> records; // DNS name -> its records
    each({"aws_route53_record"}, [&](std::size_t i, const Resource& r) {
      std::string name = dns_name(text(r.values, "fqdn").empty() ? text(r.values, "name") : text(r.values, "fqdn"));
      // Route 53 takes a name relative to its zone ("shop" in example.com) as the full name.
      if (const auto zone = find({"aws_route53_zone"}, text(r.values, "zone_id"), {"zone_id", "id"})) {
        used_[*zone] = true;
        const std::string domain = dns_name(text(plan_.resources[*zone].values, "name"));
        if (!name.empty() && !domain.empty() && name != domain && !name.ends_with("." + domain))
          name += "." + domain;
      }
      if (name.empty() || target_of(r).empty()) {
        skip(r, "it does not point at an imported load balancer");
        return;
      }
      if (!records.contains(name))
        order.push_back(name);
      records[name].push_back(i);
    });
    for (const auto& name : order) {
      const std::size_t index = dns_.size();
      const std::string pointer = "/dns/" + std::to_string(index);
      ordered_json record{{"name", name}};
      std::string routing = "failover";
      std::optional<double> ttl;
      for (const std::size_t i : records[name]) {
        const json& values = plan_.resources[i].values;
        if (!block(values, "weighted_routing_policy").is_null())
          routing = "weighted";
        else if (!block(values, "latency_routing_policy").is_null())
          routing = "latency";
        if (const auto seconds_to_live = number(values, "ttl"); seconds_to_live && !ttl)
          ttl = seconds_to_live;
      }
      if (ttl)
        record["ttl"] = seconds(*ttl);
      else
        assume_default(pointer + "/ttl", parameters::dns_ttl,
                       "an alias record has no TTL of its own (Route 53 answers for an ALB alias with 60 s)");
      record["routing"] = routing;
      record["endpoints"] = ordered_json::array();
      // An A and an AAAA record, or a private and a public zone's copy, answer for one endpoint: counted twice
      // they would give failover two primaries and skew the weights.
      std::vector<std::size_t> kept;
      std::map<std::size_t, std::vector<std::string>> copies; // kept record -> the addresses merged into it
      std::map<std::pair<std::string, std::string>, std::size_t> by_endpoint;
      for (const std::size_t i : records[name]) {
        const Resource& r = plan_.resources[i];
        const auto [found, added] = by_endpoint.try_emplace({text(r.values, "set_identifier"), target_of(r)}, i);
        if (added) {
          kept.push_back(i);
        } else {
          used_[i] = true;
          copies[found->second].push_back(r.address);
        }
      }
      for (const std::size_t i : kept) {
        const Resource& r = plan_.resources[i];
        used_[i] = true;
        const std::string at = pointer + "/endpoints/" + std::to_string(record["endpoints"].size());
        ordered_json endpoint{{"target", target_of(r)}};
        if (const auto merged = copies.find(i); merged != copies.end()) {
          std::string addresses;
          for (const auto& address : merged->second)
            addresses += (addresses.empty() ? "" : ", ") + address;
          assume(at, target_of(r),
                 r.address + " and " + addresses +
                     " have the same set identifier and target (A and AAAA, or a private and a public zone's "
                     "copy): one endpoint");
        }
        if (routing == "failover") {
          const std::string type = text(block(r.values, "failover_routing_policy"), "type");
          endpoint["role"] = type == "SECONDARY" ? "secondary" : "primary";
        } else if (routing == "weighted") {
          endpoint["weight"] = static_cast<long long>(number(block(r.values, "weighted_routing_policy"), "weight")
                                                          .value_or(parameters::endpoint_weight.number()));
        }
        const std::string check_id = text(r.values, "health_check_id");
        if (const auto check = find({"aws_route53_health_check"}, check_id, {"id"})) {
          used_[*check] = true;
          ordered_json health = ordered_json::object();
          const json& values = plan_.resources[*check].values;
          if (const auto interval = number(values, "request_interval"))
            health["interval"] = seconds(*interval);
          if (const auto threshold = number(values, "failure_threshold"))
            health["failure_threshold"] = static_cast<long long>(*threshold);
          endpoint["health_check"] = health;
        } else if (member(block(r.values, "alias"), "evaluate_target_health") == true) {
          endpoint["health_check"] = ordered_json::object();
          assume(at + "/health_check", ordered_json::object(),
                 "evaluate_target_health: Route 53 follows the load balancer's health, drawn as a health check "
                 "with Route 53's default interval and threshold");
        }
        record["endpoints"].push_back(endpoint);
      }
      dns_.push_back(record);

      const std::string client_pointer = "/clients/" + std::to_string(clients_.size());
      const std::string rate = "100/s";
      clients_.push_back(ordered_json{{"name", "users-of-" + name},
                                      {"location", "internet-users"},
                                      {"dns_record", name},
                                      {"rate", rate},
                                      {"write_fraction", 0.1}});
      assume(client_pointer + "/rate", rate, "the clients' request rate is not in Terraform: set your own");
      assume(client_pointer + "/write_fraction", 0.1,
             "the share of writes is not in Terraform: set your own (it drives replication and data loss)");
      assume_default(client_pointer + "/resolvers", parameters::client_resolvers,
                     "how many resolvers the clients use is not in Terraform");
    }
    each({"aws_route53_health_check"}, [&](std::size_t i, const Resource& r) {
      if (!used_[i])
        skip(r, "no imported record uses it");
    });
  }

  void import_backup_plans() {
    std::map<std::string, std::pair<std::string, bool>> vaults; // vault name or ARN -> region, locked
    each({"aws_backup_vault_lock_configuration"}, [&](std::size_t i, const Resource&) { used_[i] = true; });
    each({"aws_backup_vault"}, [&](std::size_t i, const Resource& r) {
      used_[i] = true;
      const std::string name = text(r.values, "name");
      bool locked = false;
      each({"aws_backup_vault_lock_configuration"}, [&](std::size_t, const Resource& lock) {
        locked = locked || (text(lock.values, "backup_vault_name") == name && lock.region == r.region);
      });
      vaults[name] = {r.region, locked};
      if (!text(r.values, "arn").empty())
        vaults[text(r.values, "arn")] = {r.region, locked};
    });
    const auto vault = [&](const std::string& key) {
      const auto found = vaults.find(key);
      return found == vaults.end() ? std::pair<std::string, bool>{arn_region(key), false} : found->second;
    };
    each({"aws_backup_selection"}, [&](std::size_t i, const Resource& selection) {
      const auto plan = find({"aws_backup_plan"}, text(selection.values, "plan_id"), {"id"});
      std::vector<std::string> sources;
      for (const auto& arn : strings(selection.values, "resources"))
        if (const auto found = data_by_arn_.find(arn);
            found != data_by_arn_.end() && std::find(sources.begin(), sources.end(), found->second) == sources.end())
          sources.push_back(found->second);
      if (!plan || sources.empty()) {
        skip(selection, "it selects no imported database or bucket, or its plan is not in the plan");
        return;
      }
      used_[i] = true;
      used_[*plan] = true;
      const Resource& backup_plan = plan_.resources[*plan];
      const std::string plan_name =
          text(backup_plan.values, "name").empty() ? backup_plan.name : text(backup_plan.values, "name");
      for (const json* rule : blocks(backup_plan.values, "rule"))
        for (const auto& source : sources) {
          PendingBackup backup;
          backup.source = source;
          backup.name = plan_name + "-" + text(*rule, "rule_name") + (sources.size() > 1 ? "-" + source : "");
          const auto [region, locked] = vault(text(*rule, "target_vault_name"));
          backup.region = region.empty() ? backup_plan.region : region;
          backup.vaulted = locked;
          const auto every = schedule_interval(text(*rule, "schedule"));
          backup.every_s = every.value_or(86400);
          backup.every_known = every.has_value();
          if (const auto days = number(block(*rule, "lifecycle"), "delete_after"))
            backup.retention_s = *days * 86400;
          backup.logs = member(*rule, "enable_continuous_backup") == true;
          for (const json* copy : blocks(*rule, "copy_action")) {
            const auto [copy_region, copy_locked] = vault(text(*copy, "destination_vault_arn"));
            if (!copy_region.empty())
              backup.copy_to.insert(copy_region);
            backup.vaulted = backup.vaulted || copy_locked;
          }
          backup.why = "AWS Backup plan " + plan_name;
          pending_backups_.push_back(backup);
        }
    });
    each({"aws_backup_plan"}, [&](std::size_t i, const Resource& r) {
      if (!used_[i])
        skip(r, "no selection of it selects an imported database or bucket");
    });

    for (const auto& pending : pending_backups_) {
      const std::string pointer = "/backups/" + std::to_string(backups_.size());
      ordered_json backup{{"name", claim(pending.name)}, {"source", pending.source}, {"kind", "full"}};
      backup["every"] = seconds(pending.every_s);
      if (!pending.every_known)
        assume(pointer + "/every", seconds(pending.every_s),
               "the rule's schedule is not a daily, hourly or weekly cron expression drsim reads");
      if (pending.logs)
        backup["log_interval"] = "5m";
      if (pending.retention_s)
        backup["retention"] = seconds(*pending.retention_s);
      else
        assume_default(pointer + "/retention", parameters::backup_retention,
                       pending.why + " keeps its recovery points with no lifecycle");
      std::vector<std::string> copies;
      for (const auto& region : pending.copy_to)
        if (region != pending.region) {
          copies.push_back(region);
          add_region(region);
        }
      if (!copies.empty())
        backup["copy_to"] = copies;
      backup["vaulted"] = pending.vaulted;
      assume_default(pointer + "/restore_bandwidth", parameters::restore_bandwidth,
                     "how fast a restore reads is not in Terraform");
      backups_.push_back(backup);
    }
  }

  void finish_regions() {
    for (std::size_t r = 0; r < regions_.size(); ++r)
      if (azs_[regions_[r]].empty()) {
        some_az(regions_[r]);
        assume("/regions/" + std::to_string(r) + "/azs", azs_[regions_[r]],
               "no subnet or AZ of this region is in Terraform");
      } else if (assumed_az_regions_.contains(regions_[r])) {
        assume("/regions/" + std::to_string(r) + "/azs", azs_[regions_[r]],
               "some components of this region name no AZ; drsim placed them in an AZ it named after the region");
      }
  }

  void assume_global_figures() {
    if (!clients_.empty())
      assume("/locations/0", "internet-users", "where the clients are is not in Terraform: one user location");
    assume("/network", "drsim's defaults",
           "latency and bandwidth are not in Terraform: drsim's defaults apply (intra_region " +
               default_json(parameters::intra_region_latency).get<std::string>() + ", " +
               default_json(parameters::intra_region_bandwidth).get<std::string>() + "; internet " +
               default_json(parameters::internet_latency).get<std::string>() + ", " +
               default_json(parameters::internet_bandwidth).get<std::string>() +
               "); set links for the paths that carry replication");
    std::string types;
    for (const auto& type : instance_types_)
      types += (types.empty() ? "" : ", ") + type;
    assume("/prices", "drsim's defaults",
           "prices are not in Terraform: drsim's default table (" + std::string(parameters::price_source.text()) +
               ", instance_hour for m5.large)" +
               (types.empty() ? std::string() : "; the launch templates run " + types + ": set instance_hour"));
  }

  void list_unused() {
    for (std::size_t i = 0; i < plan_.resources.size(); ++i) {
      if (used_[i])
        continue;
      const Resource& r = plan_.resources[i];
      if (const auto note = notes_.find(r.address); note != notes_.end())
        not_imported_.push_back({r.address, r.type, note->second});
      else if (!mapped_types().contains(r.type))
        not_imported_.push_back({r.address, r.type, "its type has no counterpart in a drsim topology"});
      else
        not_imported_.push_back({r.address, r.type, "nothing imported refers to it"});
    }
  }

  ordered_json assemble(const std::string& name, const std::string& source) {
    ordered_json topology;
    topology["drsim_topology"] = 1;
    topology["name"] = name;
    topology["description"] =
        "Imported by drsim import terraform from " + source + " (a Terraform " + plan_.kind +
        (plan_.terraform_version.empty() ? std::string() : ", Terraform " + plan_.terraform_version) +
        "). Client populations, write rates, boot times, sizes, the network and prices are not in Terraform: "
        "the import lists each value it assumed with its JSON Pointer; check them before trusting a result.";
    ordered_json regions = ordered_json::array();
    for (const auto& region : regions_)
      regions.push_back(ordered_json{{"name", region}, {"azs", azs_[region]}});
    topology["regions"] = regions;
    if (!clients_.empty())
      topology["locations"] = {"internet-users"};
    topology["clients"] = clients_;
    const std::pair<const char*, ordered_json*> parts[]{{"dns", &dns_},         {"load_balancers", &load_balancers_},
                                                        {"fleets", &fleets_},   {"databases", &databases_},
                                                        {"backups", &backups_}, {"object_stores", &object_stores_}};
    for (const auto& [key, part] : parts)
      if (!part->empty())
        topology[key] = *part;
    return topology;
  }
};

} // namespace

Import import_topology(const Plan& plan, const std::string& name, const std::string& source) {
  return Importer(plan).run(name, source);
}

void write_import_notes(std::ostream& out, const Import& result) {
  out << "assumed, please check (" << result.assumptions.size() << "):\n";
  for (const auto& assumption : result.assumptions)
    out << "  " << assumption.pointer << " = " << assumption.value.dump() << ": " << assumption.reason << '\n';
  out << "not imported (" << result.not_imported.size() << "):\n";
  for (const auto& resource : result.not_imported)
    out << "  " << resource.address << " (" << resource.type << "): " << resource.reason << '\n';
}

ordered_json import_notes_json(const Import& result) {
  ordered_json notes{{"assumptions", ordered_json::array()}, {"not_imported", ordered_json::array()}};
  for (const auto& assumption : result.assumptions)
    notes["assumptions"].push_back(
        {{"pointer", assumption.pointer}, {"value", assumption.value}, {"reason", assumption.reason}});
  for (const auto& resource : result.not_imported)
    notes["not_imported"].push_back(
        {{"address", resource.address}, {"type", resource.type}, {"reason", resource.reason}});
  return notes;
}

} // namespace drsim::terraform
