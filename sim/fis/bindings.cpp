#include "sim/fis/bindings.hpp"

#include <algorithm>
#include <regex>

#include "sim/input/json_node.hpp"
#include "sim/input/json_parse.hpp"
#include "sim/input/messages.hpp"

namespace drsim::fis {
namespace {

using nlohmann::json;

bool matches(const std::string& text, const char* pattern) { return std::regex_match(text, std::regex(pattern)); }

// The members of an object whose keys are names (regions, fleets, ...), each with its node.
std::vector<std::pair<std::string, JsonNode>> named_members(const JsonNode& node) {
  std::vector<std::pair<std::string, JsonNode>> members;
  if (!node.value().is_object()) {
    node.problem("must be an object, not " + describe_value(node.value()));
    return members;
  }
  for (const auto& [key, value] : node.value().items())
    members.emplace_back(key, JsonNode(value, node.pointer() + "/" + escape_pointer_token(key), node.sink()));
  return members;
}

// A string that must match `pattern`; `what` says what was expected ("a subnet id such as subnet-0abc1234").
std::optional<std::string> read_matching(const JsonNode& node, const char* pattern, const std::string& what) {
  auto text = node.as_string();
  if (!text)
    return std::nullopt;
  if (!matches(*text, pattern)) {
    node.problem(in_quotes(*text) + " is not " + what);
    return std::nullopt;
  }
  return text;
}

std::vector<std::string> read_matching_list(const JsonNode& node, const char* pattern, const std::string& what,
                                            std::string_view required) {
  std::vector<std::string> values;
  for (const auto& element : node.elements(required)) {
    const auto value = read_matching(element, pattern, what);
    if (!value)
      continue;
    if (std::find(values.begin(), values.end(), *value) != values.end())
      element.problem("duplicate " + in_quotes(*value) + "; expected each once");
    else
      values.push_back(*value);
  }
  return values;
}

// Resource tags as FIS takes them (TagMap: at most 50, keys 1-128 characters, values up to 256); keys starting
// with "aws:" are AWS's own and never set by users.
Tags read_tags(const JsonNode& node) {
  Tags tags;
  const auto members = named_members(node);
  if (node.value().is_object() && members.empty())
    node.problem("must not be empty; expected at least one tag, e.g. {\"drsim:fleet\": \"web-east\"}");
  if (members.size() > 50)
    node.problem("has " + std::to_string(members.size()) + " tags; FIS selects by at most 50");
  for (const auto& [key, member] : members) {
    if (key.empty() || key.size() > 128 || key.starts_with("aws:")) {
      member.problem("is not a tag key FIS can select by: 1 to 128 characters, not starting with \"aws:\"");
      continue;
    }
    const auto value = member.as_string();
    if (value && value->size() > 256)
      member.problem("is longer than 256 characters, the longest tag value");
    else if (value)
      tags[key] = *value;
  }
  return tags;
}

constexpr const char* account_pattern = "[0-9]{12}";
constexpr const char* account_what = "an AWS account id (12 digits)";
// Commercial, GovCloud, China and ISO regions: "us-east-1", "us-gov-west-1", "cn-north-1", "us-iso-east-1".
constexpr const char* region_pattern = "[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-[0-9]{1,2}";

class BindingsReader {
public:
  BindingsReader(const json& document, const std::string& file, std::vector<Diagnostic>& problems)
      : sink_{file, &problems}, root_(document, "", sink_) {}

