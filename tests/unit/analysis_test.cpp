// Single points of failure, data without a copy and blast radius of small topologies built in code, each small
// enough that the right answer can be worked out by hand.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/analysis/analysis.hpp"
#include "sim/analysis/graph.hpp"
#include "sim/cli/cli.hpp"

using namespace drsim;

namespace {

using Names = std::vector<std::string>;

ClientPopulation client(const std::string& name, const std::string& location, const std::string& record) {
  ClientPopulation c;
  c.name = name;
  c.location = location;
  c.dns_record = record;
  return c;
}

DnsEndpoint endpoint(const std::string& target, const std::string& role, bool health_checked) {
  DnsEndpoint e;
  e.target = target;
  e.role = role;
  if (health_checked)
    e.health_check = HealthCheck{};
  return e;
}

DnsRecord record(const std::string& name, Routing routing, std::vector<DnsEndpoint> endpoints) {
  DnsRecord r;
  r.name = name;
  r.routing = routing;
  r.endpoints = std::move(endpoints);
  return r;
}

LoadBalancer load_balancer(const std::string& name, const std::string& region, const std::string& fleet) {
  LoadBalancer lb;
  lb.name = name;
  lb.region = region;
  lb.fleet = fleet;
  return lb;
}

Fleet fleet(const std::string& name, std::map<std::string, FleetCapacity> capacity, std::vector<std::string> needs) {
  Fleet f;
  f.name = name;
  f.capacity = std::move(capacity);
  f.depends_on = std::move(needs);
  return f;
}

DatabaseNode node(const std::string& name, const std::string& region, const std::string& az,
                  ReplicationMode mode = ReplicationMode::Async) {
  return {name, region, az, mode};
}

Database database(const std::string& name, DatabaseNode primary) {
  Database db;
  db.name = name;
  db.primary = std::move(primary);
  return db;
}

Backup backup(const std::string& name, const std::string& source) {
  Backup b;
  b.name = name;
  b.source = source;
  return b;
}

ObjectStore object_store(const std::string& name, const std::string& region, std::vector<std::string> replicate_to) {
  ObjectStore s;
  s.name = name;
  s.region = region;
  s.replicate_to = std::move(replicate_to);
  return s;
}

// The reference shop: an ALB and a fleet per region, RDS Multi-AZ in us-east-1 (optionally with a cross-region
// read replica), S3 with cross-region replication, a Route 53 failover record with health checks, and nightly
// snapshots that stay in us-east-1.
Topology shop(bool cross_region_replica) {
  Topology t;
  t.name = "web-shop";
  t.regions = {{"us-east-1", {"use1-az1", "use1-az2"}}, {"us-west-2", {"usw2-az1", "usw2-az2"}}};
  t.locations = {"north-america"};
  t.clients = {client("shoppers", "north-america", "shop.example.com")};
  t.dns = {record("shop.example.com", Routing::Failover,
                  {endpoint("alb-east", "primary", true), endpoint("alb-west", "secondary", true)})};
  t.load_balancers = {load_balancer("alb-east", "us-east-1", "web"), load_balancer("alb-west", "us-west-2", "web")};
  t.fleets = {fleet("web", {{"us-east-1", {2, 4, 8}}, {"us-west-2", {0, 0, 8}}}, {"orders-db", "assets"})};
  Database db = database("orders-db", node("primary", "us-east-1", "use1-az1"));
  db.replicas.push_back(node("standby", "us-east-1", "use1-az2", ReplicationMode::Sync));
  if (cross_region_replica)
    db.replicas.push_back(node("dr", "us-west-2", "usw2-az1"));
  t.databases = {db};
  t.backups = {backup("orders-snapshots", "orders-db")};
  t.object_stores = {object_store("assets", "us-east-1", {"us-west-2"})};
  return t;
}

// Everything in one AZ of one region.
Topology single_az() {
  Topology t;
  t.name = "tiny";
  t.regions = {{"r1", {"a1"}}};
  t.clients = {client("users", "r1", "app.example.com")};
  t.dns = {record("app.example.com", Routing::Weighted, {endpoint("lb", "", false)})};
  t.load_balancers = {load_balancer("lb", "r1", "app")};
  t.fleets = {fleet("app", {{"r1", {1, 1, 2}}}, {"db", "files"})};
  t.databases = {database("db", node("primary", "r1", "a1"))};
  t.object_stores = {object_store("files", "r1", {})};
  return t;
}

const SinglePointOfFailure* find_spof(const Analysis& a, const std::string& component) {
  for (const auto& spof : a.single_points_of_failure)
    if (spof.component == component)
      return &spof;
  return nullptr;
}

Names spof_names(const Analysis& a) {
  Names names;
  for (const auto& spof : a.single_points_of_failure)
    names.push_back(spof.component);
  return names;
}

const BlastRadius& blast(const Analysis& a, const std::string& location) {
  for (const auto& b : a.blast_radius)
    if (b.location == location)
      return b;
  FAIL("no blast radius for " << location);
  throw std::logic_error("unreachable");
}

const std::string dns_reason_shoppers = "every path of shoppers goes through it; Route 53's data plane is global, "
                                        "so this is a logical rather than a location SPOF";

} // namespace

