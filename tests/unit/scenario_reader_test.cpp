// The strict input reader on scenarios: settings, the topology, faults, random failures, common-cause events and
// objectives, each kind of problem checked by its exact printed diagnostic. Strategies and runbooks have tests of
// their own.

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <unistd.h>

#include "tests/unit/reader_test_support.hpp"

using drsim::Diagnostic;
using namespace reader_test;

TEST_CASE("the reference scenario loads with its topology, overrides and runbooks") {
  const auto scenario = drsim::load_scenario_file(scenario_file);
  CHECK(scenario.name == "shop-region-loss");
  CHECK(scenario.file == scenario_file);
  CHECK(scenario.topology.name == "shop");
  CHECK(scenario.seed == 42);
  CHECK(scenario.runs == 200);
  REQUIRE(scenario.faults.size() == 2);
  CHECK(scenario.faults[0].kind == drsim::FaultKind::RegionOutage);
  CHECK(scenario.faults[0].onset.mean() == 600);
  CHECK(scenario.faults[0].duration->mean() == 6 * 3600);
  CHECK(scenario.faults[1].count == 2);
  CHECK_FALSE(scenario.faults[1].duration);
  REQUIRE(scenario.strategies.size() == 2);
  const auto& pilot = scenario.strategies[0];
  CHECK(pilot.preset == drsim::Preset::PilotLight);
  CHECK(pilot.topology.dns.at(0).ttl_s == 30); // from the overrides
  CHECK(scenario.strategies[1].topology.dns.at(0).ttl_s == 60);
  CHECK(scenario.topology.dns.at(0).ttl_s == 60);
  REQUIRE(pilot.runbook.steps.size() == 7);
  CHECK(pilot.runbook.steps[1].after == std::vector<std::string>{"detect"}); // the previous step by default
  CHECK(pilot.runbook.steps[0].after.empty());
  CHECK(pilot.runbook.steps[5].after == std::vector<std::string>{"promote", "scale"});
  CHECK(pilot.runbook.steps[3].replica == "dr");
  CHECK(pilot.runbook.steps[1].manual);
  CHECK(scenario.objectives.at(0).target == 900);
  CHECK(scenario.objectives.at(1).stat == drsim::Statistic::P95);
}

TEST_CASE("scenario structure: required keys, settings and their ranges") {
  CHECK(without("/faults") == Lines{S + "(document): missing required key \"faults\"; expected \"faults\", "
                                        "\"random_failures\" or \"common_cause\", at least one of the three"});
  CHECK(with("/faults", json::array()) == Lines{S + "/faults: must not be empty; expected at least 1 fault"});
  CHECK(with("/runs", 0) == Lines{S + "/runs: must be an integer from 1 to 10000000, not 0"});
  CHECK(with("/seed", -1) == Lines{S + "/seed: must be an integer from 0 to 18446744073709551615, not -1"});
  CHECK(with("/seed", 18446744073709551615u).empty());
  CHECK(with("/horizon", "6000w") == Lines{S + "/horizon: must be greater than zero and at most 100 years, not "
                                               "\"6000w\""});
  CHECK(with("/recovery/success_threshold", 0) ==
        Lines{S + "/recovery/success_threshold: must be greater than 0 and at most 1, not 0"});
  CHECK(with("/recovery/windw", "1m") == Lines{S + "/recovery/windw: unknown key; did you mean \"window\"?"});
  CHECK(with("/drsim_scenario", 3) == Lines{S + "/drsim_scenario: unsupported format version 3; this drsim reads "
                                                "version 1"});
}

TEST_CASE("the topology: a path relative to the scenario, or inline") {
  CHECK(with("/topology", "nope.json") == Lines{S + "/topology: cannot use the topology file \"" + data_dir +
                                                "nope.json\": it does not exist; expected the path of a JSON file"});
  CHECK(with("/topology", "scenario.json") ==
        Lines{S + "/topology: \"" + scenario_file +
              "\" is a scenario file (\"drsim_scenario\"), not a topology file (\"drsim_topology\"); the topology "
              "this scenario names is \"" +
              topology_file + "\""});
  CHECK(with("/topology", 7) ==
        Lines{S + "/topology: must be the path of a topology file or an inline topology object, not 7"});

  json document = valid_scenario();
  {
    std::ifstream in(topology_file);
    document["topology"] = json::parse(in);
  }
  CHECK(problems_of(document).empty());
  document["topology"]["dns"][0]["ttl"] = "-5s";
  CHECK(problems_of(document) ==
        Lines{S + "/topology/dns/0/ttl: \"-5s\" is negative; a duration must be zero or more"});
}