  Bindings read() {
    bindings_.file = sink_.file;
    if (!root_.expect_object({"drsim_bindings", "allowed_accounts", "regions"},
                             {"description", "partition", "strategy", "fleets", "databases", "object_stores",
                              "health_urls", "fis_price"}))
      return std::move(bindings_);
    check_format_version(root_, "drsim_bindings");
    if (const auto description = root_.field("description"))
      description->as_string();
    if (const auto partition = root_.field("partition"))
      if (const auto value = partition->as_one_of(partitions_))
        bindings_.partition = partitions_[*value];
    root_.read_name("strategy", bindings_.strategy);
    if (const auto accounts = root_.field("allowed_accounts"))
      bindings_.allowed_accounts = read_matching_list(*accounts, account_pattern, account_what, "account");
    if (const auto regions = root_.field("regions"))
      read_regions(*regions);
    if (const auto fleets = root_.field("fleets"))
      read_fleets(*fleets);
    if (const auto databases = root_.field("databases"))
      read_databases(*databases);
    if (const auto stores = root_.field("object_stores"))
      read_object_stores(*stores);
    if (const auto urls = root_.field("health_urls"))
      bindings_.health_urls =
          read_matching_list(*urls, "https?://[^\\s/?#]+[^\\s]*", "an http:// or https:// URL", "URL");
    if (const auto price = root_.field("fis_price"))
      read_price(*price);
    return std::move(bindings_);
  }

private:
  void read_regions(const JsonNode& node) {
    const auto members = named_members(node);
    if (node.value().is_object() && members.empty())
      node.problem("must not be empty; expected at least one region");
    for (const auto& [name, item] : members) {
      if (!matches(name, region_pattern)) {
        item.problem("is not an AWS region name such as \"us-east-1\"; FIS runs experiments in AWS regions, so the "
                     "topology's region names must be AWS's");
        continue;
      }
      if (!item.expect_object({"account", "role_arn", "azs"}, {"stop_condition_alarms", "transit_gateways"}))
        continue;
      RegionBinding region;
      if (const auto account = item.field("account")) {
        // An account that is not allowed is not used to check the role and alarms: one mistake, one message.
        if (const auto value = read_matching(*account, account_pattern, account_what)) {
          if (!bindings_.allowed_accounts.empty() &&
              std::find(bindings_.allowed_accounts.begin(), bindings_.allowed_accounts.end(), *value) ==
                  bindings_.allowed_accounts.end())
            account->problem("account " + *value +
                             " is not in \"allowed_accounts\"; list it there to allow drills in it");
          else
            region.account = *value;
        }
      }
      const std::string arn_prefix = "arn:" + bindings_.partition;
      if (const auto role = item.field("role_arn"); role && !region.account.empty()) {
        const std::string pattern = arn_prefix + ":iam::" + region.account + ":role/[\\w+=,.@/-]{1,512}";
        if (const auto value = read_matching(*role, pattern.c_str(),
                                             "the ARN of an IAM role of account " + region.account + " (" + arn_prefix +
                                                 ":iam::" + region.account + ":role/NAME)"))
          region.role_arn = *value;
      }
      if (const auto alarms = item.field("stop_condition_alarms"); alarms && !region.account.empty()) {
        const std::string pattern = arn_prefix + ":cloudwatch:" + name + ":" + region.account + ":alarm:.+";
        region.stop_alarms =
            read_matching_list(*alarms, pattern.c_str(),
                               "the ARN of a CloudWatch alarm in " + name + " of account " + region.account + " (" +
                                   arn_prefix + ":cloudwatch:" + name + ":" + region.account + ":alarm:NAME)",
                               {});
        // A template takes at most 5 stop conditions (FIS quota; secondary source, aws-facts).
        if (region.stop_alarms.size() > 5)
          alarms->problem("has " + std::to_string(region.stop_alarms.size()) +
                          " alarms; an experiment template takes at most 5 stop conditions");
      }
      if (const auto azs = item.field("azs"))
        for (const auto& [az_name, az_node] : named_members(*azs)) {
          if (!az_node.expect_object({"zone_id", "zone_name", "subnets"}, {}))
            continue;
          AzBinding az;
          if (const auto id = az_node.field("zone_id"))
            az.zone_id =
                read_matching(*id, "[a-z]{2,5}[0-9]?-az[0-9]{1,2}", "an AZ id such as \"use1-az1\"").value_or("");
          if (const auto zone = az_node.field("zone_name")) {
            const std::string pattern = name + "[a-z]";
            az.zone_name =
                read_matching(*zone, pattern.c_str(), "an AZ name of " + name + " such as " + in_quotes(name + "a"))
                    .value_or("");
          }
          if (const auto subnets = az_node.field("subnets"))
            az.subnets =
                read_matching_list(*subnets, "subnet-[0-9a-f]{8,17}", "a subnet id such as subnet-0abc1234", "subnet");
          region.azs[az_name] = std::move(az);
        }
      if (const auto gateways = item.field("transit_gateways"))
        region.transit_gateways =
            read_matching_list(*gateways, "tgw-[0-9a-f]{8,17}", "a transit gateway id such as tgw-0abc1234", {});
      bindings_.regions[name] = std::move(region);
    }
  }

