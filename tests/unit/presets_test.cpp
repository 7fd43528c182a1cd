// The strategy presets applied to a small two-region topology: what each changes in the topology, the runbook it
// writes, how parameters, overrides and a strategy's own runbook go on top, and the problems that stop it.

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/input/scenario_reader.hpp"

using nlohmann::json;
using Lines = std::vector<std::string>;

namespace {

const std::string file = "presets.json";

// A shop in region "east" with nothing but an idle load balancer in "west": no replica, no copy of the backups.
json topology() {
  return json::parse(R"({
    "drsim_topology": 1, "name": "small",
    "regions": [{"name": "east", "azs": ["e1", "e2"]}, {"name": "west", "azs": ["w1", "w2"]}],
    "locations": ["users"],
    "clients": [{"name": "shoppers", "location": "users", "dns_record": "shop", "rate": "100/s",
                 "write_fraction": 0.1}],
    "dns": [{"name": "shop", "ttl": "60s", "routing": "failover",
             "endpoints": [{"target": "lb-east", "role": "primary",
                            "health_check": {"interval": "10s", "failure_threshold": 2}}]}],
    "load_balancers": [{"name": "lb-east", "region": "east", "fleet": "web"},
                       {"name": "lb-west", "region": "west", "fleet": "web"}],
    "fleets": [{"name": "web", "capacity": {"east": {"min": 2, "desired": 6, "max": 10},
                                            "west": {"min": 1, "desired": 1, "max": 4}},
                "depends_on": ["db"]}],
    "databases": [{"name": "db", "engine": "rds", "primary": {"region": "east", "az": "e1"},
                   "replicas": [{"name": "standby", "region": "east", "az": "e2", "mode": "sync"}]}],
    "backups": [{"name": "nightly", "source": "db", "every": "24h"},
                {"name": "pitr", "source": "db", "every": "24h", "log_interval": "5m"}]
  })");
}

json scenario_with(const json& strategy, const json& topo = topology()) {
  return {{"drsim_scenario", 1},
          {"name", "presets"},
          {"topology", topo},
          {"faults", {{{"kind", "region-outage"}, {"target", "east"}}}},
          {"strategies", {strategy}}};
}

drsim::Scenario read(const json& document, Lines* problems_out = nullptr) {
  std::vector<drsim::Diagnostic> problems;
  auto scenario = drsim::read_scenario(document, file, problems);
  Lines lines;
  for (const auto& problem : problems)
    lines.push_back(problem.str());
  if (problems_out != nullptr)
    *problems_out = lines;
  else {
    for (const auto& line : lines)
      UNSCOPED_INFO(line);
    REQUIRE(lines.empty());
  }
  return scenario;
}

drsim::Strategy preset(const std::string& name, const json& extra = json::object()) {
  json strategy{{"name", name}, {"preset", name}};
  strategy.update(extra);
  const auto scenario = read(scenario_with(strategy));
  REQUIRE(scenario.strategies.size() == 1);
  return scenario.strategies.front();
}

Lines problems_of(const json& document) {
  Lines lines;
  read(document, &lines);
  return lines;
}

std::vector<std::string> step_ids(const drsim::Strategy& strategy) {
  std::vector<std::string> ids;
  for (const auto& step : strategy.runbook.steps)
    ids.push_back(step.id);
  return ids;
}

const drsim::RunbookStep& step(const drsim::Strategy& strategy, const std::string& id) {
  for (const auto& s : strategy.runbook.steps)
    if (s.id == id)
      return s;
  FAIL("no step " << id);
  return strategy.runbook.steps.front();
}

} // namespace

TEST_CASE("backup-restore: nothing runs in the recovery region, backups are copied there and restored") {
  const auto s = preset("backup-restore");
  CHECK(s.recovery_region == "west");
  const auto& west = s.topology.fleets.at(0).capacity.at("west");
  CHECK((west.min == 0 && west.desired == 0 && west.max == 10));
  CHECK(s.topology.databases.at(0).replicas.size() == 1); // the in-region standby only
  // The backup with point-in-time logs is the one restored, and it is now copied to the recovery region.
  CHECK(s.topology.find_backup("pitr")->copy_to == std::vector<std::string>{"west"});
  CHECK(s.topology.find_backup("nightly")->copy_to.empty());
  CHECK(step_ids(s) ==
        std::vector<std::string>{"detect", "page", "decide", "restore", "scale", "switch-dns", "verify"});
  CHECK(step(s, "detect").health_check_of == "lb-east");
  CHECK(step(s, "page").manual);
  CHECK(step(s, "page").delay.mean() == Approx(drsim::Distribution::lognormal(300, 900).mean()));
  CHECK(step(s, "restore").backup == "pitr");
  CHECK(step(s, "restore").region == "west");
  CHECK(step(s, "scale").desired == 6); // the primary's desired capacity
  CHECK(step(s, "switch-dns").to == "lb-west");
  CHECK(step(s, "switch-dns").after == std::vector<std::string>{"restore", "scale"});
  // The failover record gets the recovery endpoint, health-checked (Route 53 defaults), the primary's check kept.
  const auto& record = s.topology.dns.at(0);
  REQUIRE(record.endpoints.size() == 2);
  CHECK(record.endpoints[0].health_check->interval_s == 10);
  CHECK(record.endpoints[1].target == "lb-west");
  CHECK(record.endpoints[1].role == "secondary");
  CHECK(record.endpoints[1].health_check->interval_s == 30);
  CHECK(record.endpoints[1].health_check->failure_threshold == 3);
}