TEST_CASE("faults: kinds, targets and their arguments") {
  CHECK(with("/faults/0/target", "us-east-2") ==
        Lines{S + "/faults/0/target: unknown region \"us-east-2\"; did you mean \"us-east-1\"?"});
  CHECK(with("/faults/0/kind", "az-outage") ==
        Lines{S + "/faults/0/target: unknown AZ \"us-east-1\"; expected one of: use1-az1, use1-az2, usw2-az1, "
                  "usw2-az2"});
  CHECK(with("/faults/0/kind", "database-failure") ==
        Lines{S + "/faults/0/target: unknown database \"us-east-1\"; expected one of: orders-db"});
  CHECK(with("/faults/0/kind", "meteor") ==
        Lines{S + "/faults/0/kind: must be one of \"region-outage\", \"az-outage\", \"instance-loss\", "
                  "\"database-failure\", \"network-partition\", \"data-corruption\", \"ransomware\", "
                  "\"backup-failure\", \"capacity-shortage\" or \"step-unreachable\", not \"meteor\""});
  CHECK(with("/faults/0/peer", "us-west-2") ==
        Lines{S + "/faults/0/peer: unknown key; expected one of: kind, target, onset, duration"});
  CHECK(with("/faults/0/kind", "network-partition") == Lines{S + "/faults/0: missing required key \"peer\""});
  CHECK(with("/faults/0/onset", "25h") ==
        Lines{S + "/faults/0/onset: must be before the end of the horizon (1d), not \"25h\""});
  CHECK(with("/faults/0/onset", "-5s") ==
        Lines{S + "/faults/0/onset: \"-5s\" is negative; a duration must be zero or more"});
  CHECK(with("/faults/0/duration", "0s") ==
        Lines{S + "/faults/0/duration: must be greater than zero; leave \"duration\" out for a fault that lasts"});
  CHECK(with("/faults/1/region", "us-west-1") ==
        Lines{S + "/faults/1/region: unknown region \"us-west-1\"; did you mean \"us-west-2\"?"});
  CHECK(with("/faults/1/count", 0) == Lines{S + "/faults/1/count: must be an integer from 1 to 100000, not 0"});
  // A silent corruption's detection delay: only with data corruption, and a distribution.
  CHECK(with("/faults/0/detection", "20m") ==
        Lines{S + "/faults/0/detection: unknown key; expected one of: kind, target, onset, duration"});
  json corrupted = valid_scenario();
  corrupted["faults"][0] = {{"kind", "data-corruption"}, {"target", "orders-db"}, {"detection", "20m"}};
  std::vector<Diagnostic> problems;
  const auto scenario = drsim::read_scenario(corrupted, scenario_file, problems);
  CHECK(printed(problems).empty());
  REQUIRE(scenario.faults.front().detection);
  CHECK(scenario.faults.front().detection->mean() == 1200);
  corrupted["faults"][0]["detection"] = 20;
  CHECK(problems_of(corrupted) == Lines{S + "/faults/0/detection: a duration needs a unit, e.g. \"20s\""});
}

TEST_CASE("faults: an unreachable step is a step of some strategy's runbook, and a strategy without it is warned of") {
  CHECK(with("/faults/0", {{"kind", "step-unreachable"}, {"target", "promot"}}) ==
        Lines{S + "/faults/0/target: unknown runbook step \"promot\"; did you mean \"promote\"?"});
  CHECK(with("/faults/0", {{"kind", "step-unreachable"}, {"target", "promote"}, {"count", 2}}) ==
        Lines{S + "/faults/0/count: unknown key; expected one of: kind, target, onset, duration"});
  json document = valid_scenario();
  document["faults"][0] = {{"kind", "step-unreachable"}, {"target", "restore"}, {"onset", "10m"}, {"duration", "5m"}};
  std::vector<Diagnostic> problems;
  const auto scenario = drsim::read_scenario(document, scenario_file, problems);
  CHECK(printed(problems).empty());
  CHECK(printed(scenario.warnings) ==
        Lines{S + "/faults/0/target: strategy \"pilot-light\" has no runbook step \"restore\": this fault does nothing "
                  "in its drills"});
  REQUIRE(scenario.faults.front().kind == drsim::FaultKind::StepUnreachable);
  CHECK(scenario.faults.front().target == "restore");
  CHECK(scenario.faults.front().duration->mean() == 300);
}

