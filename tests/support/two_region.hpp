// The small two-region world that the model tests build their scenarios from: the topology's figures are here,
// and each test writes the figures it changes next to its assertions.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "sim/core/scenario.hpp"
#include "tests/support/drill_checks.hpp"

namespace drsim::testing {

using json = nlohmann::json;

inline Scenario read(const json& document) { return read_or_fail(document, "model-test.json"); }

// East serves, west stands by warm (two instances); clients reach both regions over 20 ms links, and the regions
// reach each other over a 30 ms, 1 Gbps link. Route 53 checks every 10 s with a threshold of 3, the ALBs every
// 10 s with thresholds of 2. One RDS database in east with an asynchronous replica "dr" in west.
inline json two_region_topology() {
  return json::parse(R"({
    "drsim_topology": 1,
    "name": "two-region",
    "regions": [{"name": "east", "azs": ["east-a", "east-b"]}, {"name": "west", "azs": ["west-a", "west-b"]}],
    "locations": ["users"],
    "network": {
      "intra_region": {"latency": "1ms", "bandwidth": "10Gbps"},
      "internet": {"latency": "50ms", "bandwidth": "1Gbps"},
      "links": [
        {"between": ["users", "east"], "latency": "20ms", "bandwidth": "1Gbps"},
        {"between": ["users", "west"], "latency": "20ms", "bandwidth": "1Gbps"},
        {"between": ["east", "west"], "latency": "30ms", "bandwidth": "1Gbps"}
      ]
    },
    "clients": [{"name": "shoppers", "location": "users", "dns_record": "app.example.com", "rate": "100/s",
                 "write_fraction": 0.1, "resolvers": 8}],
    "dns": [{"name": "app.example.com", "ttl": "60s", "routing": "failover", "endpoints": [
      {"target": "lb-east", "role": "primary", "health_check": {"interval": "10s", "failure_threshold": 3}},
      {"target": "lb-west", "role": "secondary", "health_check": {"interval": "10s", "failure_threshold": 3}}]}],
    "load_balancers": [
      {"name": "lb-east", "region": "east", "fleet": "web",
       "health_check": {"interval": "10s", "healthy_threshold": 2, "unhealthy_threshold": 2}},
      {"name": "lb-west", "region": "west", "fleet": "web",
       "health_check": {"interval": "10s", "healthy_threshold": 2, "unhealthy_threshold": 2}}
    ],
    "fleets": [{"name": "web",
                "capacity": {"east": {"min": 2, "desired": 2, "max": 8}, "west": {"min": 2, "desired": 2, "max": 8}},
                "requests_per_instance": "100/s", "boot_time": "60s", "depends_on": ["db"]}],
    "databases": [{"name": "db", "engine": "rds", "primary": {"region": "east", "az": "east-a"},
                   "replicas": [{"name": "dr", "region": "west", "az": "west-a", "mode": "async"}],
                   "size": "10GB", "write_size": "2KB", "ship_interval": "1s",
                   "failover_time": "60s", "promotion_time": "120s"}]
  })");
}

// The same without a database: for tests of the request path alone, where no write can fail.
inline json stateless_topology() {
  auto topology = two_region_topology();
  topology.erase("databases");
  topology["fleets"][0]["depends_on"] = json::array();
  return topology;
}

inline json scenario_document(const json& topology, const json& faults, const json& strategies,
                              const std::string& horizon = "2h") {
  return {{"drsim_scenario", 1}, {"name", "model-test"}, {"topology", topology},    {"horizon", horizon},
          {"seed", 7u},          {"faults", faults},     {"strategies", strategies}};
}

inline json region_loss(const std::string& region, const json& onset) {
  return json::array({{{"kind", "region-outage"}, {"target", region}, {"onset", onset}}});
}

// A strategy that only changes the topology: `patch` is its merge patch.
inline json strategy(const std::string& name, const json& patch = json::object(), const json& steps = json::array()) {
  return {{"name", name}, {"overrides", patch}, {"runbook", {{"steps", steps}}}};
}

} // namespace drsim::testing
