// The AWS adapter without AWS: the bindings file (strict reading, checks against the topology, missing bindings
// named with their fault), the mapping table (complete, and the README's copy of it), ISO 8601 durations and what
// FIS's bounds clamp or refuse, the plan hash (SHA-256 test vectors of FIPS 180-4; what it covers), the templates
// of a network partition and of many subnets, `drsim fis plan` end to end against golden outputs, the credentials
// chain (roles assumed through source profiles, and the chains it refuses) and request rules of the AWS transport,
// its signatures against AWS's documented Signature Version 4 examples, the guardrails of `fis run`, its request
// bodies and journal, the observation measured like a drill, and the comparison with simulated drills. Set
// DRSIM_UPDATE_GOLDEN=1 to rewrite the golden files after an intended change, then review their diff.

#include <catch2/catch.hpp>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <httplib.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include "sim/cli/cli.hpp"
#include "sim/core/errors.hpp"
#include "sim/core/sha256.hpp"
#include "sim/fis/aws_client.hpp"
#include "sim/fis/bindings.hpp"
#include "sim/fis/comparison.hpp"
#include "sim/fis/credentials.hpp"
#include "sim/fis/detectors.hpp"
#include "sim/fis/fault_mapping.hpp"
#include "sim/fis/guardrails.hpp"
#include "sim/fis/journal.hpp"
#include "sim/fis/observation.hpp"
#include "sim/fis/plan.hpp"
#include "sim/fis/preflight.hpp"
#include "sim/fis/prober.hpp"
#include "sim/fis/run.hpp"
#include "sim/fis/timestamps.hpp"
#include "sim/input/scenario_reader.hpp"
#include "sim/measure/availability.hpp"
#include "tests/support/command_line.hpp"

using drsim::testing::Outcome;
using drsim::testing::run;
using nlohmann::json;
using Lines = std::vector<std::string>;
namespace fis = drsim::fis;

namespace {

const std::string source_dir = DRSIM_SOURCE_DIR "/";
const std::string scenarios_dir = source_dir + "scenarios/";
const std::string bindings_file = scenarios_dir + "bindings/web-shop.bindings.json";
const std::string golden_dir = source_dir + "tests/fis/golden/";

json load(const std::string& path) {
  std::ifstream in(path);
  return json::parse(in);
}

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

const json& example_bindings() {
  static const json document = load(bindings_file);
  return document;
}

Lines printed(const std::vector<drsim::Diagnostic>& problems) {
  Lines lines;
  for (const auto& problem : problems)
    lines.push_back(problem.pointer + ": " + problem.message);
  return lines;
}

// The problems of the example bindings with one value replaced (or removed, when `value` is null).
Lines bindings_problems(const std::string& pointer, const json& value) {
  json document = example_bindings();
  const json::json_pointer where(pointer);
  if (value.is_null())
    document.at(where.parent_pointer()).erase(where.back());
  else
    document[where] = value;
  std::vector<drsim::Diagnostic> problems;
  fis::read_bindings(document, "b.json", problems);
  return printed(problems);
}

fis::Bindings bindings_from(const json& document) {
  std::vector<drsim::Diagnostic> problems;
  auto bindings = fis::read_bindings(document, "b.json", problems);
  INFO(printed(problems).size());
  REQUIRE(problems.empty());
  return bindings;
}

// A shipped scenario with its faults replaced; its topology is found next to it, as for the file itself.
drsim::Scenario scenario_with_faults(const std::string& file, const json& faults) {
  json document = load(scenarios_dir + file);
  document["faults"] = faults;
  std::vector<drsim::Diagnostic> problems;
  auto scenario = drsim::read_scenario(document, scenarios_dir + file, problems);
  REQUIRE(problems.empty());
  return scenario;
}

fis::Plan plan_of(const json& faults, const json& bindings = example_bindings(), bool skip = false) {
  return fis::make_plan(scenario_with_faults("shop-region-loss.json", faults), bindings_from(bindings), {"", skip});
}

Lines plan_problems(const json& faults, const json& bindings) {
  try {
    plan_of(faults, bindings);
  } catch (const drsim::InputError& e) {
    return printed(e.diagnostics());
  }
  return {};
}

} // namespace

// ---------------------------------------------------------------------------------------------------------------
// Bindings
// ---------------------------------------------------------------------------------------------------------------

TEST_CASE("fis bindings: the shipped example reads and fits the web shop's topology") {
  const auto bindings = fis::load_bindings_file(bindings_file);
  CHECK(bindings.strategy == "warm-standby");
  CHECK(bindings.regions.at("us-east-1").azs.at("use1-az1").zone_name == "us-east-1b");
  CHECK(bindings.fleets.at("web").at("us-west-2").tags == fis::Tags{{"drsim:fleet", "web-west"}});
  CHECK(bindings.databases.at("orders-db").at("us-west-2").identifier == "orders-db-dr");
  const auto scenario = drsim::load_scenario_file(scenarios_dir + "shop-region-loss.json");
  // The strategies whose deployments have what the example binds: backup-restore runs no replica in us-west-2, and
  // active-active turns orders-db into DynamoDB global tables.
  for (const auto& strategy : scenario.strategies) {
    if (strategy.name != "pilot-light" && strategy.name != "warm-standby")
      continue;
    INFO(strategy.name);
    std::vector<drsim::Diagnostic> problems;
    fis::check_bindings(bindings, strategy.topology, problems);
    CHECK(printed(problems) == Lines{});
  }
}

TEST_CASE("fis bindings: strict format, every problem at its JSON Pointer") {
  CHECK(bindings_problems("/regions/us-east-1/acount", "111122223333") ==
        Lines{"/regions/us-east-1/acount: unknown key; did you mean \"account\"?"});
  CHECK(bindings_problems("/drsim_bindings", 2) ==
        Lines{"/drsim_bindings: unsupported format version 2; this drsim reads version 1"});
  CHECK(bindings_problems("/allowed_accounts", nullptr) == Lines{": missing required key \"allowed_accounts\""});
  CHECK(bindings_problems("/regions/us-east-1/account", "999988887777") ==
        Lines{"/regions/us-east-1/account: account 999988887777 is not in \"allowed_accounts\"; list it there to "
              "allow drills in it"});
  CHECK(bindings_problems("/regions/us-east-1/role_arn", "arn:aws:iam::999988887777:role/x") ==
        Lines{"/regions/us-east-1/role_arn: \"arn:aws:iam::999988887777:role/x\" is not the ARN of an IAM role of "
              "account 111122223333 (arn:aws:iam::111122223333:role/NAME)"});
  CHECK(bindings_problems("/regions/us-east-1/stop_condition_alarms/0",
                          "arn:aws:cloudwatch:us-west-2:111122223333:alarm:x") ==
        Lines{"/regions/us-east-1/stop_condition_alarms/0: \"arn:aws:cloudwatch:us-west-2:111122223333:alarm:x\" is "
              "not the ARN of a CloudWatch alarm in us-east-1 of account 111122223333 "
              "(arn:aws:cloudwatch:us-east-1:111122223333:alarm:NAME)"});
  CHECK(bindings_problems("/regions/us-east-1/azs/use1-az1/subnets/1", "subnet-0a11aa11aa11aa11a") ==
        Lines{"/regions/us-east-1/azs/use1-az1/subnets/1: duplicate \"subnet-0a11aa11aa11aa11a\"; expected each once"});
  CHECK(bindings_problems("/regions/us-east-1/azs/use1-az1/zone_name", "us-west-2a") ==
        Lines{"/regions/us-east-1/azs/use1-az1/zone_name: \"us-west-2a\" is not an AZ name of us-east-1 such as "
              "\"us-east-1a\""});
  CHECK(bindings_problems("/regions/dc-east", json::object()) ==
        Lines{"/regions/dc-east: is not an AWS region name such as \"us-east-1\"; FIS runs experiments in AWS "
              "regions, so the topology's region names must be AWS's"});
  CHECK(bindings_problems("/databases/orders-db/us-east-1/db_cluster", "orders") ==
        Lines{"/databases/orders-db/us-east-1: must have exactly one of db_instance, db_cluster, global_table or "
              "instance_tags, not 2"});
  CHECK(bindings_problems("/route53_health_checks", json::array({"abcdef11-2222-3333-4444-555555fedcba", "x"})) ==
        Lines{"/route53_health_checks/1: \"x\" is not a Route 53 health check id such as "
              "abcdef11-2222-3333-4444-555555fedcba"});
  CHECK(bindings_problems("/object_stores/assets/bucket", "abc") ==
        Lines{"/object_stores/assets/bucket: \"abc\" is not an S3 bucket name of 7 to 63 characters (a-z 0-9 . -) "
              "that FIS can take as an ARN of at least 20 characters"});
  CHECK(bindings_problems("/fleets/web/us-east-1/tags", json::object({{"aws:autoscaling:groupName", "x"}})) ==
        Lines{"/fleets/web/us-east-1/tags/aws:autoscaling:groupName: is not a tag key FIS can select by: 1 to 128 "
              "characters, not starting with \"aws:\""});
  CHECK(bindings_problems("/health_urls/0", "shop.example.com") ==
        Lines{"/health_urls/0: \"shop.example.com\" is not an http:// or https:// URL"});
}