TEST_CASE("objectives: metric, statistic, target by metric and strategies") {
  CHECK(with("/objectives/0/target", 900) == Lines{S + "/objectives/0/target: a duration needs a unit, e.g. \"900s\""});
  CHECK(with("/objectives/1/target", 1.5) == Lines{S + "/objectives/1/target: must be a number from 0 to 1, not 1.5"});
  CHECK(with("/objectives/0/metric", "RTO") ==
        Lines{S + "/objectives/0/metric: must be one of \"rto\", \"rpo\", \"lost_writes\", \"availability\", "
                  "\"monthly_cost\" or \"downtime_min_per_month\", not \"RTO\" (did you mean \"rto\"?)"});
  CHECK(with("/objectives/2", {{"metric", "downtime_min_per_month"}, {"target", 5}}) ==
        Lines{S + "/objectives/2/metric: applies only to a long run; expected a scenario with \"random_failures\" or "
                  "\"common_cause\""});
  CHECK(with("/objectives/0/strategies/0", "warm-standby") ==
        Lines{S + "/objectives/0/strategies/0: unknown strategy \"warm-standby\"; expected one of: pilot-light, "
                  "backup-restore"});
  CHECK(with("/objectives/0/stat", "p90") ==
        Lines{S + "/objectives/0/stat: must be one of \"p50\", \"p95\", \"p99\", \"max\" or \"mean\", not \"p90\" "
                  "(did you mean \"p50\"?)"});
}

TEST_CASE("a strategy with neither a preset nor a runbook is valid, with a warning that says what its drills do") {
  json document = valid_scenario();
  document["strategies"].push_back({{"name", "nothing"}});
  std::vector<drsim::Diagnostic> problems;
  const auto scenario = drsim::read_scenario(document, scenario_file, problems);
  CHECK(problems.empty());
  CHECK(printed(scenario.warnings) ==
        Lines{S + "/strategies/2: has neither a \"preset\" nor a \"runbook\": its drills run no recovery step, only "
                  "the topology's automatic mechanisms (health checks, Auto Scaling, DNS failover, Multi-AZ failover); "
                  "write \"runbook\": {\"steps\": []} to say that this is meant"});
  document["strategies"][2]["runbook"] = {{"steps", json::array()}};
  CHECK(drsim::read_scenario(document, scenario_file, problems).warnings.empty());
  CHECK(problems.empty());
  CHECK(drsim::read_scenario(valid_scenario(), scenario_file, problems).warnings.empty());
}

TEST_CASE("validate_file tells topologies and scenarios apart by their marker") {
  CHECK(drsim::validate_file(scenario_file).empty());
  CHECK(drsim::validate_file(topology_file).empty());
  CHECK(drsim::validate_input(topology_file).summary == "topology \"shop\": 2 regions, 8 components");
  CHECK(drsim::validate_input(scenario_file).summary ==
        "scenario \"shop-region-loss\": 2 faults, 2 strategies, 2 objectives");

  // Named after the process, so that concurrent test runs do not share it.
  const auto directory =
      std::filesystem::temp_directory_path() / ("drsim_scenario_reader_test_" + std::to_string(::getpid()));
  std::filesystem::create_directories(directory);
  const auto write = [&](const std::string& name, const std::string& text) {
    std::ofstream(directory / name) << text;
    return (directory / name).string();
  };
  const auto neither = write("neither.json", R"({"drsim_topolgy": 1})");
  CHECK(printed(drsim::validate_file(neither)) ==
        Lines{neither + ": (document): unknown kind of file; expected the key \"drsim_topology\" (a topology) or "
                        "\"drsim_scenario\" (a scenario) (is \"drsim_topolgy\" meant to be \"drsim_topology\"?)"});
  const auto both = write("both.json", R"({"drsim_topology": 1, "drsim_scenario": 1})");
  CHECK(printed(drsim::validate_file(both)) ==
        Lines{both + ": (document): has both \"drsim_topology\" and \"drsim_scenario\"; expected one of them"});
  const auto array = write("array.json", "[]");
  CHECK(printed(drsim::validate_file(array)) ==
        Lines{array + ": (document): must be a JSON object with \"drsim_topology\" or \"drsim_scenario\", not an "
                      "array"});
  std::filesystem::remove_all(directory);
}