TEST_CASE("the dependency graph has a vertex per placed component and evaluates AND/OR gates") {
  const DependencyGraph g(shop(true));
  Names names;
  for (DependencyGraph::Vertex v = 0; v < g.size(); ++v)
    names.push_back(g[v].name);
  CHECK(names == Names{"shoppers", "shop.example.com", "alb-east", "alb-west", "web/us-east-1", "web/us-west-2",
                       "orders-db", "orders-db/primary", "orders-db/standby", "orders-db/dr", "assets",
                       "assets/us-east-1", "assets/us-west-2"});
  CHECK(g[g.vertex("alb-east")].placement.azs == Names{"use1-az1", "use1-az2"});
  CHECK(g[g.vertex("orders-db/standby")].placement.azs == Names{"use1-az2"});

  std::vector<bool> lost(g.size(), false);
  lost[g.vertex("assets/us-east-1")] = true;
  lost[g.vertex("assets/us-west-2")] = true;
  const auto up = g.working(lost);
  CHECK_FALSE(up[g.vertex("assets")]);
  CHECK_FALSE(up[g.vertex("web/us-west-2")]); // needs orders-db AND assets
  CHECK(up[g.vertex("orders-db")]);
  CHECK_FALSE(up[g.clients().front()]);

  const auto east = g.lost_with({Location::Kind::Region, "us-east-1"});
  CHECK(east[g.vertex("alb-east")]);
  CHECK_FALSE(east[g.vertex("shop.example.com")]);
  const auto az1 = g.lost_with({Location::Kind::Az, "use1-az1"});
  CHECK(az1[g.vertex("orders-db/primary")]);
  CHECK_FALSE(az1[g.vertex("alb-east")]); // also in use1-az2
}

TEST_CASE("a reference to a missing component is rejected") {
  auto t = shop(false);
  t.fleets[0].depends_on.push_back("sessions");
  CHECK_THROWS_WITH(DependencyGraph(t), "dependency graph: fleet web refers to unknown component 'sessions'");
}

TEST_CASE("single region, single AZ: everything is a single point of failure") {
  const auto a = analyze(single_az());
  CHECK(a.unserved.empty());
  CHECK(spof_names(a) == Names{"app.example.com", "lb", "app/r1", "db/primary", "files/r1", "r1", "a1"});
  CHECK(find_spof(a, "lb")->kind == "load balancer");
  CHECK(find_spof(a, "lb")->location == "r1/a1");
  CHECK(find_spof(a, "lb")->reason == "every working path of users goes through it");
  CHECK(find_spof(a, "db/primary")->location == "r1/a1");
  CHECK(find_spof(a, "app/r1")->kind == "fleet");
  CHECK(find_spof(a, "r1")->location == "r1");
  CHECK(find_spof(a, "r1")->reason == "users has no working path without lb");
  CHECK(find_spof(a, "a1")->kind == "az");
  CHECK(find_spof(a, "a1")->affects == Names{"users"});

  REQUIRE(a.data_without_copy.size() == 2);
  CHECK(a.data_without_copy[0].data == "db");
  CHECK(a.data_without_copy[0].scope == "az");
  CHECK(a.data_without_copy[0].location == "r1/a1");
  CHECK(a.data_without_copy[0].reason == "every copy of its data is in a1: primary in a1; it has no backup");
  CHECK(a.data_without_copy[1].data == "files");
  CHECK(a.data_without_copy[1].kind == "object store");

  CHECK(blast(a, "a1").loses_service == Names{"users"});
  CHECK(blast(a, "a1").data_lost == Names{"db", "files"});
}