TEST_CASE("pilot-light: an asynchronous replica is added in the recovery region and promoted") {
  const auto s = preset("pilot-light");
  const auto& replicas = s.topology.databases.at(0).replicas;
  REQUIRE(replicas.size() == 2);
  CHECK(replicas[1].name == "dr");
  CHECK(replicas[1].region == "west");
  CHECK(replicas[1].az == "w1");
  CHECK(replicas[1].mode == drsim::ReplicationMode::Async);
  CHECK(s.topology.fleets.at(0).capacity.at("west").desired == 0);
  CHECK(step_ids(s) ==
        std::vector<std::string>{"detect", "page", "decide", "promote", "scale", "switch-dns", "verify"});
  CHECK(step(s, "promote").replica == "dr");
  CHECK(s.topology.find_backup("pitr")->copy_to.empty()); // the replica is the recovery data

  const auto tuned = preset("pilot-light", {{"preset_parameters", {{"promotion_time", "90s"}, {"decide_time", "1m"}}}});
  CHECK(tuned.topology.databases.at(0).promotion_time.mean() == 90);
  CHECK(step(tuned, "decide").delay.mean() == 60);
}

TEST_CASE("warm-standby: a third of the fleet runs in the recovery region, DNS failover moves the traffic") {
  const auto s = preset("warm-standby");
  const auto& west = s.topology.fleets.at(0).capacity.at("west");
  CHECK((west.min == 2 && west.desired == 2 && west.max == 10)); // 6 / 3
  CHECK(step_ids(s) == std::vector<std::string>{"detect", "page", "decide", "promote", "scale", "wait-healthy",
                                                "resync", "switch-over", "scale-down"});
  CHECK(step(s, "decide").delay.mean() == Approx(drsim::Distribution::lognormal(180, 600).mean()));
  // The failback: once the primary region's load balancer passes its health check again, the original primary
  // resynchronises and takes the writes back with the freeze, and the standby scales back to its 2 instances.
  CHECK(step(s, "wait-healthy").after == std::vector<std::string>{"promote", "scale"});
  CHECK(step(s, "resync").replica == "primary");
  CHECK(step(s, "switch-over").freeze);
  CHECK(step(s, "scale-down").desired == 2);
  CHECK(step(s, "scale-down").region == "west");
  CHECK(s.topology.dns.at(0).routing == drsim::Routing::Failover);

  CHECK(preset("warm-standby", {{"preset_parameters", {{"standby_share", 0.5}}}})
            .topology.fleets.at(0)
            .capacity.at("west")
            .desired == 3);
  CHECK(preset("warm-standby", {{"preset_parameters", {{"standby_share", 0.01}}}})
            .topology.fleets.at(0)
            .capacity.at("west")
            .desired == 1); // at least one instance
}

TEST_CASE("active-active: full capacity and a multi-writer database in both regions, every endpoint checked") {
  const auto s = preset("active-active");
  const auto& west = s.topology.fleets.at(0).capacity.at("west");
  CHECK((west.min == 2 && west.desired == 6 && west.max == 10));
  const auto& db = s.topology.databases.at(0);
  CHECK(db.engine == drsim::DatabaseEngine::DynamoDbGlobal);
  CHECK(db.multi_writer);
  CHECK(db.replicas.back().region == "west");
  const auto& record = s.topology.dns.at(0);
  CHECK(record.routing == drsim::Routing::Weighted);
  REQUIRE(record.endpoints.size() == 2);
  for (const auto& endpoint : record.endpoints) {
    CHECK(endpoint.health_check.has_value());
    CHECK(endpoint.weight == 1);
  }
  CHECK(step_ids(s) == std::vector<std::string>{"detect"});
  CHECK(preset("active-active", {{"preset_parameters", {{"routing", "latency"}}}}).topology.dns.at(0).routing ==
        drsim::Routing::Latency);
}