namespace {

Lines long_run_with(const std::string& pointer, const json& value) {
  return problems_of(changed(long_run_scenario(), pointer, value));
}

Lines long_run_without(const std::string& pointer) { return problems_of(removed(long_run_scenario(), pointer)); }

} // namespace

TEST_CASE("a long run reads its random failures, common-cause events and downtime objective") {
  std::vector<Diagnostic> problems;
  const auto scenario = drsim::read_scenario(long_run_scenario(), scenario_file, problems);
  CHECK(printed(problems).empty());
  CHECK(scenario.long_run());
  CHECK(scenario.faults.empty());

  REQUIRE(scenario.random_failures.size() == 2);
  const auto& instance = scenario.random_failures[0];
  CHECK(instance.kind == drsim::FailureTarget::Instance);
  CHECK(instance.component == "web");
  CHECK(instance.time_to_failure.kind() == drsim::Distribution::Kind::Exponential);
  CHECK(instance.time_to_failure.mean() == 2000 * 3600);
  CHECK(instance.time_to_repair.kind() == drsim::Distribution::Kind::Lognormal);
  const auto& node = scenario.random_failures[1];
  CHECK(node.kind == drsim::FailureTarget::DatabaseNode);
  CHECK(node.component.empty());
  CHECK(node.time_to_failure.kind() == drsim::Distribution::Kind::Weibull);
  CHECK(node.time_to_repair.is_fixed());
  CHECK(node.time_to_repair.mean() == 1800);

  REQUIRE(scenario.common_cause.size() == 2);
  const auto& az = scenario.common_cause[0];
  CHECK(az.kind == drsim::FaultKind::AzOutage);
  CHECK(az.rate_per_year == 0.5);
  CHECK(az.targets.empty());
  CHECK(az.duration.kind() == drsim::Distribution::Kind::Lognormal);
  REQUIRE(az.blip);
  CHECK(az.blip->mean() == 20);
  const auto& region = scenario.common_cause[1];
  CHECK(region.kind == drsim::FaultKind::RegionOutage);
  CHECK(region.targets == std::vector<std::string>{"us-east-1"});
  CHECK_FALSE(region.blip);

  REQUIRE(scenario.objectives.size() == 3);
  CHECK(scenario.objectives[2].metric == drsim::Metric::MonthlyDowntime);
  CHECK(scenario.objectives[2].stat == drsim::Statistic::Mean);
  CHECK(scenario.objectives[2].target == 5);

  // Written faults may come on top of the drawn ones.
  json with_faults = long_run_scenario();
  with_faults["faults"] = valid_scenario()["faults"];
  CHECK(problems_of(with_faults).empty());
}

TEST_CASE("a long run validates with a summary that counts what it draws") {
  json document = long_run_scenario();
  document["topology"] = topology_file; // absolute, so the copy may live anywhere
  const auto path = std::filesystem::temp_directory_path() /
                    ("drsim_scenario_reader_long_run_" + std::to_string(::getpid()) + ".json");
  std::ofstream(path) << document.dump();
  const auto validation = drsim::validate_input(path.string());
  std::filesystem::remove(path);
  CHECK(printed(validation.problems).empty());
  CHECK(validation.summary == "scenario \"shop-region-loss\": 0 faults, 2 random failures, 2 common-cause events, "
                              "2 strategies, 3 objectives");
}

