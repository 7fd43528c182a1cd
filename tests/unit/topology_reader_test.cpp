// The strict input reader on topologies: one mutation of a valid document per kind of problem, each checked by its
// exact printed diagnostic.

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>
#include <system_error>
#include <vector>

#include <sys/stat.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "sim/input/limits.hpp"
#include "sim/input/topology_reader.hpp"

using drsim::Diagnostic;
using nlohmann::json;

namespace {

const std::string data_dir = DRSIM_SOURCE_DIR "/tests/data/reader/";

std::vector<std::string> printed(const std::vector<Diagnostic>& problems) {
  std::vector<std::string> lines;
  for (const auto& problem : problems)
    lines.push_back(problem.str());
  return lines;
}

const json& valid_topology() {
  static const json document = [] {
    std::ifstream in(data_dir + "topology.json");
    return json::parse(in);
  }();
  return document;
}

std::vector<std::string> problems_of(const json& document) {
  std::vector<Diagnostic> problems;
  drsim::read_topology(document, "t.json", "", problems);
  return printed(problems);
}

// The valid topology with the value at `pointer` replaced.
std::vector<std::string> with(const std::string& pointer, const json& value) {
  json document = valid_topology();
  document[json::json_pointer(pointer)] = value;
  return problems_of(document);
}

std::vector<std::string> without(const std::string& pointer) {
  json document = valid_topology();
  const json::json_pointer where(pointer);
  document.at(where.parent_pointer()).erase(where.back());
  return problems_of(document);
}

using Lines = std::vector<std::string>;

} // namespace

TEST_CASE("the reference topology is valid and read with its units converted") {
  std::vector<Diagnostic> problems;
  const auto topology = drsim::read_topology(valid_topology(), "t.json", "", problems);
  CHECK(printed(problems).empty());
  CHECK(topology.name == "shop");
  REQUIRE(topology.regions.size() == 2);
  CHECK(topology.region_of_az("usw2-az2") == &topology.regions[1]);
  CHECK(topology.network.links.at(0).spec.latency_s == Approx(0.035));
  CHECK(topology.network.links.at(0).spec.bandwidth_Bps == 1.25e8);
  CHECK(topology.dns.at(0).endpoints.at(0).health_check->interval_s == 30);
  CHECK_FALSE(topology.dns.at(0).endpoints.at(1).health_check);
  CHECK(topology.fleets.at(0).capacity.at("us-east-1").desired == 4);
  const auto& db = topology.databases.at(0);
  CHECK(db.replicas.at(0).mode == drsim::ReplicationMode::Sync);
  CHECK(db.failover_time.mean() == 90); // the RDS default, uniform 60-120 s
  CHECK(db.promotion_time.mean() == 300);
  CHECK(topology.backups.at(0).retention_s == 7 * 86400);
  CHECK(topology.clients.at(0).rate_rps == 200);
}

TEST_CASE("engine defaults apply only when the timings are absent") {
  json document = valid_topology();
  auto& db = document["databases"][0];
  db["engine"] = "aurora-global";
  db.erase("promotion_time");
  std::vector<Diagnostic> problems;
  auto topology = drsim::read_topology(document, "t.json", "", problems);
  CHECK(problems.empty());
  CHECK(topology.databases.at(0).failover_time.mean() == 75);  // uniform 30-120 s
  CHECK(topology.databases.at(0).promotion_time.mean() == 45); // uniform 30-60 s
  db["engine"] = "aurora";
  db["failover_time"] = "20s";
  topology = drsim::read_topology(document, "t.json", "", problems);
  CHECK(topology.databases.at(0).failover_time.mean() == 20);
}