TEST_CASE("fis bindings: drsim validate knows a bindings file by its marker and checks its format") {
  const auto valid = run({"validate", bindings_file});
  CHECK(valid.code == 0);
  CHECK(valid.out ==
        bindings_file + ": ok (bindings of strategy \"warm-standby\": 2 regions, 3 components, 1 health URL)\n");
  const auto directory = std::filesystem::temp_directory_path() / ("drsim-validate-" + std::to_string(::getpid()));
  std::filesystem::create_directories(directory);
  const auto bad = (directory / "bad.json").string();
  std::ofstream(bad) << R"({"drsim_bindings": 1, "regions": 3})";
  const auto refused = run({"validate", bad});
  CHECK(refused.code == 2);
  CHECK(refused.err.find(bad + ": /regions: ") != std::string::npos);
  const auto misspelt = (directory / "misspelt.json").string();
  std::ofstream(misspelt) << R"({"drsim_bindingz": 1})";
  CHECK(run({"validate", misspelt}).err ==
        misspelt + ": (document): unknown kind of file; expected the key \"drsim_topology\" (a topology), "
                   "\"drsim_scenario\" (a scenario) or \"drsim_bindings\" (a FIS bindings file) (is \"drsim_bindingz\" "
                   "meant to be \"drsim_bindings\"?)\n");
  std::filesystem::remove_all(directory);
}

TEST_CASE("fis bindings: what they name must exist in the topology and fit it") {
  json document = example_bindings();
  document["fleets"]["webb"] = document["fleets"]["web"];
  document["regions"]["us-east-1"]["azs"]["use1-az4"] = document["regions"]["us-east-1"]["azs"]["use1-az1"];
  document["databases"]["orders-db"]["us-east-1"] = {{"db_cluster", "orders"}};
  document["object_stores"]["asset"] = {{"bucket", "shop-assets-x"}};
  const auto topology = drsim::load_scenario_file(scenarios_dir + "shop-region-loss.json").topology;
  std::vector<drsim::Diagnostic> problems;
  fis::check_bindings(bindings_from(document), topology, problems);
  CHECK(printed(problems) ==
        Lines{"/regions/us-east-1/azs/use1-az4: unknown AZ of us-east-1 \"use1-az4\"; did you mean \"use1-az1\"?",
              "/fleets/webb: unknown fleet \"webb\"; did you mean \"web\"?",
              "/databases/orders-db/us-east-1: database \"orders-db\" has engine \"rds\": bind it with "
              "\"db_instance\"",
              "/object_stores/asset: unknown object store \"asset\"; did you mean \"assets\"?"});
}

TEST_CASE("fis plan: a binding that a fault needs and that is missing is an error naming both") {
  json document = example_bindings();
  document["fleets"]["web"].erase("us-east-1");
  document["regions"]["us-east-1"]["azs"].erase("use1-az3");
  const json faults = json::parse(R"([{"kind": "region-outage", "target": "us-east-1", "onset": "10m",
                                       "duration": "1h"}])");
  CHECK(plan_problems(faults, document) ==
        Lines{"/regions/us-east-1/azs/use1-az3: missing binding: AZ \"use1-az3\" of us-east-1 has none (zone_id, "
              "zone_name, subnets), and the fault needs it (fault /faults/0 of the scenario: region-outage of "
              "us-east-1 at +10m for 1h)",
              "/fleets/web/us-east-1: missing binding: fleet \"web\" in us-east-1 has no tags, and the fault acts on "
              "its instances there (fault /faults/0 of the scenario: region-outage of us-east-1 at +10m for 1h)"});
  document = example_bindings();
  document["regions"].erase("us-east-1");
  const json loss = json::parse(R"([{"kind": "database-failure", "target": "orders-db", "onset": "10m"}])");
  CHECK(plan_problems(loss, document) ==
        Lines{"/regions/us-east-1: missing binding: region \"us-east-1\" has none (account, role_arn, azs), and the "
              "fault injects there (fault /faults/0 of the scenario: database-failure of orders-db at +10m)"});
}

// ---------------------------------------------------------------------------------------------------------------
// The mapping table
// ---------------------------------------------------------------------------------------------------------------

TEST_CASE("fis mapping: every fault a scenario can write has one row, and each row's actions are known") {
  using drsim::DatabaseEngine;
  using drsim::FaultKind;
  for (const auto kind : {FaultKind::RegionOutage, FaultKind::AzOutage, FaultKind::InstanceLoss,
                          FaultKind::NetworkPartition, FaultKind::DataCorruption, FaultKind::Ransomware,
                          FaultKind::BackupFailure, FaultKind::CapacityShortage, FaultKind::StepUnreachable})
    CHECK(fis::find_mapping(kind, std::nullopt) != nullptr);
  for (const auto engine : {DatabaseEngine::Rds, DatabaseEngine::Aurora, DatabaseEngine::AuroraGlobal,
                            DatabaseEngine::DynamoDbGlobal, DatabaseEngine::SelfManaged})
    CHECK(fis::find_mapping(FaultKind::DatabaseFailure, engine) != nullptr);
  CHECK(fis::find_mapping(FaultKind::Blip, std::nullopt) == nullptr);
  for (const auto& row : fis::fault_mappings()) {
    INFO(row.fault);
    CHECK(row.actions.empty() == (row.realization == fis::Realization::NotInjectable));
    CHECK_FALSE(row.how.empty());
    CHECK_FALSE(row.source.empty());
    for (const auto id : row.actions)
      CHECK_NOTHROW(fis::fis_action(id));
  }
  for (const auto kind :
       {FaultKind::DataCorruption, FaultKind::Ransomware, FaultKind::BackupFailure, FaultKind::StepUnreachable})
    CHECK(fis::find_mapping(kind, std::nullopt)->realization == fis::Realization::NotInjectable);
}

TEST_CASE("fis mapping: the README prints the table of the code") {
  const std::string readme = read_text(source_dir + "README.md");
  const std::string table = fis::mapping_table_markdown();
  INFO(table);
  CHECK(readme.find(table) != std::string::npos);
}

// ---------------------------------------------------------------------------------------------------------------
// Durations, hashes
// ---------------------------------------------------------------------------------------------------------------

TEST_CASE("fis: ISO 8601 durations in whole seconds") {
  CHECK(fis::iso8601_duration(60) == "PT1M");
  CHECK(fis::iso8601_duration(600) == "PT10M");
  CHECK(fis::iso8601_duration(21600) == "PT6H");
  CHECK(fis::iso8601_duration(5430) == "PT1H30M30S");
  CHECK(fis::iso8601_duration(89.6) == "PT1M30S");
  CHECK(fis::iso8601_duration(0) == "PT0S");
}

