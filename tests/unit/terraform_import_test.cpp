// `drsim import terraform`: small plans and states written inline, each testing one mapping (modules flattened,
// failover records, cross-region read replicas, global tables, backup plans), that the imported topology reads
// as valid, that every assumption names a place in it, and that bad documents fail with what was expected.
#include <catch2/catch.hpp>

#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/core/errors.hpp"
#include "sim/import/terraform_plan.hpp"
#include "sim/import/terraform_topology.hpp"
#include "sim/input/topology_reader.hpp"

using namespace drsim;
using nlohmann::json;

namespace {

json resource(const std::string& address, const std::string& type, json values) {
  const auto dot = address.rfind('.');
  return {{"address", address},
          {"mode", "managed"},
          {"type", type},
          {"name", address.substr(dot + 1, address.find('[', dot) - dot - 1)},
          {"provider_name", "registry.terraform.io/hashicorp/aws"},
          {"values", std::move(values)}};
}

json state(json resources, json child_modules = json::array()) {
  return {{"format_version", "1.0"},
          {"terraform_version", "1.9.8"},
          {"values", {{"root_module", {{"resources", std::move(resources)}, {"child_modules", child_modules}}}}}};
}

// A load balancer, its target group, listener and Auto Scaling group in `region`, under `prefix` ("module.x.").
json web(const std::string& prefix, const std::string& region, const std::string& tag, int desired) {
  const std::string lb = "arn:aws:elasticloadbalancing:" + region + ":1:loadbalancer/app/" + tag + "/1";
  const std::string tg = "arn:aws:elasticloadbalancing:" + region + ":1:targetgroup/" + tag + "/2";
  return json::array(
      {resource(prefix + "aws_subnet.a", "aws_subnet",
                {{"id", "subnet-" + tag},
                 {"availability_zone", region + "a"},
                 {"availability_zone_id", tag + "-az1"},
                 {"region", region}}),
       resource(prefix + "aws_lb.web", "aws_lb",
                {{"arn", lb},
                 {"name", "lb-" + tag},
                 {"dns_name", tag + ".elb.amazonaws.com"},
                 {"subnets", {"subnet-" + tag}},
                 {"region", region}}),
       resource(prefix + "aws_lb_target_group.web", "aws_lb_target_group",
                {{"arn", tg},
                 {"region", region},
                 {"health_check", {{{"interval", 10}, {"healthy_threshold", 3}, {"unhealthy_threshold", 2}}}}}),
       resource(prefix + "aws_lb_listener.http", "aws_lb_listener",
                {{"load_balancer_arn", lb}, {"default_action", {{{"type", "forward"}, {"target_group_arn", tg}}}}}),
       resource(prefix + "aws_autoscaling_group.web", "aws_autoscaling_group",
                {{"name", "asg-" + tag},
                 {"min_size", desired},
                 {"max_size", 10},
                 {"desired_capacity", desired},
                 {"target_group_arns", {tg}},
                 {"vpc_zone_identifier", {"subnet-" + tag}},
                 {"region", region}})});
}

json failover_record(const std::string& address, const std::string& target, const char* type,
                     const std::string& check) {
  return resource(address, "aws_route53_record",
                  {{"name", "shop.example.com"},
                   {"type", "A"},
                   {"ttl", nullptr},
                   {"alias", {{{"name", "dualstack." + target}, {"evaluate_target_health", true}}}},
                   {"failover_routing_policy", {{{"type", type}}}},
                   {"health_check_id", check}});
}

json two_region_shop() {
  json root =
      json::array({resource("aws_route53_health_check.east", "aws_route53_health_check",
                            {{"id", "hc-east"}, {"request_interval", 10}, {"failure_threshold", 2}}),
                   failover_record("aws_route53_record.primary", "east.elb.amazonaws.com.", "PRIMARY", "hc-east"),
                   failover_record("aws_route53_record.secondary", "WEST.elb.amazonaws.com", "SECONDARY", ""),
                   resource("aws_db_instance.orders", "aws_db_instance",
                            {{"identifier", "orders"},
                             {"arn", "arn:aws:rds:us-east-1:1:db:orders"},
                             {"availability_zone", "us-east-1a"},
                             {"multi_az", true},
                             {"allocated_storage", 50},
                             {"backup_retention_period", 7},
                             {"replicate_source_db", nullptr}}),
                   resource("aws_db_instance.orders_dr", "aws_db_instance",
                            {{"identifier", "orders-dr"},
                             {"arn", "arn:aws:rds:us-west-2:1:db:orders-dr"},
                             {"replicate_source_db", "arn:aws:rds:us-east-1:1:db:orders"}}),
                   resource("aws_iam_role.backup", "aws_iam_role", {{"name", "backup"}})});
  const json east = {{"address", "module.east"}, {"resources", web("module.east.", "us-east-1", "east", 4)}};
  // module.west sits one level further down, under module.regions.
  const json west = {{"address", "module.regions"},
                     {"child_modules",
                      {{{"address", "module.regions.module.west"},
                        {"resources", web("module.regions.module.west.", "us-west-2", "west", 0)}}}}};
  return state(root, {east, west});
}

terraform::Import import(const json& document) {
  return terraform::import_topology(terraform::read_plan(document, "plan.json"), "shop", "plan.json");
}

std::vector<Diagnostic> problems_of(const terraform::Import& result) {
  std::vector<Diagnostic> problems;
  read_topology(json::parse(result.topology.dump()), "topology.json", "", problems);
  return problems;
}

const terraform::Assumption* assumption_at(const terraform::Import& result, const std::string& pointer) {
  for (const auto& assumption : result.assumptions)
    if (assumption.pointer == pointer)
      return &assumption;
  return nullptr;
}

std::string message_of(const json& document) {
  try {
    terraform::read_plan(document, "plan.json");
  } catch (const InputError& e) {
    return e.diagnostics().front().str();
  }
  return "no error";
}

} // namespace

