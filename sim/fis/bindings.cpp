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

// The structure of a bindings file, which the reader and its JSON Schema (`drsim schema bindings`) take their keys
// and patterns from. A pattern is an ECMAScript regular expression the whole string must match; the regions', roles'
// and alarms' patterns that depend on other values (the account, the region) are checked by the reader alone.
// A declaration names the members it sets and leaves the others to their initialisers (as in parameters.hpp).
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

namespace shape {

using format::Key;
using format::Node;
using format::Type;

// clang-format off
const Node text{.type = Type::Text, .description = "free text"};
const Node name{.type = Type::Name, .description = "a name"};
const Node marker{.type = Type::Marker, .description = "the format version: 1"};
const Node schema{.type = Type::Text,
                  .description = "the JSON Schema this file follows, for editors (`drsim schema`); drsim ignores it"};
const Node partition{.type = Type::Enum, .names = [] { return std::vector<std::string>{"aws", "aws-cn", "aws-us-gov"}; }};
const Node account{.type = Type::Text, .description = "an AWS account id (12 digits)", .pattern = "[0-9]{12}"};
const Node accounts{.type = Type::Array, .description = "AWS account ids, each once", .element = &account,
                    .min_items = 1, .unique = true};
const Node role_arn{.type = Type::Text,
                    .description = "the ARN of an IAM role of the region's account (arn:PARTITION:iam::ACCOUNT:role/NAME)",
                    .pattern = "arn:[a-z-]+:iam::[0-9]{12}:role/[A-Za-z0-9_+=,.@/-]{1,512}"};
const Node alarm_arn{.type = Type::Text,
                     .description = "the ARN of a CloudWatch alarm in the region and its account "
                                    "(arn:PARTITION:cloudwatch:REGION:ACCOUNT:alarm:NAME)",
                     .pattern = "arn:[a-z-]+:cloudwatch:[a-z0-9-]+:[0-9]{12}:alarm:.+"};
// A template takes at most 5 stop conditions (FIS quota; secondary source, aws-facts).
const Node alarms{.type = Type::Array, .description = "alarm ARNs, each once", .element = &alarm_arn, .max_items = 5,
                  .unique = true};
const Node zone_id{.type = Type::Text, .description = "an AZ id such as \"use1-az1\"",
                   .pattern = "[a-z]{2,5}[0-9]?-az[0-9]{1,2}"};
const Node zone_name{.type = Type::Text,
                     .description = "this account's name of the AZ: the region's name and a letter, such as "
                                    "\"us-east-1a\"",
                     .pattern = "[a-z0-9-]+[a-z]"};
const Node subnet{.type = Type::Text, .description = "a subnet id such as subnet-0abc1234",
                  .pattern = "subnet-[0-9a-f]{8,17}"};
const Node subnets{.type = Type::Array, .description = "subnet ids, each once", .element = &subnet, .min_items = 1,
                   .unique = true};
const Node gateway{.type = Type::Text, .description = "a transit gateway id such as tgw-0abc1234",
                   .pattern = "tgw-[0-9a-f]{8,17}"};
const Node gateways{.type = Type::Array, .description = "transit gateway ids, each once", .element = &gateway,
                    .unique = true};
constexpr Key az_keys[]{
    {.name = "zone_id", .value = &zone_id, .required = true, .description = "the AZ id, which the insufficient-capacity actions take"},
    {.name = "zone_name", .value = &zone_name, .required = true, .description = "this account's name of the AZ (instances' placement)"},
    {.name = "subnets", .value = &subnets, .required = true, .description = "the AZ's subnets, at least one"},
};
const Node az{.name = "az_binding", .description = "an AZ of the topology in this account", .keys = az_keys};
const Node azs{.type = Type::Map, .description = "the topology's AZ name -> its binding", .element = &az};
constexpr Key region_keys[]{
    {.name = "account", .value = &account, .required = true, .description = "the account the region's resources are in; one of `allowed_accounts`"},
    {.name = "role_arn", .value = &role_arn, .required = true, .description = "the role FIS assumes to inject the faults"},
    {.name = "azs", .value = &azs, .required = true, .description = "the topology's AZs of this region, by name"},
    {.name = "stop_condition_alarms", .value = &alarms, .description = "CloudWatch alarms that stop the experiments, at most 5"},
    {.name = "transit_gateways", .value = &gateways, .description = "transit gateways a network partition cuts"},
};
const Node region{.name = "region_binding", .description = "an AWS region of the topology", .keys = region_keys};
// Commercial, GovCloud, China and ISO regions: "us-east-1", "us-gov-west-1", "cn-north-1", "us-iso-east-1".
const Node regions{.type = Type::Map, .description = "AWS region name -> its binding; at least one", .element = &region,
                   .min_items = 1, .pattern = "[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-[0-9]{1,2}"};
const Node tag_value{.type = Type::Text, .description = "a tag value, at most 256 characters",
                     .pattern = "[\\s\\S]{0,256}"};
// Resource tags as FIS takes them (TagMap: at most 50, keys 1-128 characters, values up to 256); keys starting
// with "aws:" are AWS's own and never set by users.
const Node tags{.type = Type::Map,
                .description = "tags that select the resources: 1 to 50, keys of 1 to 128 characters not starting with "
                               "\"aws:\", values of at most 256",
                .element = &tag_value, .min_items = 1, .max_items = 50, .pattern = "(?!aws:)[\\s\\S]{1,128}"};
// Auto Scaling's group names: 1 to 255 characters (API reference: XmlStringMaxLen255).
const Node group_name{.type = Type::Text, .description = "an Auto Scaling group name of 1 to 255 characters",
                      .pattern = "[^\\s][\\s\\S]{0,254}"};
constexpr Key fleet_region_keys[]{
    {.name = "tags", .value = &tags, .required = true,
     .description = "tags the fleet's Auto Scaling group carries in this region, with PropagateAtLaunch"},
    {.name = "auto_scaling_group", .value = &group_name,
     .description = "the group's name: fis run watches a scale step's group by it, else by the tags"}};
const Node fleet_region{.name = "fleet_binding", .description = "a fleet in one region", .keys = fleet_region_keys};
const Node fleet_regions{.type = Type::Map, .description = "region name -> the fleet there", .element = &fleet_region};
const Node fleets{.type = Type::Map, .description = "fleet name -> its regions", .element = &fleet_regions};
const Node rds_identifier{.type = Type::Text,
                          .description = "an RDS identifier: 1 to 63 letters, digits or hyphens, starting with a "
                                         "letter, no two hyphens in a row, not ending with a hyphen",
                          .pattern = "[A-Za-z](-?[A-Za-z0-9]){0,62}"};
const Node table_name{.type = Type::Text, .description = "a DynamoDB table name (3 to 255 of A-Z a-z 0-9 _ . -)",
                      .pattern = "[A-Za-z0-9_.-]{3,255}"};
constexpr std::string_view database_kinds[]{"db_instance", "db_cluster", "global_table", "instance_tags"};
constexpr Key database_region_keys[]{
    {.name = "db_instance", .value = &rds_identifier, .description = "engine rds: the DB instance identifier"},
    {.name = "db_cluster", .value = &rds_identifier, .description = "engine aurora or aurora-global: the DB cluster identifier"},
    {.name = "global_table", .value = &table_name, .description = "engine dynamodb-global: the table name"},
    {.name = "instance_tags", .value = &tags, .description = "engine self-managed: tags of its EC2 instances"},
};
const Node database_region{.name = "database_binding", .description = "a database in one region: exactly one key, as its engine says",
                           .keys = database_region_keys, .exactly_one = database_kinds};
const Node database_regions{.type = Type::Map, .description = "region name -> the database there",
                            .element = &database_region};
const Node databases{.type = Type::Map, .description = "database name -> its regions", .element = &database_regions};
// FIS takes ARNs of 20 characters or more (ResourceArn), and "arn:aws:s3:::" has 13.
const Node bucket{.type = Type::Text,
                  .description = "an S3 bucket name of 7 to 63 characters (a-z 0-9 . -) that FIS can take as an ARN "
                                 "of at least 20 characters",
                  .pattern = "[a-z0-9][a-z0-9.-]{5,61}[a-z0-9]"};
constexpr Key object_store_keys[]{
    {.name = "bucket", .value = &bucket, .required = true, .description = "the bucket in the store's own region"}};
const Node object_store{.name = "object_store_binding", .description = "an object store", .keys = object_store_keys};
const Node object_stores{.type = Type::Map, .description = "object store name -> its bucket", .element = &object_store};
const Node url{.type = Type::Text, .description = "an http:// or https:// URL", .pattern = "https?://[^\\s/?#]+[^\\s]*"};
const Node urls{.type = Type::Array, .description = "URLs, each once", .element = &url, .min_items = 1, .unique = true};
// Route 53's HealthCheckId (API reference: a UUID, at most 64 characters).
const Node health_check{.type = Type::Text, .description = "a Route 53 health check id such as abcdef11-2222-3333-4444-555555fedcba", .pattern = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"};
const Node health_checks{.type = Type::Array, .description = "health check ids, each once", .element = &health_check, .min_items = 1, .unique = true};
// Route 53's ResourceId: at most 32 characters (API reference); hosted zone ids are upper-case letters and digits.
const Node hosted_zone{.type = Type::Text, .description = "a Route 53 hosted zone id such as Z0123456789ABCDEFGHIJ",
                       .pattern = "Z[A-Z0-9]{1,31}"};
const Node dns{.type = Type::Map, .description = "DNS record name -> the hosted zone id it is in", .element = &hosted_zone};
const Node dns_name{.type = Type::Text, .description = "a DNS name such as web-east-1234567890.us-east-1.elb.amazonaws.com",
                    .pattern = "[A-Za-z0-9_]([A-Za-z0-9_-]*[A-Za-z0-9_])?(\\.[A-Za-z0-9_]([A-Za-z0-9_-]*[A-Za-z0-9_])?)*\\.?"};
const Node load_balancers{.type = Type::Map, .description = "load balancer name -> its DNS name", .element = &dns_name};
const Node per_action_minute{.type = Type::Number, .description = "USD per action-minute", .minimum = 0, .maximum = 1e6};
constexpr Key price_keys[]{
    {.name = "per_action_minute", .value = &per_action_minute, .required = true, .description = "the FIS price, USD per action-minute"},
    {.name = "date", .value = &name, .required = true, .description = "the day the price was taken"},
    {.name = "source", .value = &name, .required = true, .description = "where the price comes from"},
};
const Node price{.name = "fis_price", .description = "the FIS price the cost estimate uses", .keys = price_keys};
constexpr Key root_keys[]{
    {.name = "drsim_bindings", .value = &marker, .required = true, .description = "format marker of a bindings file; must be 1"},
    {.name = "allowed_accounts", .value = &accounts, .required = true, .description = "the only accounts drills may run in"},
    {.name = "regions", .value = &regions, .required = true, .description = "the AWS regions of the topology, by name"},
    {.name = "$schema", .value = &schema},
    {.name = "description", .value = &text, .description = "free text, for people"},
    {.name = "partition", .value = &partition, .description = "the AWS partition; default \"aws\""},
    {.name = "strategy", .value = &name, .description = "the strategy the deployment follows"},
    {.name = "fleets", .value = &fleets, .description = "fleet name -> region -> the tags of its instances"},
    {.name = "databases", .value = &databases, .description = "database name -> region -> how it is found"},
    {.name = "object_stores", .value = &object_stores, .description = "object store name -> its bucket"},
    {.name = "health_urls", .value = &urls, .description = "URLs the prober checks during a drill, at least one"},
    {.name = "route53_health_checks", .value = &health_checks, .description = "Route 53 health checks whose status fis run watches"},
    {.name = "dns", .value = &dns, .description = "DNS record -> its Route 53 hosted zone, for fis run to watch switch-dns steps"},
    {.name = "load_balancers", .value = &load_balancers, .description = "load balancer -> its DNS name, for fis run to watch switch-dns steps"},
    {.name = "fis_price", .value = &price, .description = "the FIS price; default: drsim's dated price table"},
};
// clang-format on

} // namespace shape

const format::Node bindings_root{.type = format::Type::Object,
                                 .description = "A drsim FIS bindings file: the AWS resources of a topology's "
                                                "components.",
                                 .keys = shape::root_keys};

#pragma GCC diagnostic pop

// A string matching a declared shape's pattern; the message says what the shape is.
std::optional<std::string> read_matching(const JsonNode& node, const format::Node& shape) {
  return read_matching(node, std::string(shape.pattern).c_str(), std::string(shape.description));
}

std::vector<std::string> read_matching_list(const JsonNode& node, const format::Node& list, std::string_view required) {
  return read_matching_list(node, std::string(list.element->pattern).c_str(), std::string(list.element->description),
                            required);
}
class BindingsReader {
public:
  BindingsReader(const json& document, const std::string& file, std::vector<Diagnostic>& problems)
      : sink_{file, &problems}, root_(document, "", sink_) {}