  void read_fleets(const JsonNode& node) {
    for (const auto& [fleet, item] : named_members(node))
      for (const auto& [region, binding] : named_members(item)) {
        if (!binding.expect_object({"tags"}, {}))
          continue;
        if (const auto tags = binding.field("tags"))
          bindings_.fleets[fleet][region].tags = read_tags(*tags);
      }
  }

  void read_databases(const JsonNode& node) {
    static const std::vector<std::string> kinds{"db_instance", "db_cluster", "global_table", "instance_tags"};
    for (const auto& [database, item] : named_members(node))
      for (const auto& [region, binding] : named_members(item)) {
        if (!binding.expect_object({}, {kinds.begin(), kinds.end()}))
          continue;
        if (binding.value().size() != 1) {
          binding.problem("must have exactly one of " + join_alternatives(kinds) + ", not " +
                          std::to_string(binding.value().size()));
          continue;
        }
        DatabaseBinding db;
        const std::string& kind = binding.value().begin().key();
        const auto member = *binding.field(kind);
        if (kind == "db_instance" || kind == "db_cluster") {
          db.resource = kind == "db_instance" ? DatabaseResource::DbInstance : DatabaseResource::DbCluster;
          db.identifier = read_matching(member, "[A-Za-z](-?[A-Za-z0-9]){0,62}",
                                        "an RDS identifier: 1 to 63 letters, digits or hyphens, starting with a "
                                        "letter, no two hyphens in a row, not ending with a hyphen")
                              .value_or("");
        } else if (kind == "global_table") {
          db.resource = DatabaseResource::GlobalTable;
          db.identifier =
              read_matching(member, "[A-Za-z0-9_.-]{3,255}", "a DynamoDB table name (3 to 255 of A-Z a-z 0-9 _ . -)")
                  .value_or("");
        } else {
          db.resource = DatabaseResource::InstanceTags;
          db.tags = read_tags(member);
        }
        if (!db.identifier.empty() || !db.tags.empty())
          bindings_.databases[database][region] = std::move(db);
      }
  }

  void read_object_stores(const JsonNode& node) {
    for (const auto& [store, item] : named_members(node)) {
      if (!item.expect_object({"bucket"}, {}))
        continue;
      // FIS takes ARNs of 20 characters or more (ResourceArn), and "arn:aws:s3:::" has 13.
      if (const auto bucket = item.field("bucket"))
        if (const auto name = read_matching(*bucket, "[a-z0-9][a-z0-9.-]{5,61}[a-z0-9]",
                                            "an S3 bucket name of 7 to 63 characters (a-z 0-9 . -) that FIS can take "
                                            "as an ARN of at least 20 characters"))
          bindings_.object_stores[store].bucket = *name;
    }
  }

  void read_price(const JsonNode& node) {
    if (!node.expect_object({"per_action_minute", "date", "source"}, {}))
      return;
    FisPrice price;
    const bool complete = node.read_number("per_action_minute", price.per_action_minute, 0, 1e6) &
                          node.read_name("date", price.date) & node.read_name("source", price.source);
    if (complete)
      bindings_.price = price;
  }