TEST_CASE("two AZs with a sync standby: no AZ is a single point of failure, the region is") {
  auto t = single_az();
  t.regions[0].azs.push_back("a2");
  t.databases[0].replicas.push_back(node("standby", "r1", "a2", ReplicationMode::Sync));
  const auto a = analyze(t);
  CHECK(spof_names(a) == Names{"app.example.com", "lb", "app/r1", "files/r1", "r1"});
  CHECK(find_spof(a, "lb")->location == "r1");
  CHECK(blast(a, "a1").loses_service.empty());
  CHECK(blast(a, "a1").degraded == Names{"users"});
  CHECK(blast(a, "a2").degraded == Names{"users"});
  REQUIRE(a.data_without_copy.size() == 2);
  CHECK(a.data_without_copy[0].scope == "region");
  CHECK(a.data_without_copy[0].location == "r1");
  CHECK(a.data_without_copy[0].reason ==
        "every copy of its data is in r1: primary in a1 and standby in a2; it has no backup");
}

TEST_CASE("reference shop, database only in us-east-1: the region and the database's data are single points") {
  const auto a = analyze(shop(false));
  CHECK(spof_names(a) == Names{"shop.example.com", "us-east-1"});
  const auto& dns = a.single_points_of_failure[0];
  CHECK(dns.kind == "dns record");
  CHECK(dns.location == "global");
  CHECK(dns.reason == dns_reason_shoppers);
  CHECK(dns.affects == Names{"shoppers"});
  const auto& region = a.single_points_of_failure[1];
  CHECK(region.kind == "region");
  CHECK(region.location == "us-east-1");
  CHECK(region.reason == "shoppers has no working path without orders-db/primary and orders-db/standby");

  REQUIRE(a.data_without_copy.size() == 1);
  CHECK(a.data_without_copy[0].data == "orders-db");
  CHECK(a.data_without_copy[0].kind == "database");
  CHECK(a.data_without_copy[0].scope == "region");
  CHECK(a.data_without_copy[0].location == "us-east-1");
  CHECK(a.data_without_copy[0].reason == "every copy of its data is in us-east-1: primary in use1-az1, standby in "
                                         "use1-az2 and backup orders-snapshots in us-east-1");

  CHECK(blast(a, "us-east-1").loses_service == Names{"shoppers"});
  CHECK(blast(a, "us-east-1").data_lost == Names{"orders-db"});
  CHECK(blast(a, "us-west-2").loses_service.empty());
  CHECK(blast(a, "us-west-2").degraded == Names{"shoppers"});
  CHECK(blast(a, "usw2-az1").degraded.empty());
}

TEST_CASE("reference shop with a cross-region replica: only the DNS record is a single point of failure") {
  const auto a = analyze(shop(true));
  CHECK(spof_names(a) == Names{"shop.example.com"});
  CHECK(a.single_points_of_failure[0].reason == dns_reason_shoppers);
  CHECK(a.data_without_copy.empty());
  const auto& east = blast(a, "us-east-1");
  CHECK(east.kind == "region");
  CHECK(east.loses_service.empty());
  CHECK(east.degraded == Names{"shoppers"});
  CHECK(east.data_lost.empty());
  CHECK(blast(a, "usw2-az1").degraded == Names{"shoppers"}); // the dr replica
  CHECK(blast(a, "usw2-az2").degraded.empty());
  Names order;
  for (const auto& b : a.blast_radius)
    order.push_back(b.kind + " " + b.location);
  CHECK(order ==
        Names{"region us-east-1", "az use1-az1", "az use1-az2", "region us-west-2", "az usw2-az1", "az usw2-az2"});
}