TEST_CASE("a recovery region without a load balancer gets one, and a DNS endpoint for it") {
  json topo = topology();
  topo["load_balancers"].erase(1);
  const auto scenario = read(scenario_with({{"name", "pl"}, {"preset", "pilot-light"}}, topo));
  const auto& s = scenario.strategies.at(0);
  const auto* lb = s.topology.find_load_balancer("web-west-lb");
  REQUIRE(lb != nullptr);
  CHECK(lb->region == "west");
  CHECK(lb->fleet == "web");
  CHECK(s.topology.dns.at(0).endpoints.at(1).target == "web-west-lb");
  CHECK(step(s, "switch-dns").to == "web-west-lb");
}

TEST_CASE("overrides go on top of the preset, a strategy's own runbook replaces the preset's") {
  json strategy{{"name", "pl"},
                {"preset", "pilot-light"},
                {"overrides", {{"prices", {{"instance_hour", 0.2}}}}},
                {"runbook", {{"steps", {{{"id", "only"}, {"action", "wait"}, {"delay", "1m"}}}}}}};
  const auto s = read(scenario_with(strategy)).strategies.at(0);
  CHECK(s.topology.prices.instance_hour == 0.2);
  CHECK(s.topology.databases.at(0).replicas.size() == 2); // the preset's replica is still there
  CHECK(step_ids(s) == std::vector<std::string>{"only"});
}

TEST_CASE("presets that cannot apply are reported at the strategy's JSON path") {
  const std::string S = file + ": ";
  json one_region = topology();
  one_region["regions"].erase(1);
  one_region["load_balancers"].erase(1);
  one_region["fleets"][0]["capacity"].erase("west");
  CHECK(problems_of(scenario_with({{"name", "br"}, {"preset", "backup-restore"}}, one_region)) ==
        Lines{S + "/strategies/0/preset: cannot be applied to topology \"small\": it has one region (east); a DR "
                  "strategy needs a recovery region"});

  json three = topology();
  three["regions"].push_back({{"name", "north"}, {"azs", {"n1"}}});
  CHECK(problems_of(scenario_with({{"name", "pl"}, {"preset", "pilot-light"}}, three)) ==
        Lines{S + "/strategies/0: missing key \"recovery_region\": topology \"small\" has 3 regions, so a preset "
                  "needs to be told which one recovers; expected one of: west, north"});
  const auto chosen =
      read(scenario_with({{"name", "pl"}, {"preset", "pilot-light"}, {"recovery_region", "north"}}, three));
  CHECK(chosen.strategies.at(0).topology.databases.at(0).replicas.back().region == "north");

  CHECK(problems_of(scenario_with({{"name", "pl"}, {"preset", "pilot-light"}, {"recovery_region", "east"}})) ==
        Lines{S + "/strategies/0/recovery_region: is the primary region (where the primary database runs); "
                  "expected another region: west"});
  CHECK(problems_of(scenario_with({{"name", "pl"}, {"recovery_region", "west"}})) ==
        Lines{S + "/strategies/0/recovery_region: applies only with a \"preset\""});
  CHECK(problems_of(scenario_with(
            {{"name", "pl"}, {"preset", "pilot-light"}, {"preset_parameters", {{"standby_share", 0.5}}}})) ==
        Lines{S + "/strategies/0/preset_parameters/standby_share: unknown key; expected one of: detect_below, "
                  "page_time, decide_time, verify_time, promotion_time"});
  CHECK(problems_of(scenario_with(
            {{"name", "ws"}, {"preset", "warm-standby"}, {"preset_parameters", {{"standby_share", 0}}}})) ==
        Lines{S + "/strategies/0/preset_parameters/standby_share: must be greater than 0 and at most 1, not 0; a "
                  "warm standby runs some capacity"});

  json no_backup = topology();
  no_backup.erase("backups");
  CHECK(problems_of(scenario_with({{"name", "br"}, {"preset", "backup-restore"}}, no_backup)) ==
        Lines{S + "/strategies/0/preset: cannot be applied to topology \"small\": database \"db\" has no backup to "
                  "restore in \"west\"; add one to \"backups\""});

  json no_dns = topology();
  no_dns["dns"][0]["endpoints"][0]["target"] = "lb-west";
  no_dns["dns"][0]["endpoints"][0].erase("role");
  no_dns["dns"][0]["routing"] = "weighted";
  CHECK(problems_of(scenario_with({{"name", "aa"}, {"preset", "active-active"}}, no_dns)) ==
        Lines{S + "/strategies/0/preset: cannot be applied to topology \"small\": no DNS record answers with a load "
                  "balancer in the primary region \"east\", so traffic has no way to move to \"west\""});
}