TEST_CASE("fis: SHA-256 gives the FIPS 180-4 example digests") {
  CHECK(drsim::sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(drsim::sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(drsim::sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST_CASE("fis plan: the hash covers what would be injected, not the identifiers") {
  const json faults = json::parse(R"([{"kind": "az-outage", "target": "use1-az2", "onset": "5m", "duration": "30m"}])");
  const auto plan = plan_of(faults);
  CHECK(plan.hash == drsim::sha256_hex(fis::canonical_plan(plan)));
  CHECK(plan.run_id == "drsim-" + plan.hash.substr(0, 12));
  CHECK(plan_of(faults).hash == plan.hash);
  const auto& body = plan.templates.at("us-east-1");
  CHECK(body["clientToken"] == plan.run_id + "-us-east-1");
  CHECK(body["tags"]["drsim:plan-hash"] == plan.hash);
  CHECK(body["tags"]["drsim:run-id"] == plan.run_id);
  CHECK(body["tags"]["drsim:scenario"] == "shop-region-loss");
  CHECK(fis::canonical_plan(plan).find("clientToken") == std::string::npos);

  json other = example_bindings();
  other["regions"]["us-east-1"]["stop_condition_alarms"][0] = "arn:aws:cloudwatch:us-east-1:111122223333:alarm:y";
  CHECK(plan_of(faults, other).hash != plan.hash);
  const json later = json::parse(R"([{"kind": "az-outage", "target": "use1-az2", "onset": "6m", "duration": "30m"}])");
  CHECK(plan_of(later).hash != plan.hash);
}

// ---------------------------------------------------------------------------------------------------------------
// Templates
// ---------------------------------------------------------------------------------------------------------------

TEST_CASE("fis plan: FIS's bounds clamp short and long durations and refuse an onset past 12 hours") {
  const auto plan = plan_of(json::parse(R"([
      {"kind": "capacity-shortage", "target": "us-east-1", "onset": "30s", "duration": "20s"},
      {"kind": "capacity-shortage", "target": "us-west-2", "onset": "2h", "duration": "11h"},
      {"kind": "az-outage", "target": "use1-az1", "onset": "13h", "duration": "1h"}])"));
  REQUIRE(plan.faults.size() == 3);
  CHECK(plan.faults[0].notes == Lines{"clamped: the onset +30s became +1m, the shortest wait FIS takes (PT1M)",
                                      "clamped: 20s became 1m, the shortest duration FIS takes (PT1M)"});
  CHECK(plan.faults[0].realization == fis::Realization::Exact);
  CHECK(plan.faults[1].notes ==
        Lines{"clamped: 11h became 10h, so that the experiment ends within FIS's 12-hour maximum"});
  CHECK(plan.faults[2].notes == Lines{"refused: an onset of +13h is past FIS's 12-hour maximum for an experiment"});
  CHECK(plan.faults[2].realization == fis::Realization::NotInjectable);
  CHECK(plan.unrealizable);
  const auto& east = plan.templates.at("us-east-1")["actions"];
  CHECK(east["f1-wait"]["parameters"]["duration"] == "PT1M");
  CHECK(east["f1-capacity-web"]["parameters"] == json{{"availabilityZoneIdentifiers", "use1-az1,use1-az2,use1-az3"},
                                                      {"duration", "PT1M"},
                                                      {"percentage", "100"}});
  CHECK(plan.templates.at("us-west-2")["actions"]["f2-capacity-web"]["parameters"]["duration"] == "PT10H");
}

TEST_CASE("fis plan: a network partition cuts both ways, one template per region") {
  const auto plan = plan_of(json::parse(
      R"([{"kind": "network-partition", "target": "us-east-1", "peer": "us-west-2", "onset": "0s", "duration": "15m"}])"));
  REQUIRE(plan.templates.size() == 2);
  const auto& east = plan.templates.at("us-east-1");
  const auto& west = plan.templates.at("us-west-2");
  // Six subnets per region: two targets, as FIS takes 5 ARNs per target.
  CHECK(east["actions"]["f1-cross-region"]["parameters"] == json{{"duration", "PT15M"}, {"region", "us-west-2"}});
  CHECK(east["actions"]["f1-cross-region-2"]["targets"] == json{{"Subnets", "f1-subnets-2"}});
  CHECK(east["targets"]["f1-subnets"]["resourceArns"].size() == 5);
  CHECK(east["targets"]["f1-subnets-2"]["resourceArns"].size() == 1);
  CHECK(west["actions"]["f1-cross-region"]["parameters"] == json{{"duration", "PT15M"}, {"region", "us-east-1"}});
  // An onset of 0 needs no wait; S3 replication runs east to west only.
  CHECK_FALSE(east["actions"].contains("f1-wait"));
  CHECK(east["actions"]["f1-pause-assets"]["parameters"] == json{{"duration", "PT15M"}, {"region", "us-west-2"}});
  CHECK_FALSE(west["actions"].contains("f1-pause-assets"));
  CHECK(plan.faults[0].realization == fis::Realization::Approximated);
}

TEST_CASE("fis plan: instance loss terminates COUNT(n) of the fleet's running instances") {
  const auto plan = plan_of(json::parse(
      R"([{"kind": "instance-loss", "target": "web", "region": "us-east-1", "count": 2, "onset": "10m"}])"));
  const auto& body = plan.templates.at("us-east-1");
  CHECK(body["actions"]["f1-terminate-web"]["actionId"] == "aws:ec2:terminate-instances");
  CHECK(body["actions"]["f1-terminate-web"]["startAfter"] == json::array({"f1-wait"}));
  CHECK(body["targets"]["f1-web-instances"] ==
        json::parse(R"j({"resourceType": "aws:ec2:instance", "resourceTags": {"drsim:fleet": "web-east"},
                         "filters": [{"path": "State.Name", "values": ["running"]}], "selectionMode": "COUNT(2)"})j"));
  CHECK(plan.faults[0].realization == fis::Realization::Exact);
  CHECK(plan.action_minutes == 11);
}

TEST_CASE("fis plan: without stop-condition alarms a template says so and stops on nothing") {
  json bindings = example_bindings();
  bindings["regions"]["us-east-1"].erase("stop_condition_alarms");
  const auto plan =
      plan_of(json::parse(R"([{"kind": "database-failure", "target": "orders-db", "onset": "1m"}])"), bindings);
  CHECK(plan.templates.at("us-east-1")["stopConditions"] == json::parse(R"([{"source": "none"}])"));
  CHECK(plan.notes == Lines{"us-east-1 has no stop condition: bind \"stop_condition_alarms\" there, or the experiment "
                            "runs to its end whatever the application does"});
  CHECK(plan.templates.at("us-east-1")["actions"]["f1-reboot-orders-db"]["parameters"] ==
        json{{"forceFailover", "true"}});
}

// ---------------------------------------------------------------------------------------------------------------
// The command
// ---------------------------------------------------------------------------------------------------------------

TEST_CASE("fis plan: golden output for the shipped shop drills") {
  for (const std::string name : {"shop-az-outage", "shop-region-loss"}) {
    INFO(name);
    const auto outcome = run({"fis", "plan", scenarios_dir + name + ".json", "--bindings", bindings_file});
    CHECK(outcome.code == 0);
    CHECK(outcome.err.empty());
    const std::string golden = golden_dir + name + ".txt";
    if (std::getenv("DRSIM_UPDATE_GOLDEN") != nullptr)
      std::ofstream(golden, std::ios::binary) << outcome.out;
    CHECK(outcome.out == read_text(golden));
  }
}

TEST_CASE("fis plan: --output writes each template and plan.json, the same bytes as printed") {
  const auto dir = std::filesystem::temp_directory_path() / ("drsim_fis_test_" + std::to_string(::getpid()));
  const auto printed_plan = run({"fis", "plan", scenarios_dir + "shop-az-outage.json", "--bindings", bindings_file});
  const auto written = run(
      {"fis", "plan", scenarios_dir + "shop-az-outage.json", "--bindings", bindings_file, "--output", dir.string()});
  CHECK(written.code == 0);
  const std::string body = read_text((dir / "template-us-east-1.json").string());
  CHECK(printed_plan.out.find("--- template us-east-1 ---\n" + body) != std::string::npos);
  const json plan = load((dir / "plan.json").string());
  CHECK(plan["templates"] == json{{"us-east-1", "template-us-east-1.json"}});
  CHECK(plan["faults"][0]["realization"] == "approximated");
  CHECK(written.out.find("Wrote plan.json, template-us-east-1.json in " + dir.string()) != std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST_CASE("fis plan: a fault FIS cannot inject exits 2 unless --skip-unrealizable") {
  const auto corruption = scenarios_dir + "shop-data-corruption.json";
  const auto refused = run({"fis", "plan", corruption, "--bindings", bindings_file});
  CHECK(refused.code == 2);
  CHECK(refused.out.find("/faults/0 data-corruption of orders-db at +10m for 30m: not injectable") !=
        std::string::npos);
  CHECK(refused.err.find("FIS cannot inject every fault") != std::string::npos);
  // Left out, nothing is left to inject at all.
  const auto skipped = run({"fis", "plan", corruption, "--bindings", bindings_file, "--skip-unrealizable"});
  CHECK(skipped.code == 2);
  CHECK(skipped.out.find("not injectable (left out: --skip-unrealizable)") != std::string::npos);
  CHECK(skipped.err.find("FIS can inject no fault") != std::string::npos);
}

TEST_CASE("fis plan: usage errors") {
  const auto region_loss = scenarios_dir + "shop-region-loss.json";
  CHECK(run({"fis", "plan", region_loss}).err ==
        "drsim: fis plan needs --bindings FILE; run `drsim fis plan --help`\n");
  CHECK(run({"fis", "apply", region_loss}).err ==
        "drsim: unknown fis subcommand 'apply'; this drsim has: plan, preflight, run, compare, stop\n");
  CHECK(run({"fis", "run", region_loss}).err == "drsim: fis run needs --bindings FILE; run `drsim fis run --help`\n");
  CHECK(run({"fis"}).code == 2);
  const auto other = run({"fis", "plan", region_loss, "--bindings", bindings_file, "--strategy", "pilot-light"});
  CHECK(other.code == 2);
  CHECK(other.err ==
        "drsim: --strategy pilot-light: the bindings describe a deployment of strategy \"warm-standby\" (" +
            bindings_file + ": /strategy)\n");
  const auto help = run({"fis", "plan", "--help"});
  CHECK(help.code == 0);
  CHECK(help.out.find("Opens no network connection") != std::string::npos);
}

// ---------------------------------------------------------------------------------------------------------------
// Credentials and the request layer (the requests themselves: tests/fis/test_fis_stop.py against the FIS double)
// ---------------------------------------------------------------------------------------------------------------

namespace {

fis::Environment environment_of(const std::map<std::string, std::string>& variables) {
  return [variables](const std::string& name) -> std::optional<std::string> {
    const auto found = variables.find(name);
    return found == variables.end() ? std::nullopt : std::optional(found->second);
  };
}

} // namespace

TEST_CASE("fis credentials: the environment first, then the profile of the shared files") {
  const auto dir = std::filesystem::temp_directory_path() / ("drsim_fis_credentials_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir / ".aws");
  std::ofstream(dir / ".aws/credentials") << "[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = s1\n"
                                             "# a comment\n[drill]\naws_access_key_id=AKIDDRILL\n"
                                             "aws_secret_access_key=s2\naws_session_token=t2\n";
  std::ofstream(dir / ".aws/config") << "[default]\nregion = us-east-1\n[profile drill]\nregion = us-west-2\n"
                                        "[profile admin]\nrole_arn = arn:aws:iam::111122223333:role/admin\n"
                                        "source_profile = default\n";
  const std::string home = dir.string();
  const fis::ClientOptions no_sts; // every profile here has keys or is refused before any request

  const auto environment = fis::load_credentials(environment_of({{"HOME", home},
                                                                 {"AWS_ACCESS_KEY_ID", "AKIDENV"},
                                                                 {"AWS_SECRET_ACCESS_KEY", "s0"},
                                                                 {"AWS_REGION", "eu-west-1"}}),
                                                 no_sts);
  CHECK(environment.access_key_id == "AKIDENV");
  CHECK(environment.session_token.empty());
  CHECK(environment.region == "eu-west-1");
  CHECK(environment.source == "environment");

  const auto drill = fis::load_credentials(environment_of({{"HOME", home}, {"AWS_PROFILE", "drill"}}), no_sts);
  CHECK(drill.access_key_id == "AKIDDRILL");
  CHECK(drill.secret_access_key == "s2");
  CHECK(drill.session_token == "t2");
  CHECK(drill.region == "us-west-2");
  CHECK(fis::load_credentials(environment_of({{"HOME", home}}), no_sts).access_key_id == "AKIDDEFAULT");

  CHECK_THROWS_WITH(fis::load_credentials(environment_of({{"HOME", home}, {"AWS_ACCESS_KEY_ID", "AKIDENV"}}), no_sts),
                    "credentials: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must be set together");
  CHECK_THROWS_WITH(fis::load_credentials(environment_of({{"HOME", home + "/nowhere"}}), no_sts),
                    Catch::Contains("credentials: none found"));
  CHECK(fis::redacted_key_id("AKIDEXAMPLE12345") == "************2345");
  std::filesystem::remove_all(dir);
}

TEST_CASE("fis credentials: a role profile's chain refused before any request when it cannot be followed") {
  const auto dir = std::filesystem::temp_directory_path() / ("drsim_fis_roles_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string config = (dir / "config").string();
  const std::string credentials = (dir / "credentials").string();
  std::ofstream(credentials) << "[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = s1\n";
  std::ofstream(config) << "[profile a]\nrole_arn = arn:aws:iam::111122223333:role/a\nsource_profile = b\n"
                           "[profile b]\nrole_arn = arn:aws:iam::111122223333:role/b\nsource_profile = c\n"
                           "[profile c]\nrole_arn = arn:aws:iam::111122223333:role/c\nsource_profile = a\n"
                           "[profile self]\nrole_arn = arn:aws:iam::111122223333:role/s\nsource_profile = self\n"
                           "[profile mfa]\nrole_arn = arn:aws:iam::111122223333:role/m\nsource_profile = base\n"
                           "mfa_serial = arn:aws:iam::111122223333:mfa/me\n"
                           "[profile instance]\nrole_arn = arn:aws:iam::111122223333:role/i\n"
                           "credential_source = Ec2InstanceMetadata\n"
                           "[profile nowhere]\nrole_arn = arn:aws:iam::111122223333:role/n\nsource_profile = gone\n"
                           "[profile empty]\nregion = us-east-1\n"
                           "[profile keyless]\nrole_arn = arn:aws:iam::111122223333:role/k\nsource_profile = empty\n"
                           "[profile long]\nrole_arn = arn:aws:iam::111122223333:role/l\nsource_profile = base\n"
                           "duration_seconds = 50000\n";
  const auto refusal = [&](const std::string& profile) {
    try {
      fis::load_credentials(
          environment_of(
              {{"AWS_CONFIG_FILE", config}, {"AWS_SHARED_CREDENTIALS_FILE", credentials}, {"AWS_PROFILE", profile}}),
          {});
    } catch (const drsim::UsageError& e) {
      return std::string(e.what());
    }
    return std::string("no refusal");
  };
  const std::string in = "' in " + config + ": ";
  CHECK(refusal("a") == "credentials: profile 'c" + in +
                            "source_profile makes a loop (a -> b -> c -> a): end the chain at a profile with "
                            "aws_access_key_id and aws_secret_access_key");
  CHECK(refusal("self") == "credentials: profile 'self" + in +
                               "source_profile names the profile itself, which has no aws_access_key_id and "
                               "aws_secret_access_key in " +
                               credentials);
  CHECK(refusal("mfa").starts_with("credentials: profile 'mfa" + in + "the role asks for an MFA code"));
  CHECK(refusal("instance") == "credentials: profile 'instance" + in +
                                   "role_arn without source_profile (credential_source is not supported): name the "
                                   "profile whose credentials assume the role with source_profile = NAME");
  CHECK(refusal("nowhere") ==
        "credentials: profile 'nowhere" + in + "source_profile 'gone' is in neither " + config + " nor " + credentials);
  CHECK(refusal("keyless") == "credentials: profile 'keyless' in " + config +
                                  " takes its credentials from source_profile 'empty', which has none: give it "
                                  "aws_access_key_id and aws_secret_access_key in " +
                                  credentials + ", or a role_arn");
  CHECK(refusal("long") == "credentials: profile 'long" + in +
                               "duration_seconds '50000' must be a whole number of seconds from 900 to 43200");
  std::filesystem::remove_all(dir);
}

TEST_CASE("fis credentials: an AssumeRole answer's temporary credentials, in XML or JSON") {
  const auto xml = fis::assumed_role_credentials(
      "<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><AssumeRoleResult><Credentials>"
      "<AccessKeyId>ASIAX</AccessKeyId><SecretAccessKey>s/x+</SecretAccessKey><SessionToken>t=x</SessionToken>"
      "<Expiration>2026-12-01T06:00:00Z</Expiration></Credentials></AssumeRoleResult></AssumeRoleResponse>");
  REQUIRE(xml);
  CHECK(xml->expires_epoch_s == 1796104800);
  CHECK(xml->access_key_id == "ASIAX");
  CHECK(xml->secret_access_key == "s/x+");
  CHECK(xml->session_token == "t=x");
  const auto document = fis::assumed_role_credentials(
      R"({"AssumeRoleResponse": {"AssumeRoleResult": {"Credentials": {"AccessKeyId": "ASIAJ",
         "SecretAccessKey": "sj", "SessionToken": "tj", "Expiration": 1764568800}}}})");
  REQUIRE(document);
  CHECK(document->access_key_id == "ASIAJ");
  CHECK(document->session_token == "tj");
  CHECK(document->expires_epoch_s == 1764568800);
  CHECK_FALSE(fis::assumed_role_credentials("<AssumeRoleResponse><AccessKeyId>ASIAX</AccessKeyId>"));
  CHECK_FALSE(fis::assumed_role_credentials(R"({"Credentials": {"AccessKeyId": "ASIAJ"}})"));
}

TEST_CASE("fis requests: queries sorted and RFC 3986-encoded, retries only on throttling and server errors") {
  CHECK(fis::uri_encode("a b/c~d_e.f-g+h=") == "a%20b%2Fc~d_e.f-g%2Bh%3D");
  CHECK(fis::canonical_query({{"nextToken", "x/y="}, {"maxResults", "100"}, {"Zeta", "1"}}) ==
        "Zeta=1&maxResults=100&nextToken=x%2Fy%3D");
  CHECK(fis::retryable(0, ""));
  CHECK(fis::retryable(429, ""));
  CHECK(fis::retryable(503, ""));
  CHECK(fis::retryable(400, "ThrottlingException"));
  CHECK_FALSE(fis::retryable(400, "ValidationException"));
  CHECK_FALSE(fis::retryable(403, "AccessDeniedException"));
  CHECK_FALSE(fis::retryable(404, "ResourceNotFoundException"));
  CHECK_FALSE(fis::retryable(409, "ConflictException"));
  fis::AwsClient client({"AKIDEXAMPLE", "secret", "", "", "test", std::nullopt, {}}, {});
  CHECK_THROWS_AS(client.call("GET", "fis", "us-east-1", "/actions/aws:fis:wait"), std::invalid_argument);
}

namespace {

// The Authorization header of a request as the client's signing sends it, caught by a loopback server: the Host and
// X-Amz-Date headers of the request fix what the signature covers, as in AWS's examples.
std::string authorization_sent(fis::SignedRequest request, const std::string& query_text) {
  httplib::Server server;
  std::string authorization;
  server.Get("/", [&](const httplib::Request& received, httplib::Response&) {
    authorization = received.get_header_value("Authorization");
  });
  const int port = server.bind_to_any_port("127.0.0.1");
  std::thread serving([&] { server.listen_after_bind(); });
  while (!server.is_running())
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  request.url = "http://127.0.0.1:" + std::to_string(port) + "/?" + query_text;
  std::string transport_error;
  const auto response = fis::exchange(
      request, {"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "", "", "test", std::nullopt, {}}, {},
      transport_error);
  server.stop();
  serving.join();
  CHECK(transport_error.empty());
  CHECK(response.status == 200);
  return authorization;
}

} // namespace

// The figures are AWS's: the General Reference's example of signing IAM ListUsers ("Create a canonical request",
// "Create a string to sign", "Calculate the signature": its canonical request hashes to f536975d..., its string to
// sign is AWS4-HMAC-SHA256 / 20150830T123600Z / 20150830/us-east-1/iam/aws4_request / f536975d...), and the
// Signature Version 4 test suite's get-vanilla-query-order-key-case, whose parameters are written out of order:
// curl 7.88 signs them as written, so only the sorted canonical_query gives AWS's signature.
TEST_CASE("fis requests: signed as AWS's documented Signature Version 4 examples are") {
  CHECK(drsim::sha256_hex("GET\n/\nAction=ListUsers&Version=2010-05-08\n"
                          "content-type:application/x-www-form-urlencoded; charset=utf-8\nhost:iam.amazonaws.com\n"
                          "x-amz-date:20150830T123600Z\n\ncontent-type;host;x-amz-date\n"
                          "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855") ==
        "f536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59");
  CHECK(
      authorization_sent({"GET",
                          "",
                          "iam",
                          "us-east-1",
                          {"Host: iam.amazonaws.com", "Content-Type: application/x-www-form-urlencoded; charset=utf-8",
                           "X-Amz-Date: 20150830T123600Z"},
                          ""},
                         fis::canonical_query({{"Version", "2010-05-08"}, {"Action", "ListUsers"}})) ==
      "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, "
      "SignedHeaders=content-type;host;x-amz-date, "
      "Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7");
  const fis::SignedRequest vanilla{
      "GET", "", "service", "us-east-1", {"Host: example.amazonaws.com", "X-Amz-Date: 20150830T123600Z"}, ""};
  const std::string documented = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
                                 "SignedHeaders=host;x-amz-date, "
                                 "Signature=b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500";
  CHECK(authorization_sent(vanilla, fis::canonical_query({{"Param2", "value2"}, {"Param1", "value1"}})) == documented);
  // What curl signs when the query is written as the request gives it: not what AWS computes.
  CHECK(authorization_sent(vanilla, "Param2=value2&Param1=value1") != documented);
}

// ---------------------------------------------------------------------------------------------------------------
// fis run: guardrails, request bodies, journal (the runs themselves: tests/fis/test_fis_run.py against the double)
// ---------------------------------------------------------------------------------------------------------------

namespace {

const json az_outage =
    json::parse(R"([{"kind": "az-outage", "target": "use1-az2", "onset": "5m", "duration": "30m"}])");

std::optional<fis::Guardrail> refused_by(const std::optional<fis::Refusal>& refusal) {
  return refusal ? std::optional(refusal->guardrail) : std::nullopt;
}

} // namespace

TEST_CASE("fis run guardrails: each refuses on its own, with its own exit code") {
  const auto plan = plan_of(az_outage);
  CHECK(plan.duration_s == 35 * 60);
  const fis::GuardrailOptions good{plan.hash, 3600, false};
  CHECK_FALSE(fis::check_plan(plan, good));
  CHECK(refused_by(fis::check_plan(plan, {"", 3600, false})) == fis::Guardrail::Confirm);
  CHECK(refused_by(fis::check_plan(plan, {plan.hash.substr(1) + "0", 3600, false})) == fis::Guardrail::Confirm);
  CHECK(refused_by(fis::check_plan(plan, {plan.hash, 35 * 60 - 1, false})) == fis::Guardrail::Duration);
  CHECK_FALSE(fis::check_plan(plan, {plan.hash, 35 * 60, false}));
  CHECK(fis::check_plan(plan, {plan.hash, 60, false})->message ==
        "the plan's longest experiment lasts 35m, longer than --max-duration 1m: give a longer --max-duration if that "
        "is meant");

  json no_alarms = example_bindings();
  no_alarms["regions"]["us-east-1"].erase("stop_condition_alarms");
  const auto unguarded = plan_of(az_outage, no_alarms);
  const auto refusal = fis::check_plan(unguarded, {unguarded.hash, 3600, false});
  CHECK(refused_by(refusal) == fis::Guardrail::StopCondition);
  CHECK(refusal->message.starts_with("the template of us-east-1 has no stop condition"));
  CHECK_FALSE(fis::check_plan(unguarded, {unguarded.hash, 3600, true}));

  fis::Credentials exported{"ASIAX", "s", "t", "", "environment", 100000, {}};
  CHECK_FALSE(fis::check_credential_expiry(exported, 100000 - 3600, 3600));
  const auto expiring = fis::check_credential_expiry(exported, 100000 - 3600, 3601);
  CHECK(refused_by(expiring) == fis::Guardrail::CredentialExpiry);
  CHECK(fis::refusal_exit_code(fis::Guardrail::CredentialExpiry) == 14);
  CHECK(expiring->message.starts_with("the credentials of the environment expire at 1970-01-02T03:46:40.000Z "
                                      "(AWS_CREDENTIAL_EXPIRATION), in 1h, before the run could end"));
  CHECK(fis::check_credential_expiry(exported, 100001, 60)->message.find("), already, before") != std::string::npos);
  fis::Credentials renewable = exported;
  renewable.renew = [] { return fis::Credentials{}; };
  CHECK_FALSE(fis::check_credential_expiry(renewable, 100000 - 60, 3600));
  fis::Credentials lasting = exported;
  lasting.expires_epoch_s.reset();
  CHECK_FALSE(fis::check_credential_expiry(lasting, 100000, 3600));

  const auto bindings = bindings_from(example_bindings());
  CHECK_FALSE(fis::check_account(plan, bindings, "111122223333"));
  CHECK(fis::check_account(plan, bindings, "444455556666")->message ==
        "the credentials belong to account 444455556666, which is not in b.json's \"allowed_accounts\" "
        "(111122223333)");
  json two = example_bindings();
  two["allowed_accounts"].push_back("444455556666");
  CHECK(fis::check_account(plan, bindings_from(two), "444455556666")->message ==
        "the credentials belong to account 444455556666, but the bindings place us-east-1 (account 111122223333) in "
        "another: the experiments would be made in the wrong account");

  std::set<int> codes;
  for (const auto guardrail :
       {fis::Guardrail::Confirm, fis::Guardrail::StopCondition, fis::Guardrail::Duration, fis::Guardrail::Account})
    codes.insert(fis::refusal_exit_code(guardrail));
  CHECK(codes == std::set<int>{10, 11, 12, 13});
}

TEST_CASE("fis run: the caller's account from STS's XML or JSON answer") {
  CHECK(fis::account_in_identity("<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>arn:aws:iam::111122223333:"
                                 "user/x</Arn><Account>111122223333</Account></GetCallerIdentityResult>"
                                 "</GetCallerIdentityResponse>") == "111122223333");
  CHECK(fis::account_in_identity(R"({"GetCallerIdentityResponse": {"GetCallerIdentityResult": {"Account": )"
                                 R"("444455556666", "Arn": "arn:aws:iam::444455556666:root"}}})") == "444455556666");
  CHECK(fis::account_in_identity("<Error><Code>AccessDenied</Code></Error>").empty());
}

TEST_CASE("fis run: each run's clientTokens and drsim:run-id tag, the plan left as it was") {
  const auto plan = plan_of(az_outage);
  const auto templates = fis::run_templates(plan, "drsim-20250101-000000-abcdef");
  const auto& body = templates.at("us-east-1");
  CHECK(body["clientToken"] == "drsim-20250101-000000-abcdef-us-east-1");
  CHECK(body["tags"]["drsim:run-id"] == "drsim-20250101-000000-abcdef");
  CHECK(body["tags"]["drsim:plan-hash"] == plan.hash);
  CHECK(plan.templates.at("us-east-1")["clientToken"] == plan.run_id + "-us-east-1");
  const auto start = fis::start_request(plan, "drsim-20250101-000000-abcdef", "us-east-1", "EXT1");
  CHECK(start == json{{"clientToken", "drsim-20250101-000000-abcdef-us-east-1-start"},
                      {"experimentTemplateId", "EXT1"},
                      {"tags",
                       {{"drsim:plan-hash", plan.hash},
                        {"drsim:run-id", "drsim-20250101-000000-abcdef"},
                        {"drsim:scenario", "shop-region-loss"}}}});
  const auto id = fis::new_run_id();
  CHECK(std::regex_match(id, std::regex("drsim-[0-9]{8}-[0-9]{6}-[0-9a-f]{6}")));
  CHECK(fis::new_run_id() != id);
}

TEST_CASE("fis timestamps: epoch seconds, or ISO 8601 in UTC or with an offset") {
  CHECK(fis::epoch_seconds(json(1700000000.25)) == 1700000000.25);
  CHECK(fis::epoch_seconds(json("2023-11-14T22:13:20.250Z")) == 1700000000.25);
  CHECK(fis::epoch_seconds(json("2023-11-14T22:13:20+00:00")) == 1700000000);
  CHECK(fis::epoch_seconds(json("2023-11-14T23:13:20+01:00")) == 1700000000);
  CHECK(fis::iso8601_epoch_seconds("2023-11-14T17:43:20-04:30") == 1700000000);
  CHECK(fis::iso8601_epoch_seconds("2026-12-02T10:00:00Z") == 1796205600);
  for (const char* malformed : {"yesterday", "2023-11-14T22:13:20", "2023-11-14 22:13:20Z", "2023-11-14T22:13:20+1",
                                "2023-11-14T22:13:20Zulu", "2023-13-14T22:13:20Z", "2023-11-14T22:13:20+01:00x"})
    CHECK_FALSE(fis::iso8601_epoch_seconds(malformed));
  CHECK_FALSE(fis::epoch_seconds(json(nullptr)));
  CHECK(fis::utc_iso8601(1700000000.25) == "2023-11-14T22:13:20.250Z");
}

TEST_CASE("fis credentials: AWS_CREDENTIAL_EXPIRATION read, a malformed one refused naming the form") {
  const auto with = [](std::optional<std::string> value) {
    return [value](const std::string& name) { return name == "AWS_CREDENTIAL_EXPIRATION" ? value : std::nullopt; };
  };
  CHECK_FALSE(fis::environment_expiration(with(std::nullopt)));
  CHECK(fis::environment_expiration(with("2026-12-02T11:00:00+01:00")) == 1796205600);
  CHECK_THROWS_WITH(fis::environment_expiration(with("tomorrow")),
                    "credentials: AWS_CREDENTIAL_EXPIRATION 'tomorrow' is not an ISO 8601 time: expected "
                    "YYYY-MM-DDTHH:MM:SSZ or with an offset, e.g. 2026-12-02T10:00:00Z or 2026-12-02T11:00:00+01:00");
}

TEST_CASE("fis credentials: renewed 5 minutes before they expire, halfway through a shorter session") {
  fis::Credentials role{"ASIAX", "s", "t", "", "profile p", 10000, [] { return fis::Credentials{}; }};
  CHECK(fis::renewal_time(role, 10000 - 3600) == 10000 - 300);
  CHECK(fis::renewal_time(role, 10000 - 2) == 10000 - 1);
  fis::Credentials fixed = role;
  fixed.renew = nullptr;
  CHECK_FALSE(fis::renewal_time(fixed, 0));
  fis::Credentials lasting = role;
  lasting.expires_epoch_s.reset();
  CHECK_FALSE(fis::renewal_time(lasting, 0));
  CHECK(fis::expired_token("ExpiredToken"));
  CHECK(fis::expired_token("ExpiredTokenException"));
  CHECK_FALSE(fis::expired_token("AccessDenied"));
}

TEST_CASE("fis run: a probe's thread that throws ends with its failure kept, not std::terminate") {
  fis::Prober prober(
      {"http://127.0.0.1:9/health"}, 0.01, [] { return 0.0; },
      [](const fis::Probe&) { throw std::runtime_error("cannot write the journal j.jsonl: File too large"); });
  CHECK_FALSE(prober.failure());
  prober.start();
  for (int i = 0; i < 500 && !prober.failure(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  prober.stop();
  CHECK(prober.failure() ==
        "the probe of http://127.0.0.1:9/health failed: cannot write the journal j.jsonl: File too large");
}

TEST_CASE("fis run: the journal, written line by line, read back, never replaced") {
  const auto path =
      (std::filesystem::temp_directory_path() / ("drsim_fis_journal_" + std::to_string(::getpid()) + ".jsonl"))
          .string();
  std::filesystem::remove(path);
  {
    fis::Journal journal(path);
    journal.write("run", {{"drsim_fis_journal", 1}, {"run_id", "r"}});
    journal.write("probe", {{"url", "http://x/health"}, {"ok", true}, {"t", 1.5}});
    const auto records = fis::read_journal(path);
    REQUIRE(records.size() == 2);
    CHECK(records[0]["type"] == "run");
    CHECK(records[0]["run_id"] == "r");
    CHECK(records[1]["t"] == 1.5);
    CHECK_THROWS_AS(fis::Journal(path), drsim::UsageError);
  }
  {
    std::ofstream cut(path, std::ios::app);
    cut << R"({"type": "probe", "t": 2, "url": "ht)";
  }
  CHECK(fis::read_journal(path).size() == 2);
  {
    std::ofstream bad(path, std::ios::app);
    bad << "\n[1, 2]\n{\"type\": \"probe\", \"t\": 3}\n";
  }
  try {
    fis::read_journal(path);
    FAIL("a journal with a line that is no record was read");
  } catch (const drsim::InputError& e) {
    CHECK(printed(e.diagnostics()) ==
          Lines{": not a journal record: expected a JSON object with a string \"type\" and a number \"t\"",
                ": not a journal record: expected a JSON object with a string \"type\" and a number \"t\""});
    CHECK(e.diagnostics()[0].file == path + ":3");
  }
  std::filesystem::remove(path);
}

// ---------------------------------------------------------------------------------------------------------------
// Observation and comparison
// ---------------------------------------------------------------------------------------------------------------

namespace {

// A journal: the header, a wait and a fault action (FIS's start at `onset`), then probes every second of `urls`,
// failing from `down` to `up` (exclusive).
std::vector<json> journal_of(double onset, double down, double up, double until,
                             const std::vector<std::string>& urls = {"http://shop/health"}) {
  std::vector<json> records{{{"type", "run"},
                             {"t", 0},
                             {"drsim_fis_journal", 1},
                             {"run_id", "drsim-r"},
                             {"scenario", "s"},
                             {"strategy", "warm-standby"},
                             {"plan_hash", "abc"},
                             {"probe_interval_s", 1}},
                            {{"type", "action"},
                             {"t", 0.5},
                             {"action", "f1-wait"},
                             {"action_id", "aws:fis:wait"},
                             {"status", "running"},
                             {"start_s", 0.4}},
                            {{"type", "action"},
                             {"t", onset + 1},
                             {"action", "f1-network"},
                             {"action_id", "aws:network:disrupt-connectivity"},
                             {"status", "running"},
                             {"start_s", onset}}};
  for (double t = 0; t < until; t += 1)
    for (const auto& url : urls)
      records.push_back({{"type", "probe"}, {"t", t}, {"url", url}, {"ok", t < down || t >= up}, {"status", 200}});
  records.push_back({{"type", "end"}, {"t", until}, {"outcome", "completed"}});
  return records;
}

} // namespace

TEST_CASE("fis observation: the probes measured with the scenario's recovery rule") {
  const drsim::RecoveryCriterion rule{0.99, 60};
  const auto drill = fis::observe(journal_of(100.5, 110, 250, 400), rule, "j");
  CHECK(drill.run_id == "drsim-r");
  CHECK(drill.outcome == "completed");
  CHECK(drill.probes == 400);
  CHECK(drill.failed_probes == 140);
  CHECK(drill.fault_onset == 100.5);
  CHECK(drill.horizon == 400);
  REQUIRE(drill.measurement);
  CHECK(drill.measurement->first_failure == 110);
  CHECK(drill.measurement->recovered_at == 250);
  CHECK(drill.measurement->rto_s == 149.5);
  const std::vector<drsim::FaultWindow> fault{{.onset = 100.5, .end = std::nullopt, .name = "fis experiment"}};
  const auto direct =
      drsim::measure(drill.outcomes, drsim::find_outages(drill.outcomes, {}, fault, rule, 400), {}, 100.5, rule, 400);
  CHECK(drill.measurement->rto_s == direct.rto_s);
  CHECK(drill.measurement->availability == direct.availability);
  CHECK(direct.availability == 260.0 / 400);

  // Recovered too late for a whole window before the end: not recovered while observed.
  CHECK_FALSE(fis::observe(journal_of(100.5, 110, 350, 400), rule, "j").measurement->rto_s);
  // Two URLs: the application recovers when both do.
  auto two = journal_of(100.5, 110, 250, 400, {"http://a/health", "http://b/health"});
  for (auto& record : two)
    if (record["type"] == "probe" && record["url"] == "http://b/health")
      record["ok"] = record["t"].get<double>() < 110 || record["t"].get<double>() >= 270;
  CHECK(fis::observe(two, rule, "j").measurement->rto_s == 169.5);

  const auto no_probes = fis::observe({journal_of(100, 110, 250, 400).front()}, rule, "j");
  CHECK_FALSE(no_probes.measurement);
  CHECK(no_probes.note == "the journal has no probe: the bindings name no health URL");
  CHECK_THROWS_AS(fis::observe({{{"type", "probe"}, {"t", 0}}}, rule, "j"), drsim::InputError);
}

TEST_CASE("fis compare: percentiles among the simulated drills, verdicts, and the same bytes") {
  const drsim::RecoveryCriterion rule{0.99, 60};
  std::vector<fis::SimulatedFigures> simulated;
  for (int i = 1; i <= 19; ++i)
    simulated.push_back({0.0, 100.0 + 10 * i});
  simulated.push_back({std::nullopt, std::nullopt}); // never impacted, never recovered
  const auto comparison =
      fis::compare_observed(fis::observe(journal_of(100.5, 110, 250, 400), rule, "j"), simulated, 7);
  REQUIRE(comparison.figures.size() == 2);
  const auto& rto = comparison.figures[0];
  CHECK(rto.figure == "rto");
  CHECK(rto.observed == 149.5);
  CHECK(rto.percentile == 20); // 4 of 20 drills recovered sooner (110 to 140 s)
  CHECK(rto.p5 == 110);
  CHECK(rto.p50 == 200);
  CHECK(rto.p95 == 290);
  CHECK(rto.never == 1);
  CHECK(rto.verdict == fis::Verdict::Inside);
  const auto& impact = comparison.figures[1];
  CHECK(impact.observed == 9.5);
  CHECK(impact.percentile == 95);
  CHECK(impact.verdict == fis::Verdict::Above);

  // Ties count half; an observation that never recovered ties with the drills that never did.
  const std::vector<fis::SimulatedFigures> tied{{0.0, 149.5}, {0.0, 149.5}, {0.0, std::nullopt}, {0.0, 10.0}};
  const auto with_ties = fis::compare_observed(fis::observe(journal_of(100.5, 110, 250, 400), rule, "j"), tied, 7);
  CHECK(with_ties.figures[0].percentile == 50);
  const auto unrecovered = fis::compare_observed(fis::observe(journal_of(100.5, 110, 350, 400), rule, "j"), tied, 7);
  CHECK_FALSE(unrecovered.figures[0].observed);
  CHECK(unrecovered.figures[0].percentile == 87.5);
  CHECK_FALSE(unrecovered.figures[0].p95);
  CHECK(unrecovered.figures[0].verdict == fis::Verdict::Inside);

  std::ostringstream text;
  fis::write_comparison_text(text, comparison);
  CHECK(text.str() ==
        "FIS run drsim-r of scenario s, strategy warm-standby: completed\n"
        "Observed: 400 probes of 1 URL (140 failed), fault onset +00:01:40.500 on the run's clock, observed to "
        "+00:06:40.000\n"
        "Simulated: 20 drills of strategy warm-standby, seed 7\n"
        "\n"
        "figure                     observed percentile         p5        p50        p95  verdict\n"
        "RTO (onset to recovery)      2m 30s       20.0     1m 50s     3m 20s     4m 50s  inside p5..p95\n"
        "onset to first failure         9.5s       95.0         0s         0s         0s  above p95\n"
        "\n"
        "A percentile is the share of simulated drills with a smaller figure (ties count half); \"never\": not\n"
        "reached within the horizon (simulated) or while observed. The observed RTO uses the scenario's recovery\n"
        "rule on the probes, each URL a client population.\n");
  const auto document = fis::comparison_json(comparison);
  CHECK(document["figures"][0] == json{{"figure", "rto"},
                                       {"observed_s", 149.5},
                                       {"percentile", 20.0},
                                       {"p5_s", 110.0},
                                       {"p50_s", 200.0},
                                       {"p95_s", 290.0},
                                       {"never", 1},
                                       {"verdict", "inside p5..p95"}});
  CHECK(document["observation"]["fault_onset_s"] == 100.5);
  CHECK(document["simulated"] == json{{"runs", 20}, {"seed", 7}});

  const auto nothing =
      fis::compare_observed(fis::observe({journal_of(100, 110, 250, 400).front()}, rule, "j"), simulated, 7);
  CHECK(nothing.figures.empty());
  std::ostringstream nothing_text;
  fis::write_comparison_text(nothing_text, nothing);
  CHECK(nothing_text.str().ends_with("\nNothing to compare: the journal has no probe: the bindings name no health "
                                     "URL\n"));
}

TEST_CASE("fis run detectors: alarm states and health check status as CloudWatch and Route 53 answer them") {
  // DescribeAlarms (XML): each alarm's fields follow its name; its dimensions are members too.
  const auto alarms = fis::alarm_states(
      "<DescribeAlarmsResponse><DescribeAlarmsResult><MetricAlarms><member><AlarmName>orders &amp; more</AlarmName>"
      "<AlarmArn>arn:aws:cloudwatch:us-east-1:111122223333:alarm:a</AlarmArn><StateValue>ALARM</StateValue>"
      "<StateReason>Threshold Crossed: 1 datapoint [5.0] was &gt;= 1.0</StateReason>"
      "<StateUpdatedTimestamp>2026-12-01T04:00:10.250Z</StateUpdatedTimestamp><Dimensions><member><Name>Lb</Name>"
      "<Value>app</Value></member></Dimensions></member><member><AlarmName>latency</AlarmName>"
      "<StateValue>OK</StateValue></member></MetricAlarms></DescribeAlarmsResult></DescribeAlarmsResponse>");
  REQUIRE(alarms.size() == 2);
  CHECK(alarms[0].name == "orders & more");
  CHECK(alarms[0].state == "ALARM");
  CHECK(alarms[0].reason == "Threshold Crossed: 1 datapoint [5.0] was >= 1.0");
  CHECK(alarms[0].updated_epoch_s == 1796097610.25);
  CHECK(alarms[1].name == "latency");
  CHECK(alarms[1].state == "OK");
  CHECK_FALSE(alarms[1].updated_epoch_s);
  const auto from_json = fis::alarm_states(
      R"({"DescribeAlarmsResponse": {"DescribeAlarmsResult": {"MetricAlarms": [{"AlarmName": "a",
         "StateValue": "INSUFFICIENT_DATA", "StateUpdatedTimestamp": 1764561600}], "CompositeAlarms": []}}})");
  REQUIRE(from_json.size() == 1);
  CHECK(from_json[0].state == "INSUFFICIENT_DATA");
  CHECK(from_json[0].updated_epoch_s == 1764561600);

  // Route 53: healthy when more than 18 % of the checkers report a success.
  const auto checkers = [](int successes, int failures) {
    std::string xml = "<GetHealthCheckStatusResponse><HealthCheckObservations>";
    for (int i = 0; i < successes + failures; ++i)
      xml += std::string("<HealthCheckObservation><StatusReport><Status>") +
             (i < successes ? "Success: HTTP Status Code 200, OK" : "Failure: Connection timed out") +
             "</Status></StatusReport></HealthCheckObservation>";
    return fis::health_check_state(xml + "</HealthCheckObservations></GetHealthCheckStatusResponse>");
  };
  CHECK(checkers(2, 6).healthy());
  CHECK_FALSE(checkers(1, 7).healthy());
  CHECK(checkers(1, 7).checkers == 8);
  CHECK(checkers(1, 7).healthy_checkers == 1);
  CHECK_FALSE(checkers(0, 0).healthy());

  CHECK(fis::alarm_of_arn("arn:aws:cloudwatch:us-west-2:111122223333:alarm:a:b") ==
        std::pair<std::string, std::string>("us-west-2", "a:b"));
  CHECK_FALSE(fis::alarm_of_arn("arn:aws:sns:us-west-2:111122223333:topic"));
}

TEST_CASE("fis observation and compare: the detection, the first detector to turn bad from the fault's onset on") {
  const drsim::RecoveryCriterion rule{0.99, 60};
  auto records = journal_of(100.5, 110, 250, 400);
  records.insert(records.end() - 1,
                 {{{"type", "alarm"}, {"t", 1}, {"region", "us-east-1"}, {"alarm", "a"}, {"state", "ALARM"}},
                  {{"type", "alarm"}, {"t", 2}, {"region", "us-east-1"}, {"alarm", "a"}, {"state", "OK"}},
                  {{"type", "health_check"}, {"t", 121}, {"health_check_id", "h"}, {"status", "unhealthy"}},
                  // Seen later than the health check, but CloudWatch says it fired before.
                  {{"type", "alarm"},
                   {"t", 130},
                   {"region", "us-east-1"},
                   {"alarm", "a"},
                   {"state", "ALARM"},
                   {"changed_s", 115.25}}});
  const auto drill = fis::observe(records, rule, "j");
  CHECK(drill.detectors == std::vector<std::string>{"alarm a (us-east-1)", "health check h"});
  CHECK(drill.detected_at == 115.25);
  CHECK(drill.detected_by == "alarm a (us-east-1)");

  std::vector<fis::SimulatedFigures> simulated;
  for (int i = 1; i <= 20; ++i)
    simulated.push_back({.impact_s = 0.0, .rto_s = 100.0 + 10 * i, .run = i - 1, .detection_s = 5.0 * i});
  const auto comparison = fis::compare_observed(drill, simulated, 7);
  REQUIRE(comparison.figures.size() == 3);
  const auto& detection = comparison.figures[2];
  CHECK(detection.figure == "detection");
  CHECK(detection.observed == 14.75);
  CHECK(detection.percentile == 10); // 5 and 10 s sooner
  CHECK(detection.p50 == 50);
  CHECK(detection.verdict == fis::Verdict::Inside);
  std::ostringstream text;
  fis::write_comparison_text(text, comparison);
  CHECK(text.str().find("(140 failed), fault onset +00:01:40.500 on the run's clock, observed to +00:06:40.000; 2 "
                        "detectors watched, first to see the fault: alarm a (us-east-1) at +00:01:55.250\n") !=
        std::string::npos);
  CHECK(text.str().find("\nonset to detection            14.8s       10.0         5s        50s     1m 35s  inside "
                        "p5..p95\n") != std::string::npos);
  const auto document = fis::comparison_json(comparison);
  CHECK(document["figures"][2]["figure"] == "detection");
  CHECK(document["figures"][2]["observed_s"] == 14.75);
  CHECK(document["observation"]["detected_by"] == "alarm a (us-east-1)");
  CHECK(document["observation"]["detected_at_s"] == 115.25);
  std::ostringstream markdown;
  fis::write_comparison_markdown(markdown, comparison);
  CHECK(markdown.str().find("| onset to detection ") != std::string::npos);

  // A simulator without detection (no drill had an alarm): the figure is not simulated, not "below p5".
  for (auto& figures : simulated)
    figures.detection_s.reset();
  CHECK(fis::compare_observed(drill, simulated, 7).figures[2].verdict == fis::Verdict::NotSimulated);
  // Without any detector watched, no detection figure at all; one that never turned bad: not reached.
  CHECK(fis::compare_observed(fis::observe(journal_of(100.5, 110, 250, 400), rule, "j"), simulated, 7).figures.size() ==
        2);
  records.erase(records.end() - 3, records.end() - 1);
  const auto unseen = fis::observe(records, rule, "j");
  CHECK_FALSE(unseen.detected_at);
  CHECK(unseen.detectors.size() == 1);
}

TEST_CASE("fis compare: Markdown and an HTML page with the observed curve beside the median drill's") {
  const drsim::RecoveryCriterion rule{0.99, 60};
  std::vector<fis::SimulatedFigures> simulated;
  for (int i = 1; i <= 19; ++i) {
    const double rto = 100.0 + 10 * i;
    // Each drill's curve ends its outage at its own RTO, so the chart shows which drill it took.
    simulated.push_back({2.0, rto, i - 1, {"worst", 0, {{-100, 1}, {2, 0}, {rto - 60, 1}}}});
  }
  const auto comparison =
      fis::compare_observed(fis::observe(journal_of(100.5, 110, 250, 400), rule, "j"), simulated, 7);
  REQUIRE(comparison.median_drill);
  CHECK(comparison.median_drill->run == 9); // RTO 200 s, the nearest-rank p50
  auto written = [&](auto writer) {
    std::ostringstream out;
    writer(out, comparison);
    return out.str();
  };

  const auto markdown = written(fis::write_comparison_markdown);
  CHECK(markdown.starts_with("# FIS run drsim-r\n\nFIS run drsim-r of scenario s, strategy warm-standby: completed\n\n"
                             "- Observed: 400 probes of 1 URL (140 failed)"));
  CHECK(markdown.find(
            "| figure                  | observed | percentile |     p5 |    p50 |    p95 | verdict        |\n"
            "| ----------------------- | -------: | ---------: | -----: | -----: | -----: | -------------- |\n"
            "| RTO (onset to recovery) |   2m 30s |       21.1 | 1m 50s | 3m 20s | 4m 50s | inside p5..p95 |\n"
            "| onset to first failure  |     9.5s |      100.0 |     2s |     2s |     2s | above p95      |\n") !=
        std::string::npos);
  CHECK(markdown.ends_with("each URL a client population.\n"));

  const auto page = written(fis::write_comparison_html);
  CHECK(page.starts_with("<!DOCTYPE html>"));
  CHECK(page.ends_with("</html>\n"));
  CHECK(page.find("<td class=\"num\">2m 30s</td><td class=\"num\">21.1</td>") != std::string::npos);
  CHECK(page.find("<span class=\"badge met\">inside p5..p95</span>") != std::string::npos);
  CHECK(page.find("<span class=\"badge failed\">above p95</span>") != std::string::npos);
  // Both curves: the prober's and the median drill's, dashed.
  CHECK(page.find("<path class=\"series\" ") != std::string::npos);
  CHECK(page.find("<path class=\"series simulated\" ") != std::string::npos);
  CHECK(page.find("simulated drill 10 (the median RTO)") != std::string::npos);
  for (const auto* marker : {"fault onset +00:01:40.500", "first failure seen (+9.5s)",
                             "observed recovery (RTO 2m 30s)", "simulated recovery (RTO 3m 20s)"})
    CHECK(page.find(marker) != std::string::npos);
  CHECK(page.find("<script") == std::string::npos);
  CHECK(written(fis::write_comparison_html) == page);

  const auto nothing =
      fis::compare_observed(fis::observe({journal_of(100, 110, 250, 400).front()}, rule, "j"), simulated, 7);
  CHECK_FALSE(nothing.median_drill);
  std::ostringstream nothing_page;
  fis::write_comparison_html(nothing_page, nothing);
  CHECK(nothing_page.str().find("Nothing to compare: the journal has no probe") != std::string::npos);
  CHECK(nothing_page.str().find("<svg") == std::string::npos);
}

TEST_CASE("fis run and compare: usage errors") {
  const auto drill = source_dir + "tests/fis/data/shop-az-drill.json";
  CHECK(run({"fis", "compare", drill}).err ==
        "drsim: fis compare needs --journal FILE; run `drsim fis compare --help`\n");
  CHECK(run({"fis", "compare", drill, "--journal", "j", "--format", "csv"}).err ==
        "drsim: --format: unknown format 'csv'; expected text, json, markdown or html\n");
  CHECK(run({"fis", "run", drill, "--bindings", bindings_file, "--max-duration", "soon"}).code == 2);
  CHECK(run({"fis", "run", "--help"}).out.find("10-14 refused by a guardrail") != std::string::npos);
}

TEST_CASE("fis preflight: what each target should resolve to, and the verdicts") {
  const auto plan = plan_of(json::parse(R"([
    {"kind": "az-outage", "target": "use1-az2", "onset": "5m", "duration": "30m"},
    {"kind": "instance-loss", "target": "web", "region": "us-east-1", "count": 2, "onset": "10m"}])"));
  const auto& expected = plan.expected_targets.at("us-east-1");
  CHECK(expected.at("f1-subnets").what == "2 aws:ec2:subnet");
  CHECK(expected.at("f1-subnets").count == 2);
  CHECK(expected.at("f1-web-instances").what == "fleet web's running instances in us-east-1c");
  CHECK_FALSE(expected.at("f1-web-instances").exact);
  CHECK(expected.at("f1-web-group").count == 1);
  CHECK(expected.at("f2-web-instances").what == "2 of fleet web's running instances in us-east-1");
  CHECK(expected.at("f2-web-instances").count == 2);
  CHECK(expected.at("f2-web-instances").exact);
  std::set<std::string> names;
  for (const auto& [name, target] : plan.templates.at("us-east-1")["targets"].items())
    names.insert(name);
  std::set<std::string> expected_names;
  for (const auto& [name, target] : expected)
    expected_names.insert(name);
  CHECK(names == expected_names);

  const auto start = fis::start_request(plan, "drsim-x", "us-east-1", "EXT1", true);
  CHECK(start["experimentOptions"] == json{{"actionsMode", "skip-all"}});

  const std::map<std::string, std::vector<fis::ResolvedTarget>> resolved{
      {"us-east-1",
       {{"f1-subnets", "aws:ec2:subnet", "subnet-1"},
        {"f1-web-instances", "aws:ec2:instance", "i-1"},
        {"f2-web-instances", "aws:ec2:instance", "i-1"}}}};
  std::map<std::string, fis::TargetVerdict> verdicts;
  for (const auto& check : fis::check_targets(plan, resolved))
    verdicts[check.target] = check.verdict;
  CHECK(verdicts.at("f1-subnets") == fis::TargetVerdict::Differs);
  CHECK(verdicts.at("f1-web-instances") == fis::TargetVerdict::Matches);
  CHECK(verdicts.at("f2-web-instances") == fis::TargetVerdict::Differs);
  CHECK(verdicts.at("f1-web-group") == fis::TargetVerdict::Empty);
  CHECK(verdicts.size() == expected.size());
}
