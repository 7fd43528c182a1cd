// The strategies of a scenario: names, presets, and overrides whose problems are reported where they were written,
// each kind of problem checked by its exact printed diagnostic. What each preset does is in presets_test.cpp.

#include <catch2/catch.hpp>

#include <string>

#include <nlohmann/json.hpp>

#include "sim/input/strategy_reader.hpp"
#include "tests/unit/reader_test_support.hpp"

using namespace reader_test;

TEST_CASE("the presets a strategy may name") {
  CHECK(drsim::written_names<drsim::Preset>() ==
        std::vector<std::string>{"backup-restore", "pilot-light", "warm-standby", "active-active"});
}

TEST_CASE("strategies: names, presets and overrides reported where they were written") {
  CHECK(with("/strategies/1/name", "pilot-light") ==
        Lines{S + "/strategies/1/name: duplicate strategy \"pilot-light\"; strategy names must be unique"});
  CHECK(with("/strategies/0/preset", "pilot_light") ==
        Lines{S + "/strategies/0/preset: must be one of \"backup-restore\", \"pilot-light\", \"warm-standby\" or "
                  "\"active-active\", not \"pilot_light\" (did you mean \"pilot-light\"?)"});
  CHECK(with("/strategies/0/overrides", json::array()) ==
        Lines{S + "/strategies/0/overrides: must be an object (a JSON merge patch of the topology), not an array"});
  CHECK(with("/strategies/0/overrides/dns/0/ttl", "-5s") ==
        Lines{S + "/strategies/0/overrides/dns/0/ttl: \"-5s\" is negative; a duration must be zero or more"});
  CHECK(with("/strategies/0/overrides/regoins", json::array()) ==
        Lines{S + "/strategies/0/overrides/regoins: unknown key; did you mean \"regions\"?"});
  // An override that removes what the rest of the topology needs: the problem is where the reference stands.
  CHECK(with("/strategies/1/overrides", {{"object_stores", nullptr}}) ==
        Lines{T +
              "/fleets/0/depends_on/1: unknown database, object store or queue \"assets\"; expected one of: orders-db "
              "(with the overrides of strategy \"backup-restore\")"});
  CHECK(
      with("/strategies/1/overrides", {{"databases", nullptr}}) ==
      Lines{
          T + "/fleets/0/depends_on/0: unknown database, object store or queue \"orders-db\"; expected one of: assets "
              "(with the overrides of strategy \"backup-restore\")",
          T + "/backups/0/source: unknown database or object store \"orders-db\"; expected one of: assets (with "
              "the overrides of strategy \"backup-restore\")",
          S + "/strategies/1/runbook/steps/0/database: unknown database \"orders-db\"; none is defined"});
  CHECK(with("/faults/1/target", "orders-db") ==
        Lines{S + "/faults/1/target: unknown fleet \"orders-db\"; expected one of: web"});
  CHECK(with("/strategies/1/overrides", {{"fleets", json::array()},
                                         {"load_balancers", json::array()},
                                         {"dns", json::array()},
                                         {"clients", json::array()}}) ==
        Lines{S + "/strategies/1/overrides/clients: must not be empty; expected at least 1 client population",
              S + "/faults/1/target: fleet \"web\" is not in the topology of strategy \"backup-restore\" once its "
                  "overrides are applied; expected every fault to apply to every strategy"});
}

TEST_CASE("each strategy's topology is the base topology with its overrides, read again") {
  json document = valid_scenario();
  document["strategies"][1]["overrides"] = {{"prices", {{"instance_hour", 0.2}}}};
  std::vector<drsim::Diagnostic> problems;
  const auto scenario = drsim::read_scenario(document, scenario_file, problems);
  REQUIRE(printed(problems).empty());
  CHECK(scenario.strategies.at(1).topology.prices.instance_hour == 0.2);
  CHECK(scenario.strategies.at(1).topology.prices.transfer_GB == scenario.topology.prices.transfer_GB);
  CHECK(scenario.strategies.at(0).topology.prices.instance_hour == scenario.topology.prices.instance_hour);
  CHECK(scenario.strategies.at(1).overrides == document["strategies"][1]["overrides"]);
}

TEST_CASE("without a topology, strategies are read for their own problems only") {
  // The runbooks name components, which cannot be checked: the one problem is the topology.
  CHECK(with("/topology", 7) ==
        Lines{S + "/topology: must be the path of a topology file or an inline topology object, not 7"});
  json document = removed(valid_scenario(), "/strategies/1/preset");
  document["strategies"][1]["recovery_region"] = "us-west-2";
  document["topology"] = 7;
  CHECK(problems_of(document) ==
        Lines{S + "/topology: must be the path of a topology file or an inline topology object, not 7",
              S + "/strategies/1/recovery_region: applies only with a \"preset\""});
}