TEST_CASE("terraform import: modules are flattened, groups of one name are one fleet with a capacity per region") {
  const auto plan = terraform::read_plan(two_region_shop(), "plan.json");
  CHECK(plan.kind == "state");
  CHECK(plan.resources.size() == 16);
  CHECK(plan.resources.back().address == "module.regions.module.west.aws_autoscaling_group.web");
  CHECK(plan.resources.back().region == "us-west-2");

  const auto result = import(two_region_shop());
  CHECK(problems_of(result).empty());
  const auto& topology = result.topology;
  REQUIRE(topology["fleets"].size() == 1);
  CHECK(topology["fleets"][0]["name"] == "web");
  CHECK(topology["fleets"][0]["capacity"].dump() == R"({"us-east-1":{"min":4,"desired":4,"max":10},)"
                                                    R"("us-west-2":{"min":0,"desired":0,"max":10}})");
  CHECK(topology["regions"].dump() ==
        R"([{"name":"us-east-1","azs":["east-az1","us-east-1b"]},{"name":"us-west-2","azs":["west-az1"]}])");
  REQUIRE(topology["load_balancers"].size() == 2);
  CHECK(topology["load_balancers"][1].dump() ==
        R"({"name":"lb-west","region":"us-west-2","azs":["west-az1"],"fleet":"web",)"
        R"("health_check":{"interval":"10s","healthy_threshold":3,"unhealthy_threshold":2}})");
}

TEST_CASE("terraform import: failover records become one record with a primary and a secondary") {
  const auto result = import(two_region_shop());
  REQUIRE(result.topology["dns"].size() == 1);
  const auto& record = result.topology["dns"][0];
  CHECK(record["routing"] == "failover");
  CHECK(record["endpoints"].dump() ==
        R"([{"target":"lb-east","role":"primary","health_check":{"interval":"10s","failure_threshold":2}},)"
        R"({"target":"lb-west","role":"secondary","health_check":{}}])");
  // An alias record has no TTL: drsim's default applies, and is listed.
  CHECK_FALSE(record.contains("ttl"));
  REQUIRE(assumption_at(result, "/dns/0/ttl") != nullptr);
  CHECK(assumption_at(result, "/dns/0/ttl")->value == "60s");
  // evaluate_target_health without a health check of its own.
  CHECK(assumption_at(result, "/dns/0/endpoints/1/health_check") != nullptr);
  CHECK(result.topology["clients"][0]["dns_record"] == "shop.example.com");
}