TEST_CASE("a fleet with capacity in one region only makes that region a single point despite the replica") {
  auto t = shop(true);
  t.fleets[0].capacity.erase("us-west-2");
  const auto a = analyze(t);
  // alb-west has no instances to send to, so it never was a path.
  CHECK(spof_names(a) == Names{"shop.example.com", "alb-east", "web/us-east-1", "us-east-1"});
  CHECK(find_spof(a, "us-east-1")->reason == "shoppers has no working path without alb-east");
  CHECK(blast(a, "us-west-2").degraded == Names{"shoppers"}); // the replicas of orders-db and assets
  CHECK(a.data_without_copy.empty());
}

TEST_CASE("a failover primary without a health check never fails over") {
  auto t = shop(true);
  t.dns[0].endpoints[0].health_check.reset();
  const auto a = analyze(t);
  CHECK(spof_names(a) == Names{"shop.example.com", "alb-east", "web/us-east-1", "us-east-1"});
  CHECK(find_spof(a, "alb-east")->reason ==
        "shoppers would still be served through alb-west, but shop.example.com fails over to it only by a "
        "manual change: its primary endpoint alb-east has no health check");
  CHECK(find_spof(a, "us-east-1")->reason ==
        "shoppers has no working path without alb-east; shoppers would still be served through alb-west, but "
        "shop.example.com fails over to it only by a manual change: its primary endpoint alb-east has no health check");
}

TEST_CASE("active/active: two populations, latency routing and global tables, no region is a single point") {
  auto t = shop(true);
  t.clients.push_back(client("europe", "eu", "shop.example.com"));
  t.dns[0].routing = Routing::Latency;
  for (auto& endpoint : t.dns[0].endpoints)
    endpoint.role.clear();
  t.fleets[0].capacity["us-west-2"] = {2, 4, 8};
  auto& db = t.databases[0];
  db.engine = DatabaseEngine::DynamoDbGlobal;
  db.multi_writer = true;
  db.replicas = {node("west", "us-west-2", "usw2-az1")};
  const auto a = analyze(t);
  REQUIRE(spof_names(a) == Names{"shop.example.com"});
  CHECK(a.single_points_of_failure[0].affects == Names{"shoppers", "europe"});
  CHECK(a.single_points_of_failure[0].reason ==
        "every path of shoppers and europe goes through it; Route 53's data plane is global, so this is a logical "
        "rather than a location SPOF");
  for (const auto& region : {"us-east-1", "us-west-2"}) {
    CHECK(blast(a, region).loses_service.empty());
    CHECK(blast(a, region).degraded == Names{"shoppers", "europe"});
  }
}

TEST_CASE("data without copy: replicas and cross-region backup copies count, regional backups only against AZs") {
  auto t = shop(false);
  t.backups[0].copy_to = {"us-west-2"};
  t.object_stores[0].replicate_to.clear();
  t.databases.push_back(database("sessions", node("primary", "us-west-2", "usw2-az2")));
  t.databases.push_back(database("audit", node("primary", "us-west-2", "usw2-az1")));
  t.backups.push_back(backup("audit-snapshots", "audit"));
  const auto a = analyze(t);
  REQUIRE(a.data_without_copy.size() == 3);
  CHECK(a.data_without_copy[0].data == "sessions");
  CHECK(a.data_without_copy[0].scope == "az");
  CHECK(a.data_without_copy[0].location == "us-west-2/usw2-az2");
  CHECK(a.data_without_copy[1].data == "audit");
  CHECK(a.data_without_copy[1].scope == "region");
  CHECK(a.data_without_copy[1].reason ==
        "every copy of its data is in us-west-2: primary in usw2-az1 and backup audit-snapshots in us-west-2");
  CHECK(a.data_without_copy[2].data == "assets");
  CHECK(a.data_without_copy[2].scope == "region");
  CHECK(a.data_without_copy[2].reason ==
        "every copy of its data is in us-east-1: bucket in us-east-1; it has no backup");
  CHECK(blast(a, "us-east-1").data_lost == Names{"assets"});
  CHECK(blast(a, "usw2-az2").data_lost == Names{"sessions"});
  CHECK(blast(a, "us-west-2").data_lost == Names{"sessions", "audit"});
  // The bucket is now needed by every path and lives in one region only.
  CHECK(find_spof(a, "assets/us-east-1")->kind == "object store copy");
}

