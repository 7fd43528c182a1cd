// The cost model on a small topology, every figure worked out by hand in the comments.

#include <catch2/catch.hpp>

#include <vector>

#include <nlohmann/json.hpp>

#include "sim/input/topology_reader.hpp"
#include "sim/measure/cost.hpp"

using nlohmann::json;

namespace {

json document() {
  return json::parse(R"({
    "drsim_topology": 1, "name": "priced",
    "regions": [{"name": "a", "azs": ["a1", "a2"]}, {"name": "b", "azs": ["b1"]}],
    "locations": ["users"],
    "clients": [{"name": "users", "location": "users", "dns_record": "app", "rate": "100/s", "write_fraction": 0.1}],
    "dns": [{"name": "app", "routing": "failover",
             "endpoints": [{"target": "lb-a", "role": "primary", "health_check": {}},
                           {"target": "lb-b", "role": "secondary", "health_check": {}}]}],
    "load_balancers": [{"name": "lb-a", "region": "a", "fleet": "web"},
                       {"name": "lb-b", "region": "b", "fleet": "web"}],
    "fleets": [{"name": "web", "capacity": {"a": {"min": 4, "desired": 4, "max": 8},
                                            "b": {"min": 1, "desired": 1, "max": 8}},
                "depends_on": ["db"]}],
    "databases": [{"name": "db", "engine": "rds", "primary": {"region": "a", "az": "a1"}, "size": "100GB",
                   "write_size": "1KB",
                   "replicas": [{"name": "standby", "region": "a", "az": "a2", "mode": "sync"},
                                {"name": "dr", "region": "b", "az": "b1", "mode": "async"}]}],
    "backups": [{"name": "snap", "source": "db", "kind": "full", "every": "24h", "retention": "7d",
                 "log_interval": "5m", "copy_to": ["b"]}],
    "object_stores": [{"name": "files", "region": "a", "replicate_to": ["b"], "write_rate": "1/s",
                       "object_size": "1MB"}],
    "prices": {"date": "2026-02-01", "source": "test", "instance_hour": 0.1, "database_instance_hour": 0.5,
               "database_replica_hour": 0.25, "database_storage_gb_month": 0.1, "storage_gb_month": 0.02,
               "transfer_gb": 0.01, "health_check_month": 0.5, "load_balancer_hour": 0.02}
  })");
}

drsim::Topology topology(const json& doc = document()) {
  std::vector<drsim::Diagnostic> problems;
  auto t = drsim::read_topology(doc, "priced.json", "", problems);
  REQUIRE(problems.empty());
  return t;
}

} // namespace

TEST_CASE("the monthly steady-state cost of a topology, item by item") {
  double transfer_GB = 0;
  // Replication and log copies measured at 20 kB/s between the regions.
  const auto cost = drsim::monthly_cost(topology(), 20e3, &transfer_GB);
  // 4 + 1 desired instances x 730 h x $0.1
  CHECK(cost.compute == Approx(365));
  // the writer at the Multi-AZ price, its sync standby included: 730 x 0.5 = 365; the async replica 730 x 0.25
  CHECK(cost.database_instances == Approx(365 + 182.5));
  // 100 GB on each of 3 nodes x $0.1
  CHECK(cost.database_storage == Approx(30));
  // per region (a and the copy in b): 7 daily snapshots of 100 GB = 700 GB, plus 7 days of logs of
  // 100/s x 0.1 = 10 writes/s x 1 kB = 10 kB/s x 604800 s = 6.048 GB; 2 x 706.048 GB x $0.02
  CHECK(cost.backup_storage == Approx(2 * 706.048 * 0.02));
  // measured 20 kB/s x 2,628,000 s = 52.56 GB; snapshot copies 100 GB x 2,628,000 / 86,400 = 3041.667 GB;
  // object replication 1/s x 1 MB x 2,628,000 s = 2628 GB; all x $0.01
  CHECK(transfer_GB == Approx(52.56 + 3041.6667 + 2628));
  CHECK(cost.transfer == Approx((52.56 + 3041.6667 + 2628) * 0.01));
  // two health-checked endpoints x $0.5
  CHECK(cost.health_checks == Approx(1));
  // two load balancers x 730 h x $0.02
  CHECK(cost.load_balancers == Approx(29.2));
  CHECK(cost.total() == Approx(365 + 547.5 + 30 + 28.24192 + 57.222267 + 1 + 29.2));
}