TEST_CASE("terraform import: an A and an AAAA record for one endpoint are one endpoint, and the merge is noted") {
  for (const char* policy : {"failover_routing_policy", "weighted_routing_policy"}) {
    json document = two_region_shop();
    json& root = document["values"]["root_module"]["resources"];
    json copies = json::array();
    for (json& record : root)
      if (record["type"] == "aws_route53_record") {
        record["values"]["set_identifier"] = record["name"];
        if (std::string(policy) == "weighted_routing_policy") {
          record["values"].erase("failover_routing_policy");
          record["values"][policy] = {{{"weight", record["name"] == "primary" ? 90 : 10}}};
        }
        json copy = record;
        copy["address"] = record["address"].get<std::string>() + "_aaaa";
        copy["name"] = record["name"].get<std::string>() + "_aaaa";
        copy["values"]["type"] = "AAAA";
        copies.push_back(copy);
      }
    for (const json& copy : copies)
      root.push_back(copy);

    const auto result = import(document);
    CHECK(problems_of(result).empty());
    REQUIRE(result.topology["dns"].size() == 1);
    const auto& endpoints = result.topology["dns"][0]["endpoints"];
    REQUIRE(endpoints.size() == 2);
    CHECK(endpoints[0]["target"] == "lb-east");
    CHECK(endpoints[1]["target"] == "lb-west");
    if (std::string(policy) == "weighted_routing_policy") {
      CHECK(endpoints[0]["weight"] == 90);
      CHECK(endpoints[1]["weight"] == 10);
    } else {
      CHECK(endpoints[0]["role"] == "primary");
      CHECK(endpoints[1]["role"] == "secondary");
    }
    const auto* merged = assumption_at(result, "/dns/0/endpoints/0");
    REQUIRE(merged != nullptr);
    CHECK(merged->reason.find("aws_route53_record.primary_aaaa") != std::string::npos);
    CHECK(assumption_at(result, "/dns/0/endpoints/1") != nullptr);
  }
}

TEST_CASE("terraform import: durations are written exactly, never rounded to six digits") {
  for (const auto& [ttl, written] : std::vector<std::pair<double, std::string>>{
           {1000001, "1000001s"}, {0.25, "0.25s"}, {86400.0 * 12, "12d"}, {3600.0 * 1000001, "1000001h"}}) {
    json document = two_region_shop();
    for (json& record : document["values"]["root_module"]["resources"])
      if (record["type"] == "aws_route53_record")
        record["values"]["ttl"] = ttl;
    CHECK(import(document).topology["dns"][0]["ttl"] == written);
  }
}

TEST_CASE("terraform import: a cross-region read replica is an asynchronous replica of its source") {
  const auto result = import(two_region_shop());
  REQUIRE(result.topology["databases"].size() == 1);
  const auto& db = result.topology["databases"][0];
  // The subnets give the AZ ID of the instance's AZ name.
  CHECK(db["primary"].dump() == R"({"region":"us-east-1","az":"east-az1"})");
  CHECK(db["replicas"].dump() == R"([{"name":"standby","region":"us-east-1","az":"us-east-1b","mode":"sync"},)"
                                 R"({"name":"orders-dr","region":"us-west-2","az":"west-az1","mode":"async"}])");
  CHECK(db["size"] == "50GB");
  CHECK(assumption_at(result, "/databases/0/promotion_time") != nullptr);
  CHECK(assumption_at(result, "/databases/0/replicas/0/az") != nullptr);
  // The standby's AZ was named after the region, so the region's AZ list is an assumption too.
  CHECK(assumption_at(result, "/regions/0/azs") != nullptr);
  REQUIRE(result.topology["backups"].size() == 1);
  CHECK(result.topology["backups"][0].dump() == R"({"name":"orders-automated","source":"orders","kind":"full",)"
                                                R"("every":"24h","log_interval":"5m","retention":"7d",)"
                                                R"("vaulted":false})");
}