TEST_CASE("a population whose only endpoint can never work is reported as unserved, not as a SPOF victim") {
  auto t = single_az();
  t.fleets[0].capacity["r1"].max = 0;
  const auto a = analyze(t);
  CHECK(a.unserved == Names{"users"});
  CHECK(a.single_points_of_failure.empty());
  CHECK(blast(a, "r1").loses_service.empty());
}

TEST_CASE("text report of the reference shop") {
  std::ostringstream out;
  write_text(out, analyze(shop(false)));
  CHECK(out.str() ==
        "Topology web-shop\n"
        "\n"
        "Single points of failure\n"
        "  shop.example.com (dns record, global): every path of shoppers goes through it; Route 53's data plane is "
        "global, so this is a logical rather than a location SPOF\n"
        "  us-east-1 (region): shoppers has no working path without orders-db/primary and orders-db/standby\n"
        "\n"
        "Data without a copy elsewhere\n"
        "  orders-db (database, us-east-1): every copy of its data is in us-east-1: primary in use1-az1, standby in "
        "use1-az2 and backup orders-snapshots in us-east-1\n"
        "\n"
        "Blast radius\n"
        "  region us-east-1  loses service: shoppers; degraded: none; data lost: orders-db\n"
        "  az use1-az1       loses service: none; degraded: shoppers; data lost: none\n"
        "  az use1-az2       loses service: none; degraded: shoppers; data lost: none\n"
        "  region us-west-2  loses service: none; degraded: shoppers; data lost: none\n"
        "  az usw2-az1       loses service: none; degraded: none; data lost: none\n"
        "  az usw2-az2       loses service: none; degraded: none; data lost: none\n");
}

TEST_CASE("JSON report of the reference shop") {
  const auto j = to_json(analyze(shop(false)));
  CHECK(j.at("topology") == "web-shop");
  CHECK(j.at("single_points_of_failure").size() == 2);
  CHECK(j.at("single_points_of_failure")[1].dump() ==
        R"({"component":"us-east-1","kind":"region","location":"us-east-1","reason":"shoppers has no working path )"
        R"(without orders-db/primary and orders-db/standby","affects":["shoppers"]})");
  CHECK(j.at("data_without_copy")[0].at("data") == "orders-db");
  CHECK(j.at("blast_radius")[0].dump() ==
        R"({"location":"us-east-1","kind":"region","loses_service":["shoppers"],"degraded":[],)"
        R"("data_lost":["orders-db"]})");
}

namespace {

// The single-AZ topology as a file, for the command line.
const char* const tiny_json = R"({"drsim_topology": 1, "name": "tiny", "regions": [{"name": "r1", "azs": ["a1"]}],
  "clients": [{"name": "users", "location": "r1", "dns_record": "app.example.com", "rate": "10/s"}],
  "dns": [{"name": "app.example.com", "ttl": "60s", "routing": "weighted", "endpoints": [{"target": "lb"}]}],
  "load_balancers": [{"name": "lb", "region": "r1", "fleet": "app"}],
  "fleets": [{"name": "app", "capacity": {"r1": {"min": 1, "desired": 1, "max": 2}}, "depends_on": ["db"]}],
  "databases": [{"name": "db", "engine": "rds", "primary": {"region": "r1", "az": "a1"}}]})";

struct TempDir {
  std::filesystem::path path =
      std::filesystem::temp_directory_path() / ("drsim-analysis-test-" + std::to_string(std::random_device{}()));
  TempDir() { std::filesystem::create_directories(path); }
  ~TempDir() { std::filesystem::remove_all(path); }
  std::string write(const std::string& name, const std::string& text) const {
    std::ofstream(path / name) << text;
    return (path / name).string();
  }
};

struct Cli {
  int code = -1;
  std::string out;
  std::string err;
};

Cli cli(const std::vector<std::string>& args) {
  std::ostringstream out, err;
  Cli result;
  result.code = run_cli(args, out, err);
  result.out = out.str();
  result.err = err.str();
  return result;
}

} // namespace