TEST_CASE("structure: missing keys, unknown keys and wrong types") {
  CHECK(without("/name") == Lines{"t.json: (document): missing required key \"name\""});
  CHECK(without("/regions/0/azs") == Lines{"t.json: /regions/0: missing required key \"azs\""});
  CHECK(with("/regions/0/Name", "x") == Lines{"t.json: /regions/0/Name: unknown key; did you mean \"name\"?"});
  CHECK(with("/network/latncy", "1ms") ==
        Lines{"t.json: /network/latncy: unknown key; expected one of: intra_region, internet, links"});
  CHECK(with("/regions/0/azs", "use1-az1") == Lines{"t.json: /regions/0/azs: must be an array, not \"use1-az1\""});
  CHECK(with("/regions", json::array()) ==
        Lines{"t.json: /regions: must not be empty; expected at least 1 region",
              "t.json: /network/links/0/between/0: unknown region or location \"us-east-1\"; expected one of: "
              "north-america",
              "t.json: /databases/0/primary/region: unknown region \"us-east-1\"; none is defined",
              "t.json: /databases/0/replicas/0/region: unknown region \"us-east-1\"; none is defined",
              "t.json: /databases/0/replicas/1/region: unknown region \"us-west-2\"; none is defined",
              "t.json: /object_stores/0/region: unknown region \"us-east-1\"; none is defined",
              "t.json: /object_stores/0/replicate_to/0: unknown region \"us-west-2\"; none is defined",
              "t.json: /fleets/0/capacity/us-east-1: unknown region \"us-east-1\"; none is defined",
              "t.json: /fleets/0/capacity/us-west-2: unknown region \"us-west-2\"; none is defined",
              "t.json: /load_balancers/0/region: unknown region \"us-east-1\"; none is defined",
              "t.json: /load_balancers/1/region: unknown region \"us-west-2\"; none is defined",
              "t.json: /backups/0/copy_to/0: unknown region \"us-west-2\"; none is defined"});
  CHECK(with("/name", "") == Lines{"t.json: /name: must not be empty; expected a name"});
  CHECK(with("/name", "a\tb") == Lines{"t.json: /name: must not contain control characters, not \"a\\tb\""});
  CHECK(with("/drsim_topology", 2) == Lines{"t.json: /drsim_topology: unsupported format version 2; this drsim reads "
                                            "version 1"});
  CHECK(with("/drsim_topology", "1") == Lines{"t.json: /drsim_topology: must be the format version 1, not \"1\""});
  CHECK(with("/databases/0/multi_writer", "no") == Lines{"t.json: /databases/0/multi_writer: must be true or false, "
                                                         "not \"no\""});
  CHECK(with("/locations", json::object()) == Lines{"t.json: /locations: must be an array, not an object",
                                                    "t.json: /clients/0/location: unknown location or region "
                                                    "\"north-america\"; expected one of: us-east-1, us-west-2"});
  CHECK(problems_of(json::array()) == Lines{"t.json: (document): must be an object, not an array"});
}

TEST_CASE("numbers: ranges, integers and huge values") {
  CHECK(with("/clients/0/write_fraction", 1.5) ==
        Lines{"t.json: /clients/0/write_fraction: must be a number from 0 to 1, not 1.5"});
  CHECK(with("/clients/0/resolvers", 2.5) ==
        Lines{"t.json: /clients/0/resolvers: must be an integer from 1 to 1000, not 2.5"});
  CHECK(with("/clients/0/resolvers", 1e30) ==
        Lines{"t.json: /clients/0/resolvers: must be an integer from 1 to 1000, not 1e+30"});
  CHECK(with("/clients/0/resolvers", 18446744073709551615u) ==
        Lines{"t.json: /clients/0/resolvers: must be an integer from 1 to 1000, not 18446744073709551615"});
  CHECK(with("/clients/0/resolvers", 1e3).empty());
  CHECK(with("/fleets/0/capacity/us-east-1/max", 3000000000LL) ==
        Lines{"t.json: /fleets/0/capacity/us-east-1/max: must be an integer from 0 to 100000, not 3000000000"});
  CHECK(with("/fleets/0/capacity/us-east-1/min", 5) ==
        Lines{"t.json: /fleets/0/capacity/us-east-1: has min 5, desired 4, max 8; expected min <= desired <= max"});
  CHECK(with("/prices/instance_hour", -1) ==
        Lines{"t.json: /prices/instance_hour: must be a number from 0 to 1000000, not -1"});
  CHECK(with("/prices/date", "2026-02-30") ==
        Lines{"t.json: /prices/date: must be a date written YYYY-MM-DD, not \"2026-02-30\""});
}

TEST_CASE("units: required, checked, never negative") {
  CHECK(with("/dns/0/ttl", "-5s") == Lines{"t.json: /dns/0/ttl: \"-5s\" is negative; a duration must be zero or more"});
  CHECK(with("/dns/0/ttl", 60) == Lines{"t.json: /dns/0/ttl: a duration needs a unit, e.g. \"60s\""});
  CHECK(with("/dns/0/ttl", "3d") == Lines{"t.json: /dns/0/ttl: must be at most 2d, not \"3d\""});
  CHECK(with("/dns/0/ttl", true) == Lines{"t.json: /dns/0/ttl: must be a duration string such as \"90s\", not true"});
  CHECK(with("/network/internet/bandwidth", "0Mbps") ==
        Lines{"t.json: /network/internet/bandwidth: \"0Mbps\" is zero; a bandwidth must be greater than zero"});
  CHECK(with("/databases/0/size", "1e400GB") ==
        Lines{"t.json: /databases/0/size: \"1e400GB\" is out of range; expected a size from 0 to 1e15 B"});
  CHECK(with("/clients/0/rate", "0/s") ==
        Lines{"t.json: /clients/0/rate: must be greater than zero; expected a rate such as \"200/s\""});
  CHECK(with("/backups/0/retention", "1h") ==
        Lines{"t.json: /backups/0/retention: must be at least the interval between backups (1d), not \"1h\""});
}