TEST_CASE("terraform import: unknown resource types are listed by address, never dropped") {
  const auto result = import(two_region_shop());
  REQUIRE(result.not_imported.size() == 1);
  CHECK(result.not_imported[0].address == "aws_iam_role.backup");
  CHECK(result.not_imported[0].type == "aws_iam_role");
  CHECK(result.not_imported[0].reason == "its type has no counterpart in a drsim topology");

  std::ostringstream text;
  terraform::write_import_notes(text, result);
  CHECK(text.str().find("  aws_iam_role.backup (aws_iam_role): its type has no counterpart") != std::string::npos);
  CHECK(terraform::import_notes_json(result)["not_imported"][0]["address"] == "aws_iam_role.backup");
}

TEST_CASE("terraform import: every assumption points into the topology") {
  const auto result = import(two_region_shop());
  REQUIRE(result.assumptions.size() > 10);
  for (const auto& assumption : result.assumptions) {
    INFO(assumption.pointer);
    const json::json_pointer pointer(assumption.pointer);
    // A key written is there; a key left out for its default has its parent there.
    CHECK((result.topology.contains(pointer) || result.topology.contains(pointer.parent_pointer())));
    CHECK_FALSE(assumption.reason.empty());
  }
  CHECK(assumption_at(result, "/clients/0/rate")->value == "100/s");
  CHECK(assumption_at(result, "/fleets/0/boot_time")->value == "5m");
  CHECK(assumption_at(result, "/network") != nullptr);
  CHECK(assumption_at(result, "/prices") != nullptr);
}

TEST_CASE("terraform import: a plan's regions come from its provider configurations, modules included") {
  json document = {{"format_version", "1.2"}, {"terraform_version", "1.9.8"}};
  json table = resource("module.data.aws_dynamodb_table.sessions", "aws_dynamodb_table",
                        {{"name", "sessions"}, {"replica", {{{"region_name", "eu-west-1"}}}}});
  document["planned_values"]["root_module"]["child_modules"] = {{{"address", "module.data"}, {"resources", {table}}}};
  document["configuration"]["provider_config"] = {
      {"aws", {{"name", "aws"}, {"expressions", {{"region", {{"constant_value", "us-east-1"}}}}}}},
      {"aws.frankfurt",
       {{"name", "aws"}, {"alias", "frankfurt"}, {"expressions", {{"region", {{"constant_value", "eu-central-1"}}}}}}}};
  document["configuration"]["root_module"]["module_calls"]["data"]["module"]["resources"] = {
      {{"address", "aws_dynamodb_table.sessions"}, {"provider_config_key", "aws.frankfurt"}}};

  const auto plan = terraform::read_plan(document, "plan.json");
  CHECK(plan.kind == "plan");
  REQUIRE(plan.resources.size() == 1);
  CHECK(plan.resources[0].region == "eu-central-1");
  const auto result = terraform::import_topology(plan, "t", "plan.json");
  const auto& db = result.topology["databases"][0];
  CHECK(db["engine"] == "dynamodb-global");
  CHECK(db["multi_writer"] == true);
  CHECK(db["replicas"][0]["region"] == "eu-west-1");
  CHECK(assumption_at(result, "/databases/0/primary/az") != nullptr);
}