TEST_CASE("drsim analyze prints text, JSON, or writes --output") {
  const TempDir dir;
  const auto file = dir.write("tiny.json", tiny_json);

  const auto text = cli({"analyze", file});
  CHECK(text.code == 0);
  CHECK(text.err.empty());
  CHECK(text.out.starts_with("Topology tiny\n\nSingle points of failure\n  app.example.com (dns record, global): "));
  CHECK(text.out.find("\n  r1 (region): users has no working path without lb\n") != std::string::npos);

  const auto json = cli({"analyze", file, "--format", "json"});
  CHECK(json.code == 0);
  const auto report = nlohmann::json::parse(json.out);
  CHECK(report.at("topology") == "tiny");
  CHECK(report.at("data_without_copy")[0].at("location") == "r1/a1");

  const auto output = (dir.path / "report.txt").string();
  const auto written = cli({"analyze", "--output", output, file});
  CHECK(written.code == 0);
  CHECK(written.out.empty());
  std::ifstream in(output);
  CHECK(std::string(std::istreambuf_iterator<char>(in), {}) == text.out);
}

TEST_CASE("drsim analyze: help, and usage errors exit 2") {
  const auto help = cli({"analyze", "--help"});
  CHECK(help.code == 0);
  CHECK(help.out.starts_with("Usage: drsim analyze TOPOLOGY [--format text|json] [--output FILE]\n"));

  const auto none = cli({"analyze"});
  CHECK(none.code == 2);
  CHECK(none.err == "drsim: analyze needs exactly one topology file; run `drsim analyze --help`\n");
  CHECK(cli({"analyze", "a.json", "b.json"}).code == 2);

  const auto format = cli({"analyze", "a.json", "--format", "xml"});
  CHECK(format.code == 2);
  CHECK(format.err == "drsim: --format: unknown format 'xml'; expected text or json\n");

  const TempDir dir;
  const auto file = dir.write("tiny.json", tiny_json);
  const auto unwritable = cli({"analyze", file, "--output", (dir.path / "no" / "such" / "dir").string()});
  CHECK(unwritable.code == 2);
  CHECK(unwritable.err.starts_with("drsim: --output: cannot write '"));

  const auto missing = cli({"analyze", (dir.path / "missing.json").string()});
  CHECK(missing.code == 2);
  CHECK(missing.out.empty());
}

namespace {

Queue queue(const std::string& name, std::vector<std::string> regions, const std::string& consumer) {
  Queue q;
  q.name = name;
  q.regions = std::move(regions);
  q.consumer = consumer;
  return q;
}

} // namespace

TEST_CASE("a queue copy is lost with its region, not with an AZ, and serves only its region's fleet") {
  auto t = shop(true);
  t.fleets[0].depends_on.push_back("orders-queue");
  t.queues = {queue("orders-queue", {"us-east-1", "us-west-2"}, "web")};
  const DependencyGraph graph(t);
  const auto east_copy = graph.vertex("orders-queue/us-east-1");
  CHECK(graph[east_copy].kind == ComponentKind::QueueCopy);
  CHECK(graph.lost_with({Location::Kind::Region, "us-east-1"})[east_copy]);
  CHECK_FALSE(graph.lost_with({Location::Kind::Az, "use1-az1"})[east_copy]);
  // web/us-east-1 needs the copy in us-east-1: losing it takes that path down, and failover to us-west-2 remains.
  std::vector<bool> lost(graph.size(), false);
  lost[east_copy] = true;
  const auto up = graph.working(lost);
  CHECK_FALSE(up[graph.vertex("web/us-east-1")]);
  CHECK(up[graph.vertex("web/us-west-2")]);
  CHECK(up[graph.clients().front()]);
  const auto a = analyze(t);
  CHECK(spof_names(a) == Names{"shop.example.com"});
  CHECK(blast(a, "use1-az1").loses_service.empty());
}

TEST_CASE("a queue with its only copy in the fleet's one region is a single point of failure") {
  auto t = single_az();
  t.fleets[0].depends_on.push_back("jobs");
  t.queues = {queue("jobs", {"r1"}, "app")};
  const auto a = analyze(t);
  const auto* spof = find_spof(a, "jobs/r1");
  REQUIRE(spof != nullptr);
  CHECK(spof->kind == "queue copy");
  CHECK(spof->location == "r1/a1"); // the region's only AZ
  CHECK(spof->reason == "every working path of users goes through it");
  CHECK(spof->affects == Names{"users"});
}