  Bindings read() {
    bindings_.file = sink_.file;
    if (!root_.expect_object(bindings_root))
      return std::move(bindings_);
    check_format_version(root_, "drsim_bindings");
    if (const auto description = root_.field("description"))
      description->as_string();
    if (const auto schema = root_.field("$schema")) // for editors: any string, not otherwise read
      schema->as_string();
    if (const auto partition = root_.field("partition"))
      if (const auto value = partition->as_one_of(partitions_))
        bindings_.partition = partitions_[*value];
    root_.read_name("strategy", bindings_.strategy);
    if (const auto accounts = root_.field("allowed_accounts"))
      bindings_.allowed_accounts = read_matching_list(*accounts, shape::accounts, "account");
    if (const auto regions = root_.field("regions"))
      read_regions(*regions);
    if (const auto fleets = root_.field("fleets"))
      read_fleets(*fleets);
    if (const auto databases = root_.field("databases"))
      read_databases(*databases);
    if (const auto stores = root_.field("object_stores"))
      read_object_stores(*stores);
    if (const auto urls = root_.field("health_urls"))
      bindings_.health_urls = read_matching_list(*urls, shape::urls, "URL");
    if (const auto checks = root_.field("route53_health_checks"))
      bindings_.health_checks = read_matching_list(*checks, shape::health_checks, "health check id");
    if (const auto dns = root_.field("dns"))
      bindings_.dns = read_names(*dns, shape::hosted_zone);
    if (const auto balancers = root_.field("load_balancers"))
      bindings_.load_balancers = read_names(*balancers, shape::dns_name);
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
      if (!matches(name, std::string(shape::regions.pattern).c_str())) {
        item.problem("is not an AWS region name such as \"us-east-1\"; FIS runs experiments in AWS regions, so the "
                     "topology's region names must be AWS's");
        continue;
      }
      if (!item.expect_object(shape::region))
        continue;
      RegionBinding region;
      if (const auto account = item.field("account")) {
        // An account that is not allowed is not used to check the role and alarms: one mistake, one message.
        if (const auto value = read_matching(*account, shape::account)) {
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
          if (!az_node.expect_object(shape::az))
            continue;
          AzBinding az;
          if (const auto id = az_node.field("zone_id"))
            az.zone_id = read_matching(*id, shape::zone_id).value_or("");
          if (const auto zone = az_node.field("zone_name")) {
            const std::string pattern = name + "[a-z]";
            az.zone_name =
                read_matching(*zone, pattern.c_str(), "an AZ name of " + name + " such as " + in_quotes(name + "a"))
                    .value_or("");
          }
          if (const auto subnets = az_node.field("subnets"))
            az.subnets = read_matching_list(*subnets, shape::subnets, "subnet");
          region.azs[az_name] = std::move(az);
        }
      if (const auto gateways = item.field("transit_gateways"))
        region.transit_gateways = read_matching_list(*gateways, shape::gateways, {});
      bindings_.regions[name] = std::move(region);
    }
  }