TEST_CASE("terraform import: a provider's region set by a variable is the variable's value, never the default") {
  json document = {{"format_version", "1.2"}, {"terraform_version", "1.9.8"}};
  const json db = resource("aws_db_instance.orders", "aws_db_instance", {{"identifier", "orders"}});
  const json bucket = resource("aws_s3_bucket.logs", "aws_s3_bucket", {{"bucket", "logs"}});
  const json zoned = resource("aws_db_instance.zoned", "aws_db_instance",
                              {{"identifier", "zoned"}, {"availability_zone", "eu-west-1b"}});
  document["planned_values"]["root_module"]["resources"] = {db, bucket, zoned};
  document["variables"]["dr_region"]["value"] = "us-west-2";
  document["configuration"]["provider_config"] = {
      {"aws", {{"name", "aws"}, {"expressions", {{"region", {{"constant_value", "us-east-1"}}}}}}},
      {"aws.west",
       {{"name", "aws"}, {"alias", "west"}, {"expressions", {{"region", {{"references", {"var.dr_region"}}}}}}}},
      {"aws.other",
       {{"name", "aws"}, {"alias", "other"}, {"expressions", {{"region", {{"references", {"var.unset"}}}}}}}}};
  document["configuration"]["root_module"]["resources"] = {
      {{"address", "aws_db_instance.orders"}, {"provider_config_key", "aws.west"}},
      {{"address", "aws_s3_bucket.logs"}, {"provider_config_key", "aws.other"}},
      {{"address", "aws_db_instance.zoned"}, {"provider_config_key", "aws.other"}}};

  const auto plan = terraform::read_plan(document, "plan.json");
  REQUIRE(plan.resources.size() == 3);
  CHECK(plan.resources[0].region == "us-west-2");
  // A variable the plan has no value for: the AZ tells, else the region is unknown and the resource listed.
  CHECK(plan.resources[1].region.empty());
  CHECK(plan.resources[2].region == "eu-west-1");
  const auto result = terraform::import_topology(plan, "t", "plan.json");
  // A resource the configuration does not name: its AZ before the default provider's region.
  json unplaced = document;
  unplaced["planned_values"]["root_module"]["resources"].push_back(resource(
      "aws_subnet.west", "aws_subnet", {{"availability_zone", "us-west-2a"}, {"availability_zone_id", "usw2-az1"}}));
  CHECK(terraform::read_plan(unplaced, "plan.json").resources.back().region == "us-west-2");
  bool listed = false;
  for (const auto& resource : result.not_imported)
    listed =
        listed || (resource.address == "aws_s3_bucket.logs" && resource.reason.find("region") != std::string::npos);
  CHECK(listed);
}

TEST_CASE("terraform import: a plan's DynamoDB table replica links through its reference to the table") {
  json document = {{"format_version", "1.2"}, {"terraform_version", "1.9.8"}};
  document["planned_values"]["root_module"]["resources"] = {
      resource("aws_dynamodb_table.sessions", "aws_dynamodb_table", {{"name", "sessions"}, {"region", "us-east-1"}}),
      resource("aws_dynamodb_table_replica.west", "aws_dynamodb_table_replica", {{"region", "us-west-2"}})};
  document["configuration"]["root_module"]["resources"] = {
      {{"address", "aws_dynamodb_table_replica.west"},
       {"expressions",
        {{"global_table_arn", {{"references", {"aws_dynamodb_table.sessions.arn", "aws_dynamodb_table.sessions"}}}}}}}};

  const auto result = import(document);
  for (const auto& left_out : result.not_imported)
    FAIL_CHECK(left_out.address + ": " + left_out.reason);
  REQUIRE(result.topology["databases"].size() == 1);
  const auto& db = result.topology["databases"][0];
  REQUIRE(db["replicas"].size() == 1);
  CHECK(db["replicas"][0]["region"] == "us-west-2");
  CHECK(db["multi_writer"] == true);
}

TEST_CASE("terraform import: a bucket's inline replication_configuration (AWS provider 3) is its replication") {
  const json rules = {{{"status", "Enabled"}, {"destination", {{{"bucket", "arn:aws:s3:::assets-usw2"}}}}}};
  const auto result = import(state(
      {resource("aws_s3_bucket.assets", "aws_s3_bucket",
                {{"bucket", "assets"}, {"region", "us-east-1"}, {"replication_configuration", {{{"rules", rules}}}}}),
       resource("aws_s3_bucket.copy", "aws_s3_bucket",
                {{"bucket", "assets-usw2"}, {"arn", "arn:aws:s3:::assets-usw2"}, {"region", "us-west-2"}})}));
  REQUIRE(result.topology["object_stores"].size() == 1);
  CHECK(result.topology["object_stores"][0]["name"] == "assets");
  CHECK(result.topology["object_stores"][0]["replicate_to"].dump() == R"(["us-west-2"])");
}