TEST_CASE("distributions: shapes and their constraints") {
  const std::string at = "t.json: /fleets/0/boot_time";
  CHECK(with("/fleets/0/boot_time", {{"uniform", {"5m", "1m"}}}) ==
        Lines{at + "/uniform: low 5m is above high 1m; expected [low, high] with low <= high"});
  CHECK(with("/fleets/0/boot_time", {{"unifrom", {"1m", "5m"}}}) ==
        Lines{at + "/unifrom: unknown distribution; did you mean \"uniform\"?"});
  CHECK(with("/fleets/0/boot_time", {{"lognormal", {{"median", "5m"}, {"p95", "1m"}}}}) ==
        Lines{at + "/lognormal/p95: must be greater than the median (5m)"});
  CHECK(with("/fleets/0/boot_time", {{"empirical", {{"p0", "1m"}, {"p50", "30s"}, {"p100", "5m"}}}}) ==
        Lines{at + "/empirical/p50: is below a lower percentile's value (1m); expected values that never decrease"});
  CHECK(with("/fleets/0/boot_time", {{"empirical", {{"p0", "1m"}, {"p150", "5m"}}}}) ==
        Lines{at + "/empirical/p150: unknown key; expected percentiles p0 to p100, e.g. \"p50\"",
              at + "/empirical: missing required key \"p100\"; percentiles must run from p0 to p100"});
  CHECK(with("/fleets/0/boot_time", {{"normal", {{"mean", "5m"}}}}) ==
        Lines{at + "/normal: missing required key \"sd\""});
  CHECK(with("/fleets/0/boot_time", {{"exponential", {{"mean", "0s"}}}}) ==
        Lines{at + "/exponential/mean: must be greater than zero"});
  CHECK(with("/fleets/0/boot_time", {{"weibull", {{"shape", 1.5}, {"scale", "2h"}}}}).empty());
  CHECK(with("/fleets/0/boot_time", json::object()) ==
        Lines{at + ": must be a duration such as \"90s\" or an object with one key naming the distribution (uniform, "
                   "normal, lognormal, exponential, weibull or empirical), not an object with 0 keys"});
}

TEST_CASE("references: every name must exist, with a suggestion") {
  CHECK(with("/databases/0/replicas/1/region", "eu-west-1") ==
        Lines{"t.json: /databases/0/replicas/1/region: unknown region \"eu-west-1\"; expected one of: us-east-1, "
              "us-west-2"});
  CHECK(with("/clients/0/dns_record", "shop.example.co") ==
        Lines{"t.json: /clients/0/dns_record: unknown DNS record \"shop.example.co\"; did you mean "
              "\"shop.example.com\"?"});
  CHECK(with("/clients/0/dns_record", "www.example.org") ==
        Lines{"t.json: /clients/0/dns_record: unknown DNS record \"www.example.org\"; expected one of: "
              "shop.example.com"});
  CHECK(with("/dns/0/endpoints/1/target", "web") ==
        Lines{"t.json: /dns/0/endpoints/1/target: unknown load balancer \"web\"; expected one of: alb-east, alb-west"});
  CHECK(with("/load_balancers/0/azs/1", "usw2-az2") ==
        Lines{"t.json: /load_balancers/0/azs/1: AZ \"usw2-az2\" is not in region \"us-east-1\"; did you mean "
              "\"use1-az2\"?"});
  CHECK(with("/load_balancers/0/azs/1", "euw1-az3") ==
        Lines{"t.json: /load_balancers/0/azs/1: AZ \"euw1-az3\" is not in region \"us-east-1\"; expected one of: "
              "use1-az1, use1-az2"});
  CHECK(with("/fleets/0/depends_on/1", "asset") == Lines{"t.json: /fleets/0/depends_on/1: unknown database, object "
                                                         "store or queue \"asset\"; did you mean \"assets\"?"});
  CHECK(with("/backups/0/copy_to/0", "us-east-1") ==
        Lines{"t.json: /backups/0/copy_to/0: is the source's own region \"us-east-1\"; expected another region"});
  CHECK(with("/fleets/0/capacity/us~1east~01", {{"min", 0}, {"desired", 0}, {"max", 0}}) ==
        Lines{"t.json: /fleets/0/capacity/us~1east~01: unknown region \"us/east~1\"; did you mean \"us-east-1\"?"});
  CHECK(with("/object_stores/0/name", "web") ==
        Lines{"t.json: /fleets/0/name: name \"web\" is already used by the object store at /object_stores/0; "
              "component names must be unique across all kinds",
              "t.json: /fleets/0/depends_on/1: unknown database, object store or queue \"assets\"; expected one of: "
              "orders-db, web"});
  CHECK(with("/regions/1/azs/0", "use1-az1") ==
        Lines{"t.json: /regions/1/azs/0: duplicate AZ \"use1-az1\", also at /regions/0/azs/0; AZ names must be "
              "unique across all regions",
              "t.json: /databases/0/replicas/1/az: AZ \"usw2-az1\" is not in region \"us-west-2\"; did you mean "
              "\"usw2-az2\"?"});
}