TEST_CASE("a DNS health check probing every 10 s pays Route 53's fast-interval feature on top") {
  auto doc = document();
  doc["dns"][0]["endpoints"][0]["health_check"] = {{"interval", "10s"}};
  doc["prices"]["health_check_fast_interval_month"] = 1.25;
  // two basic checks x $0.5, and the fast interval of one x $1.25
  CHECK(drsim::monthly_cost(topology(doc), 0).health_checks == Approx(2.25));
  // the declared default, when the price table leaves it out
  doc["prices"].erase("health_check_fast_interval_month");
  CHECK(drsim::monthly_cost(topology(doc), 0).health_checks == Approx(2));
}

TEST_CASE("a multi-writer database pays a writer in every region it spans") {
  json doc = document();
  doc["databases"][0]["engine"] = "dynamodb-global";
  doc["databases"][0]["multi_writer"] = true;
  // regions a (primary and standby) and b: 2 x 730 h x $0.5
  CHECK(drsim::monthly_cost(topology(doc), 0).database_instances == Approx(730));
}

TEST_CASE("an incremental backup keeps one full copy and the writes of each later interval") {
  json doc = document();
  doc["backups"][0]["kind"] = "incremental";
  doc["backups"][0].erase("log_interval");
  doc["object_stores"][0]["replicate_to"] = json::array();
  double transfer_GB = 0;
  const auto cost = drsim::monthly_cost(topology(doc), 0, &transfer_GB);
  // a day of writes: 10 kB/s x 86400 s = 0.864 GB; kept: 100 GB + 6 x 0.864 GB, in 2 regions, x $0.02
  CHECK(cost.backup_storage == Approx(2 * (100 + 6 * 0.864) * 0.02));
  // one copy a day of 0.864 GB, 30.4167 copies a month
  CHECK(transfer_GB == Approx(0.864 * 2628000.0 / 86400));
}

TEST_CASE("the incident and, when the scenario prices them, downtime and lost data") {
  const auto t = topology();
  drsim::DrillResult drill;
  drill.fault_onset = 600;
  drill.steady_window_s = 600;
  drill.end = 4200;
  drill.steady_transfer.cross_region_B = 6e6; // 10 kB/s
  drill.incident_transfer.cross_region_B = 36e6 + 5e9;
  drill.extra_instance_s = 4 * 3600;
  drill.restored_database_s = 7200;
  drill.measurement.availability = 0.99;
  drill.measurement.lost_writes = 10;
  // 4 instance-hours x $0.1 + 2 database-hours x $0.5 + (the 5 GB beyond 10 kB/s x 3600 s) x $0.01
  CHECK(drsim::incident_cost(t, drill) == Approx(0.4 + 1.0 + 0.05));

  drsim::Scenario scenario;
  scenario.horizon_s = 86400;
  drsim::Strategy strategy;
  strategy.topology = t;
  auto cost = drsim::cost_breakdown(scenario, strategy, {drill});
  CHECK_FALSE(cost.downtime_usd);
  CHECK_FALSE(cost.lost_data_usd);
  CHECK(cost.price_date == "2026-02-01");
  CHECK(cost.incident_usd.mean == Approx(1.45));
  // the measured steady state: 6e6 B over 600 s
  CHECK(cost.monthly.transfer == Approx(drsim::monthly_cost(t, 10e3).transfer));

  scenario.cost_of_downtime_per_minute = 100;
  scenario.cost_per_lost_write = 0.5;
  cost = drsim::cost_breakdown(scenario, strategy, {drill});
  // 1 % of 1440 minutes x $100; 10 writes x $0.5
  CHECK(cost.downtime_usd->mean == Approx(1440));
  CHECK(cost.lost_data_usd->p95 == Approx(5));
}