TEST_CASE("terraform import: an AWS Backup plan's schedule, retention, copies and vault lock") {
  json root = two_region_shop()["values"]["root_module"]["resources"];
  root.push_back(
      resource("aws_backup_vault.dr", "aws_backup_vault",
               {{"name", "dr"}, {"arn", "arn:aws:backup:us-west-2:1:backup-vault:dr"}, {"region", "us-west-2"}}));
  root.push_back(resource("aws_backup_vault_lock_configuration.dr", "aws_backup_vault_lock_configuration",
                          {{"backup_vault_name", "dr"}, {"region", "us-west-2"}}));
  root.push_back(
      resource("aws_backup_plan.p", "aws_backup_plan",
               {{"id", "plan-1"},
                {"name", "p"},
                {"rule",
                 {{{"rule_name", "every4h"},
                   {"target_vault_name", "main"},
                   {"schedule", "cron(0 */4 * * ? *)"},
                   {"lifecycle", {{{"delete_after", 3}}}},
                   {"copy_action", {{{"destination_vault_arn", "arn:aws:backup:us-west-2:1:backup-vault:dr"}}}}}}}}));
  root.push_back(resource("aws_backup_selection.s", "aws_backup_selection",
                          {{"plan_id", "plan-1"}, {"resources", {"arn:aws:rds:us-east-1:1:db:orders"}}}));
  json document = two_region_shop();
  document["values"]["root_module"]["resources"] = root;

  const auto result = import(document);
  CHECK(problems_of(result).empty());
  REQUIRE(result.topology["backups"].size() == 2);
  CHECK(result.topology["backups"][1].dump() == R"({"name":"p-every4h","source":"orders","kind":"full",)"
                                                R"("every":"4h","retention":"3d","copy_to":["us-west-2"],)"
                                                R"("vaulted":true})");
}

TEST_CASE("terraform import: odd values inside resources are skipped, never a crash") {
  json root = json::array({resource("aws_lb.x", "aws_lb", nullptr),
                           resource("aws_autoscaling_group.x", "aws_autoscaling_group", {{"min_size", "two"}}),
                           resource("aws_route53_record.x", "aws_route53_record", {{"alias", 5}, {"records", {1}}}),
                           resource("aws_db_instance.x", "aws_db_instance", {{"replicate_source_db", "nowhere"}}),
                           resource("aws_backup_plan.x", "aws_backup_plan", {{"rule", {nullptr, 3}}}),
                           resource("aws_autoscaling_group.y", "aws_autoscaling_group",
                                    {{"min_size", 1e300}, {"max_size", 2}, {"region", "us-east-1"}})});
  const auto result = import(state(root));
  CHECK(result.not_imported.size() == 6);
  CHECK(result.not_imported[5].reason == "its min_size, max_size or region is not in the plan");
  CHECK(result.not_imported[3].reason == "its source database nowhere is not in the plan");
}

TEST_CASE("terraform import: a document that is not terraform show JSON names what was expected") {
  CHECK(message_of(json::array()) ==
        "plan.json: (document): is not Terraform JSON; expected the JSON of `terraform show -json`: an object with "
        "\"format_version\" and \"values\" (a state) or \"planned_values\" (a plan)");
  CHECK(message_of({{"format_version", "2.0"}}) ==
        "plan.json: /format_version: is \"2.0\"; drsim reads Terraform's JSON format 1.x (Terraform 0.15 and later)");
  CHECK(message_of({{"format_version", "1.0"}, {"drsim_topology", 1}})
            .starts_with("plan.json: (document): has neither \"values\" nor \"planned_values\""));
  CHECK(message_of({{"format_version", "1.0"}, {"values", {{"root_module", {{"resources", 3}}}}}}) ==
        "plan.json: /values/root_module/resources: must be an array of resources");
  CHECK(message_of({{"format_version", "1.0"}, {"values", {{"root_module", {{"resources", {{{"type", 1}}}}}}}}}) ==
        "plan.json: /values/root_module/resources/0: must be a resource object with \"address\", \"type\" and "
        "\"values\"");
  // An empty state is a state without resources.
  CHECK(terraform::read_plan({{"format_version", "1.0"}}, "x").resources.empty());
}

TEST_CASE("terraform import: values or planned_values that are not an object are refused, never an empty topology") {
  CHECK(message_of({{"format_version", "1.0"}, {"values", 5}})
            .starts_with("plan.json: /values: must be an object with \"root_module\"; expected the JSON of"));
  CHECK(message_of({{"format_version", "1.0"}, {"planned_values", "x"}})
            .starts_with("plan.json: /planned_values: must be an object with \"root_module\";"));
  CHECK(message_of({{"format_version", "1.0"}, {"values", json::object()}, {"planned_values", json::array()}})
            .starts_with("plan.json: /planned_values: must be an object"));
}