TEST_CASE("AWS rules: Route 53, ALB, replication and failover routing") {
  CHECK(with("/dns/0/endpoints/0/health_check/interval", "15s") ==
        Lines{"t.json: /dns/0/endpoints/0/health_check/interval: must be 10s or 30s, the only intervals Route 53 "
              "offers, not \"15s\""});
  CHECK(with("/load_balancers/0/health_check/interval", "10m") ==
        Lines{"t.json: /load_balancers/0/health_check/interval: must be from 5s to 5m, not \"10m\""});
  CHECK(with("/databases/0/replicas/0/region", "us-west-2") ==
        Lines{"t.json: /databases/0/replicas/0/az: AZ \"use1-az2\" is not in region \"us-west-2\"; did you mean "
              "\"usw2-az2\"?",
              "t.json: /databases/0/replicas/0/region: a sync replica must be in the primary's region \"us-east-1\", "
              "not \"us-west-2\"; use mode \"async\" across regions"});
  CHECK(with("/databases/0/replicas/0/az", "use1-az1") ==
        Lines{"t.json: /databases/0/replicas/0/az: a sync replica must be in another AZ than the primary "
              "(\"use1-az1\")"});
  CHECK(with("/databases/0/multi_writer", true) ==
        Lines{"t.json: /databases/0/multi_writer: needs engine \"dynamodb-global\", not \"rds\" (Aurora Global "
              "Database has a single writer)"});
  CHECK(with("/dns/0/endpoints/1/role", "primary") ==
        Lines{"t.json: /dns/0/endpoints: has 2 primary endpoints; failover routing needs exactly one"});
  CHECK(with("/dns/0/endpoints/0/role", "secondary") ==
        Lines{"t.json: /dns/0/endpoints: has no primary endpoint; failover routing needs exactly one",
              "t.json: /dns/0/endpoints: has 2 secondary endpoints; failover routing allows at most one"});
  CHECK(without("/dns/0/endpoints/1/role") ==
        Lines{"t.json: /dns/0/endpoints/1: missing required key \"role\"; failover routing needs \"primary\" or "
              "\"secondary\""});
  CHECK(with("/dns/0/routing", "weighted") ==
        Lines{"t.json: /dns/0/endpoints/0/role: applies only to failover routing; this record's routing is "
              "\"weighted\"",
              "t.json: /dns/0/endpoints/1/role: applies only to failover routing; this record's routing is "
              "\"weighted\""});
  CHECK(with("/dns/0/routing", "faliover") ==
        Lines{"t.json: /dns/0/routing: must be one of \"failover\", \"weighted\" or \"latency\", not \"faliover\" "
              "(did you mean \"failover\"?)"});
  CHECK(with("/load_balancers/1/region", "us-east-1") == Lines{});
  CHECK(with("/fleets/0/capacity", {{"us-east-1", {{"min", 1}, {"desired", 1}, {"max", 1}}}}) ==
        Lines{"t.json: /load_balancers/1/fleet: fleet \"web\" has no capacity in region \"us-west-2\"; add the region "
              "to the fleet's capacity"});
}

TEST_CASE("an inline topology reports pointers under its prefix") {
  json document = valid_topology();
  document["dns"][0]["ttl"] = "-5s";
  std::vector<Diagnostic> problems;
  drsim::read_topology(document, "s.json", "/topology", problems);
  CHECK(printed(problems) ==
        Lines{"s.json: /topology/dns/0/ttl: \"-5s\" is negative; a duration must be zero or more"});
}