TEST_CASE("random failures: kind, component, time to failure and repair") {
  const std::string at = S + "/random_failures/";
  CHECK(long_run_with("/random_failures", json::array()) ==
        Lines{S + "/random_failures: must not be empty; expected at least 1 random failure"});
  CHECK(long_run_with("/random_failures/0", "web") == Lines{at + "0: must be an object, not \"web\""});
  CHECK(long_run_with("/random_failures/0/kind", "instances") ==
        Lines{at + "0/kind: must be one of \"instance\", \"database-node\", \"load-balancer\" or \"queue\", not "
                   "\"instances\" (did you mean \"instance\"?)"});
  CHECK(long_run_with("/random_failures/0/component", "wbe") ==
        Lines{at + "0/component: unknown fleet \"wbe\"; did you mean \"web\"?"});
  CHECK(long_run_with("/random_failures/0/kind", "database-node") ==
        Lines{at + "0/component: unknown database \"web\"; expected one of: orders-db"});
  CHECK(long_run_with("/random_failures/1/component", "orders-db").empty());
  CHECK(long_run_with("/random_failures/0/mtfb", "2000h") == Lines{at + "0/mtfb: unknown key; did you mean \"mtbf\"?"});
  CHECK(long_run_without("/random_failures/0/kind") == Lines{at + "0: missing required key \"kind\""});
  CHECK(long_run_without("/random_failures/1/repair") == Lines{at + "1: missing required key \"repair\""});

  // Exactly one of mtbf and time_to_failure.
  CHECK(long_run_without("/random_failures/0/mtbf") ==
        Lines{at + "0: missing required key \"mtbf\" or \"time_to_failure\"; expected exactly one of them"});
  CHECK(long_run_with("/random_failures/0/time_to_failure", "100h") ==
        Lines{at + "0/time_to_failure: is given with \"mtbf\"; expected exactly one of \"mtbf\" and "
                   "\"time_to_failure\""});

  // Units, and means above zero.
  CHECK(long_run_with("/random_failures/0/mtbf", 2000) ==
        Lines{at + "0/mtbf: a duration needs a unit, e.g. \"2000s\""});
  CHECK(long_run_with("/random_failures/0/mtbf", "0h") == Lines{at + "0/mtbf: must be greater than zero"});
  CHECK(long_run_with("/random_failures/0/mtbf", {{"exponential", {{"mean", "2000h"}}}}) ==
        Lines{at + "0/mtbf: must be a duration string such as \"90s\", not an object"});
  CHECK(long_run_with("/random_failures/1/time_to_failure", {{"uniform", {"0s", "0s"}}}) ==
        Lines{at + "1/time_to_failure: must have a mean greater than zero"});
  CHECK(long_run_with("/random_failures/1/time_to_failure", "0s") ==
        Lines{at + "1/time_to_failure: must be greater than zero"});
  CHECK(long_run_with("/random_failures/1/time_to_failure", {{"gamma", {{"mean", "1h"}}}}) ==
        Lines{at + "1/time_to_failure/gamma: unknown distribution; expected one of: uniform, normal, lognormal, "
                   "exponential, weibull, empirical"});
  CHECK(long_run_with("/random_failures/1/repair", "0s") == Lines{at + "1/repair: must be greater than zero"});
  CHECK(long_run_with("/random_failures/1/repair", "-5m") ==
        Lines{at + "1/repair: \"-5m\" is negative; a duration must be zero or more"});
  CHECK(long_run_with("/random_failures/1/repair", {{"exponential", {{"mean", "30m"}}}}).empty());

  // A slip of unit that would draw more failures than a run can hold: the web fleet's 16 instances at most, failing
  // every second and repaired in a tenth of one, over the 24-hour horizon: 16 x 86400 / 1.1.
  CHECK(long_run_with("/random_failures/0", {{"kind", "instance"}, {"mtbf", "1s"}, {"repair", "100ms"}}) ==
        Lines{at + "0/mtbf: gives about 1256727 failures per run (16 units over the horizon); at most 1000000: is the "
                   "unit right, e.g. \"2000h\"?"});
}