TEST_CASE("terraform import: ARNs give their region and their resource's name") {
  CHECK(terraform::arn_region("arn:aws:rds:us-west-2:123456789012:db:orders") == "us-west-2");
  CHECK(terraform::arn_region("arn:aws:s3:::bucket").empty());
  CHECK(terraform::arn_region("not-an-arn").empty());
  CHECK(terraform::arn_resource_name("arn:aws:s3:::orders-assets") == "orders-assets");
  CHECK(terraform::arn_resource_name("arn:aws:dynamodb:us-east-1:1:table/sessions") == "sessions");
}

TEST_CASE("terraform import: an Aurora global cluster is one database, its secondary cluster an async replica") {
  json root = two_region_shop()["values"]["root_module"]["resources"];
  root.erase(root.begin() + 3, root.begin() + 5); // the RDS instances
  for (json& record : root)
    if (record["type"] == "aws_route53_record") {
      record["values"].erase("failover_routing_policy");
      record["values"]["weighted_routing_policy"] = {{{"weight", record["name"] == "primary" ? 90 : 10}}};
    }
  root.push_back(resource("aws_rds_global_cluster.orders", "aws_rds_global_cluster",
                          {{"global_cluster_identifier", "orders-global"}}));
  root.push_back(resource("aws_rds_cluster.east", "aws_rds_cluster",
                          {{"cluster_identifier", "orders-east"},
                           {"engine", "aurora-postgresql"},
                           {"global_cluster_identifier", "orders-global"},
                           {"master_username", "admin"},
                           {"availability_zones", {"us-east-1a", "us-east-1b"}},
                           {"arn", "arn:aws:rds:us-east-1:1:cluster:orders-east"}}));
  root.push_back(resource("aws_rds_cluster.west", "aws_rds_cluster",
                          {{"cluster_identifier", "orders-west"},
                           {"engine", "aurora-postgresql"},
                           {"global_cluster_identifier", "orders-global"},
                           {"availability_zones", {"us-west-2a"}},
                           {"arn", "arn:aws:rds:us-west-2:1:cluster:orders-west"}}));
  for (const char* id : {"orders-east-1", "orders-east-2"})
    root.push_back(resource(std::string("aws_rds_cluster_instance.e[") + (id[13] == '1' ? "0" : "1") + "]",
                            "aws_rds_cluster_instance",
                            {{"identifier", id}, {"cluster_identifier", "orders-east"}, {"region", "us-east-1"}}));
  json document = two_region_shop();
  document["values"]["root_module"]["resources"] = root;

  const auto result = import(document);
  CHECK(problems_of(result).empty());
  REQUIRE(result.topology["databases"].size() == 1);
  const auto& db = result.topology["databases"][0];
  CHECK(db["name"] == "orders-global");
  CHECK(db["engine"] == "aurora-global");
  CHECK(db["primary"].dump() == R"({"region":"us-east-1","az":"east-az1"})");
  CHECK(db["replicas"].dump() == R"([{"name":"orders-east-2","region":"us-east-1","az":"us-east-1b","mode":"sync"},)"
                                 R"({"name":"orders-west","region":"us-west-2","az":"west-az1","mode":"async"}])");
  const auto& record = result.topology["dns"][0];
  CHECK(record["routing"] == "weighted");
  CHECK(record["endpoints"][0]["weight"] == 90);
  CHECK(record["endpoints"][1]["weight"] == 10);
  CHECK_FALSE(record["endpoints"][0].contains("role"));
}