TEST_CASE("load_topology_file throws every problem at once") {
  CHECK(drsim::load_topology_file(data_dir + "topology.json").name == "shop");
  try {
    drsim::load_topology_file(data_dir + "missing.json");
    FAIL("no exception");
  } catch (const drsim::InputError& error) {
    CHECK(printed(error.diagnostics()) ==
          Lines{data_dir + "missing.json: (document): does not exist; expected the path of a JSON file"});
  }
}

namespace {

// The valid topology with a queue in both regions that the web fleet depends on and a worker fleet consumes.
json with_queue() {
  json document = valid_topology();
  document["fleets"].push_back({{"name", "workers"},
                                {"capacity", {{"us-east-1", {{"min", 1}, {"desired", 2}, {"max", 4}}}}},
                                {"depends_on", {"orders-queue"}}});
  document["fleets"][0]["depends_on"].push_back("orders-queue");
  document["queues"] = {{{"name", "orders-queue"},
                         {"regions", {"us-east-1", "us-west-2"}},
                         {"consumer", "workers"},
                         {"retention", "2d"}}};
  return document;
}

std::vector<std::string> queue_with(const std::string& pointer, const json& value) {
  json document = with_queue();
  document[json::json_pointer(pointer)] = value;
  return problems_of(document);
}

} // namespace

TEST_CASE("queues: a copy per region, a consumer, and fleets that depend on them") {
  std::vector<Diagnostic> problems;
  const auto topology = drsim::read_topology(with_queue(), "t.json", "", problems);
  CHECK(printed(problems).empty());
  REQUIRE(topology.queues.size() == 1);
  CHECK(topology.find_queue("orders-queue")->regions == Lines{"us-east-1", "us-west-2"});
  CHECK(topology.queues[0].consumer == "workers");
  CHECK(topology.queues[0].retention_s == 2 * 86400);
  json defaults = with_queue();
  defaults["queues"][0].erase("retention");
  CHECK(drsim::read_topology(defaults, "t.json", "", problems).queues.at(0).retention_s == 4 * 86400);

  CHECK(queue_with("/queues/0/retention", "15d") ==
        Lines{"t.json: /queues/0/retention: must be from 1m to 14d, not \"15d\""});
  CHECK(queue_with("/queues/0/retention", "30s") ==
        Lines{"t.json: /queues/0/retention: must be from 1m to 14d, not \"30s\""});
  CHECK(queue_with("/queues/0/regoins", json::array()) ==
        Lines{"t.json: /queues/0/regoins: unknown key; did you mean \"regions\"?"});
  CHECK(queue_with("/queues/0/regions/1", "us-west-1") ==
        Lines{"t.json: /queues/0/regions/1: unknown region \"us-west-1\"; did you mean \"us-west-2\"?",
              "t.json: /fleets/0/depends_on/2: queue \"orders-queue\" has no copy in region \"us-west-2\", where fleet "
              "\"web\" has capacity; a fleet uses the queue's copy in its own region: add \"us-west-2\" to the "
              "queue's \"regions\""});
  // A refused list of regions is one problem: the fleets and the consumer are not checked against it.
  CHECK(queue_with("/queues/0/regions", json::array()) ==
        Lines{"t.json: /queues/0/regions: must not be empty; expected at least 1 region"});
  CHECK(queue_with("/queues/0/regions", json::array({"us-east-1", "us-east-1"})).size() == 1);
  CHECK(queue_with("/queues/0/consumer", "worker") ==
        Lines{"t.json: /queues/0/consumer: unknown fleet \"worker\"; did you mean \"workers\"?"});
  CHECK(queue_with("/queues/0/name", "web") ==
        Lines{"t.json: /fleets/0/name: name \"web\" is already used by the queue at /queues/0; component names must "
              "be unique across all kinds",
              "t.json: /fleets/0/depends_on/2: unknown database, object store or queue \"orders-queue\"; expected one "
              "of: orders-db, assets, web",
              "t.json: /fleets/1/depends_on/0: unknown database, object store or queue \"orders-queue\"; expected one "
              "of: orders-db, assets, web"});
  json too_many = with_queue();
  too_many["queues"] = json::array();
  for (std::size_t i = 0; i <= drsim::limits::queues; ++i)
    too_many["queues"].push_back(
        {{"name", std::to_string(i) + "-queue"}, {"regions", {"us-east-1", "us-west-2"}}, {"consumer", "workers"}});
  const auto refused = problems_of(too_many);
  REQUIRE_FALSE(refused.empty());
  CHECK(refused.front().find("t.json: /queues: has 101 queues;") == 0);
}