TEST_CASE("common-cause events: kind, rate, targets, duration and blip") {
  const std::string at = S + "/common_cause/";
  CHECK(long_run_with("/common_cause", json::array()) ==
        Lines{S + "/common_cause: must not be empty; expected at least 1 common-cause event"});
  CHECK(long_run_with("/common_cause/0/kind", "instance-loss") ==
        Lines{at + "0/kind: must be one of \"region-outage\" or \"az-outage\", not \"instance-loss\""});
  CHECK(long_run_with("/common_cause/0/kind", "az_outage") ==
        Lines{at + "0/kind: must be one of \"region-outage\" or \"az-outage\", not \"az_outage\" (did you mean "
                   "\"az-outage\"?)"});

  CHECK(long_run_with("/common_cause/0/rate_per_year", 0) ==
        Lines{at + "0/rate_per_year: must be greater than 0 and at most 10000, not 0"});
  CHECK(long_run_with("/common_cause/0/rate_per_year", 10001) ==
        Lines{at + "0/rate_per_year: must be a number from 0 to 10000, not 10001"});
  CHECK(long_run_with("/common_cause/0/rate_per_year", "2/y") ==
        Lines{at + "0/rate_per_year: must be a number from 0 to 10000, not \"2/y\""});
  CHECK(long_run_with("/common_cause/0/rate_per_year", 10000).empty());
  CHECK(long_run_without("/common_cause/0/rate_per_year") == Lines{at + "0: missing required key \"rate_per_year\""});

  CHECK(long_run_with("/common_cause/1/targets", json::array()) ==
        Lines{at + "1/targets: must not be empty; leave \"targets\" out for every region"});
  CHECK(long_run_with("/common_cause/1/targets", {"us-east-1", "us-east-1"}) ==
        Lines{at + "1/targets/1: duplicate \"us-east-1\"; expected each name once"});
  CHECK(long_run_with("/common_cause/1/targets", {"us-est-1"}) ==
        Lines{at + "1/targets/0: unknown region \"us-est-1\"; did you mean \"us-east-1\"?"});
  CHECK(long_run_with("/common_cause/0/targets", {"use1-az1", "us-east-1"}) ==
        Lines{at + "0/targets/1: unknown AZ \"us-east-1\"; expected one of: use1-az1, use1-az2, usw2-az1, usw2-az2"});
  CHECK(long_run_with("/common_cause/1/targets", "us-east-1") ==
        Lines{at + "1/targets: must be an array, not \"us-east-1\""});

  CHECK(long_run_without("/common_cause/1/duration") == Lines{at + "1: missing required key \"duration\""});
  CHECK(long_run_with("/common_cause/1/duration", 3600) ==
        Lines{at + "1/duration: a duration needs a unit, e.g. \"3600s\""});
  CHECK(long_run_with("/common_cause/1/duration", {{"empirical", {{"p0", "0s"}, {"p100", "0s"}}}}) ==
        Lines{at + "1/duration: must have a mean greater than zero"});
  CHECK(long_run_with("/common_cause/0/blip", "0s") == Lines{at + "0/blip: must be greater than zero"});
  CHECK(long_run_with("/common_cause/0/blip", {{"uniform", {"5s", "30s"}}}).empty());
  CHECK(long_run_with("/common_cause/0/blp", "20s") == Lines{at + "0/blp: unknown key; did you mean \"blip\"?"});
}

TEST_CASE("a long run: the keys that make one, and what only a long run allows") {
  CHECK(long_run_with("/random_failure", json::array()) ==
        Lines{S + "/random_failure: unknown key; did you mean \"random_failures\"?"});
  CHECK(long_run_with("/common_causes", json::array()) ==
        Lines{S + "/common_causes: unknown key; did you mean \"common_cause\"?"});
  // Either key alone makes a long run that needs no faults.
  CHECK(long_run_without("/random_failures").empty());
  CHECK(long_run_without("/common_cause").empty());
  // A broken list still counts as given: the problem is in it, not a missing "faults".
  CHECK(long_run_with("/common_cause", json::object()) == Lines{S + "/common_cause: must be an array, not an object"});
  CHECK(long_run_with("/faults", json::array()) == Lines{S + "/faults: must not be empty; expected at least 1 fault"});
  CHECK(long_run_with("/objectives/2/target", "5m") ==
        Lines{S + "/objectives/2/target: must be a number from 0 to 1e+15, not \"5m\""});
  CHECK(long_run_with("/objectives/2/target", -1) ==
        Lines{S + "/objectives/2/target: must be a number from 0 to 1e+15, not -1"});

  // What a long run names must be in every strategy's topology too.
  CHECK(long_run_with("/strategies/1/overrides", {{"fleets", json::array()},
                                                  {"load_balancers", json::array()},
                                                  {"dns", json::array()},
                                                  {"clients", json::array()}}) ==
        Lines{S + "/strategies/1/overrides/clients: must not be empty; expected at least 1 client population",
              S + "/random_failures/0/component: fleet \"web\" is not in the topology of strategy \"backup-restore\" "
                  "once its overrides are applied; expected every fault to apply to every strategy"});
}