  void read_fleets(const JsonNode& node) {
    for (const auto& [fleet, item] : named_members(node))
      for (const auto& [region, binding] : named_members(item)) {
        if (!binding.expect_object(shape::fleet_region))
          continue;
        if (const auto tags = binding.field("tags"))
          bindings_.fleets[fleet][region].tags = read_tags(*tags);
        if (const auto group = binding.field("auto_scaling_group"))
          bindings_.fleets[fleet][region].auto_scaling_group = read_matching(*group, shape::group_name).value_or("");
      }
  }

  void read_databases(const JsonNode& node) {
    static const std::vector<std::string> kinds(shape::database_region.exactly_one.begin(),
                                                shape::database_region.exactly_one.end());
    for (const auto& [database, item] : named_members(node))
      for (const auto& [region, binding] : named_members(item)) {
        if (!binding.expect_object(shape::database_region))
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
          db.identifier = read_matching(member, shape::rds_identifier).value_or("");
        } else if (kind == "global_table") {
          db.resource = DatabaseResource::GlobalTable;
          db.identifier = read_matching(member, shape::table_name).value_or("");
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
      if (!item.expect_object(shape::object_store))
        continue;
      // FIS takes ARNs of 20 characters or more (ResourceArn), and "arn:aws:s3:::" has 13.
      if (const auto bucket = item.field("bucket"))
        if (const auto name = read_matching(*bucket, shape::bucket))
          bindings_.object_stores[store].bucket = *name;
    }
  }

  // A map of names to strings of one shape.
  static std::map<std::string, std::string> read_names(const JsonNode& node, const format::Node& shape) {
    std::map<std::string, std::string> values;
    for (const auto& [name, member] : named_members(node))
      if (const auto value = read_matching(member, shape))
        values[name] = *value;
    return values;
  }

  void read_price(const JsonNode& node) {
    if (!node.expect_object(shape::price))
      return;
    FisPrice price;
    const bool complete = node.read_number("per_action_minute", price.per_action_minute, 0, 1e6) &
                          node.read_name("date", price.date) & node.read_name("source", price.source);
    if (complete)
      bindings_.price = price;
  }

  inline static const std::vector<std::string> partitions_ = shape::partition.names();
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

const format::Node& bindings_format() { return bindings_root; }

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
  for (const auto& [name, zone] : bindings.dns)
    if (topology.find_dns_record(name) == nullptr)
      unknown(sink, pointer_to({"dns", name}), "DNS record", name, names_of(topology.dns));
  for (const auto& [name, dns_name] : bindings.load_balancers)
    if (topology.find_load_balancer(name) == nullptr)
      unknown(sink, pointer_to({"load_balancers", name}), "load balancer", name, names_of(topology.load_balancers));
}

} // namespace drsim::fis