TEST_CASE("terraform import: a fresh plan's unknown ARNs are linked through the configuration's references") {
  // What `terraform show -json` gives before the first apply: no ID, ARN or DNS name is known yet.
  const auto expression = [](const std::vector<std::string>& references) { return json{{"references", references}}; };
  json document = {{"format_version", "1.2"}, {"terraform_version", "1.9.8"}};
  document["planned_values"]["root_module"] = {
      {"resources",
       {resource("aws_route53_record.shop", "aws_route53_record",
                 {{"name", "shop"}, {"type", "A"}, {"alias", {{{"evaluate_target_health", true}}}}}),
        resource("aws_route53_zone.main", "aws_route53_zone", {{"name", "example.com"}}),
        resource("aws_db_instance.orders", "aws_db_instance",
                 {{"identifier", "orders"}, {"availability_zone", "us-east-1a"}, {"region", "us-east-1"}}),
        resource("aws_db_instance.dr", "aws_db_instance", {{"identifier", "orders-dr"}, {"region", "us-west-2"}})}},
      {"child_modules",
       {{{"address", "module.east"},
         {"resources",
          {resource("module.east.aws_lb.web", "aws_lb", {{"name", "web-east"}, {"region", "us-east-1"}}),
           resource("module.east.aws_lb_target_group.web", "aws_lb_target_group", {{"region", "us-east-1"}}),
           resource("module.east.aws_lb_listener.http", "aws_lb_listener",
                    {{"region", "us-east-1"}, {"default_action", {{{"type", "forward"}}}}}),
           resource("module.east.aws_autoscaling_group.web", "aws_autoscaling_group",
                    {{"min_size", 2}, {"max_size", 4}, {"desired_capacity", 2}, {"region", "us-east-1"}})}}}}}};
  document["configuration"]["root_module"] = {
      {"resources",
       {{{"address", "aws_route53_record.shop"},
         {"expressions",
          {{"alias", {{{"name", expression({"module.east.lb_dns_name", "module.east"})}}}},
           {"zone_id", expression({"aws_route53_zone.main.zone_id", "aws_route53_zone.main"})}}}},
        {{"address", "aws_db_instance.dr"},
         {"expressions",
          {{"replicate_source_db", expression({"aws_db_instance.orders.arn", "aws_db_instance.orders"})}}}}}},
      {"module_calls",
       {{"east",
         {{"module",
           {{"outputs", {{"lb_dns_name", {{"expression", expression({"aws_lb.web.dns_name", "aws_lb.web"})}}}}},
            {"resources",
             {{{"address", "aws_lb_listener.http"},
               {"expressions",
                {{"load_balancer_arn", expression({"aws_lb.web.arn", "aws_lb.web"})},
                 {"default_action",
                  {{{"target_group_arn", expression({"aws_lb_target_group.web.arn", "aws_lb_target_group.web"})}}}}}}},
              {{"address", "aws_autoscaling_group.web"},
               {"expressions",
                {{"target_group_arns",
                  expression({"aws_lb_target_group.web.arn", "aws_lb_target_group.web"})}}}}}}}}}}}}};

  SECTION("a module called once") {}
  SECTION("a module called with count: its instances' addresses hold the index") {
    json& east = document["planned_values"]["root_module"]["child_modules"][0];
    east["address"] = "module.east[0]";
    for (json& r : east["resources"])
      r["address"] = "module.east[0]." + r["address"].get<std::string>().substr(std::string("module.east.").size());
    document["configuration"]["root_module"]["resources"][0]["expressions"]["alias"][0]["name"] =
        expression({"module.east[0].lb_dns_name", "module.east"});
  }
  SECTION("a CNAME record whose records refer to the load balancer's DNS name") {
    json& record = document["planned_values"]["root_module"]["resources"][0]["values"];
    record = {{"name", "shop"}, {"type", "CNAME"}, {"ttl", 60}};
    json& expressions = document["configuration"]["root_module"]["resources"][0]["expressions"];
    expressions.erase("alias");
    expressions["records"] = expression({"module.east.lb_dns_name", "module.east"});
  }

  const auto result = import(document);
  CHECK(problems_of(result).empty());
  for (const auto& left_out : result.not_imported)
    FAIL_CHECK(left_out.address + ": " + left_out.reason);
  CHECK(result.topology["load_balancers"][0]["fleet"] == "web");
  CHECK(result.topology["dns"][0]["endpoints"][0]["target"] == "web-east");
  // A name relative to its zone is completed with the zone's name.
  CHECK(result.topology["dns"][0]["name"] == "shop.example.com");
  CHECK(result.topology["databases"][0]["replicas"].back()["name"] == "orders-dr");
  CHECK(result.topology["databases"][0]["replicas"].back()["mode"] == "async");
  // The placeholders link; they never become names in the topology.
  CHECK(result.topology.dump().find("aws_lb.web.arn") == std::string::npos);
}