  inline static const std::vector<std::string> partitions_{"aws", "aws-cn", "aws-us-gov"};
  DiagnosticSink sink_;
  JsonNode root_;
  Bindings bindings_;
};

void unknown(const DiagnosticSink& sink, const std::string& pointer, const std::string& kind, const std::string& name,
             const std::vector<std::string>& names) {
  sink.add(pointer, "unknown " + kind + " " + in_quotes(name) +
                        (names.empty() ? "; the topology has none" : suggestion(name, names)));
}

const char* engine_word(DatabaseEngine engine) {
  switch (engine) {
  case DatabaseEngine::Rds:
    return "rds";
  case DatabaseEngine::Aurora:
    return "aurora";
  case DatabaseEngine::AuroraGlobal:
    return "aurora-global";
  case DatabaseEngine::DynamoDbGlobal:
    return "dynamodb-global";
  case DatabaseEngine::SelfManaged:
    return "self-managed";
  case DatabaseEngine::Invalid:
    break;
  }
  return "invalid";
}

} // namespace

std::string pointer_to(const std::vector<std::string>& tokens) {
  std::string pointer;
  for (const auto& token : tokens) {
    pointer += '/';
    pointer += escape_pointer_token(token);
  }
  return pointer;
}

Bindings read_bindings(const json& document, const std::string& file, std::vector<Diagnostic>& problems) {
  return BindingsReader(document, file, problems).read();
}

Bindings load_bindings_file(const std::string& path) {
  std::vector<Diagnostic> problems;
  const auto document = read_json_file(path, problems);
  Bindings bindings;
  if (document)
    bindings = read_bindings(*document, path, problems);
  if (!problems.empty())
    throw InputError(std::move(problems));
  return bindings;
}

void check_bindings(const Bindings& bindings, const Topology& topology, std::vector<Diagnostic>& problems) {
  const DiagnosticSink sink{bindings.file, &problems};
  const auto regions = names_of(topology.regions);
  for (const auto& [name, region] : bindings.regions) {
    const auto* topology_region = topology.find_region(name);
    if (topology_region == nullptr) {
      unknown(sink, pointer_to({"regions", name}), "region", name, regions);
      continue;
    }
    for (const auto& [az, binding] : region.azs)
      if (std::find(topology_region->azs.begin(), topology_region->azs.end(), az) == topology_region->azs.end())
        unknown(sink, pointer_to({"regions", name, "azs", az}), "AZ of " + name, az, topology_region->azs);
  }
  for (const auto& [name, by_region] : bindings.fleets) {
    const auto* fleet = topology.find_fleet(name);
    if (fleet == nullptr) {
      unknown(sink, pointer_to({"fleets", name}), "fleet", name, names_of(topology.fleets));
      continue;
    }
    std::vector<std::string> fleet_regions;
    for (const auto& [region, capacity] : fleet->capacity)
      fleet_regions.push_back(region);
    for (const auto& [region, binding] : by_region)
      if (!fleet->capacity.contains(region))
        unknown(sink, pointer_to({"fleets", name, region}), "region of fleet " + in_quotes(name), region,
                fleet_regions);
  }
  for (const auto& [name, by_region] : bindings.databases) {
    const auto* database = topology.find_database(name);
    if (database == nullptr) {
      unknown(sink, pointer_to({"databases", name}), "database", name, names_of(topology.databases));
      continue;
    }
    std::vector<std::string> node_regions{database->primary.region};
    for (const auto& replica : database->replicas)
      if (std::find(node_regions.begin(), node_regions.end(), replica.region) == node_regions.end())
        node_regions.push_back(replica.region);
    DatabaseResource expected = DatabaseResource::DbInstance;
    std::string key = "db_instance";
    switch (database->engine) {
    case DatabaseEngine::Aurora:
    case DatabaseEngine::AuroraGlobal:
      expected = DatabaseResource::DbCluster;
      key = "db_cluster";
      break;
    case DatabaseEngine::DynamoDbGlobal:
      expected = DatabaseResource::GlobalTable;
      key = "global_table";
      break;
    case DatabaseEngine::SelfManaged:
      expected = DatabaseResource::InstanceTags;
      key = "instance_tags";
      break;
    case DatabaseEngine::Rds:
    case DatabaseEngine::Invalid:
      break;
    }
    for (const auto& [region, binding] : by_region) {
      if (std::find(node_regions.begin(), node_regions.end(), region) == node_regions.end())
        unknown(sink, pointer_to({"databases", name, region}), "region of database " + in_quotes(name), region,
                node_regions);
      else if (binding.resource != expected)
        sink.add(pointer_to({"databases", name, region}), "database " + in_quotes(name) + " has engine " +
                                                              in_quotes(engine_word(database->engine)) +
                                                              ": bind it with " + in_quotes(key));
    }
  }
  for (const auto& [name, binding] : bindings.object_stores)
    if (topology.find_object_store(name) == nullptr)
      unknown(sink, pointer_to({"object_stores", name}), "object store", name, names_of(topology.object_stores));
}

} // namespace drsim::fis
