// The runbook steps of a FIS run: the XML text helpers the AWS answers are read with, what the answers of RDS, Auto
// Scaling and Route 53 say about a promotion, a scale-out and a DNS switch, the bindings that watch needs, the rows
// `fis compare` gives each watched step beside the simulated drills' finish times, and the XML errors of those APIs.

#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "sim/core/errors.hpp"
#include "sim/fis/aws_client.hpp"
#include "sim/fis/bindings.hpp"
#include "sim/fis/comparison.hpp"
#include "sim/fis/observation.hpp"
#include "sim/fis/step_watch.hpp"
#include "sim/fis/xml_text.hpp"
#include "sim/input/scenario_reader.hpp"

using namespace drsim;

TEST_CASE("fis XML text: elements by name, decoded, and lists of members") {
  const std::string xml =
      "<R xmlns=\"https://x/\"><StatusReport><Status>Success: &lt;200&gt; &amp; &#65;&#x42;</Status>"
      "</StatusReport><Empty/><Name>\n  a  \n</Name><Next> &quot;q&apos; </Next></R>";
  CHECK(fis::xml_text(xml, "Status") == "Success: <200> & AB");
  CHECK(fis::xml_text(xml, "StatusReport")->starts_with("<Status>"));
  CHECK(fis::xml_text(xml, "Empty") == "");
  CHECK(fis::xml_text(xml, "Name") == "a");
  CHECK(fis::xml_text(xml, "Next") == "\"q'");
  CHECK_FALSE(fis::xml_text(xml, "Missing"));
  CHECK_FALSE(fis::xml_text(xml, "Stat"));
  CHECK(fis::xml_text("<R xmlns=\"x\">t</R>", "R") == "t");
  // Within a range: the second member's name, not the first's.
  const std::string list = "<member><Id>one</Id></member><member><Id>two</Id></member>";
  const auto members = fis::xml_elements(list, "member");
  REQUIRE(members.size() == 2);
  CHECK(fis::xml_text(members[1], "Id") == "two");
  CHECK(fis::xml_text(list, "Id", list.find("</member>")) == "two");
  CHECK_FALSE(fis::xml_text(list, "Id", 0, 10));
  CHECK(fis::xml_unescaped("&bogus; &#0; &#x;") == "&bogus; &#0; &#x;");
}

namespace {

const std::string scenarios_dir = DRSIM_SOURCE_DIR "/scenarios/";
const std::string steps_scenario = DRSIM_SOURCE_DIR "/tests/fis/data/shop-region-drill.json";

nlohmann::json example_bindings() {
  std::ifstream in(scenarios_dir + "bindings/web-shop.bindings.json");
  return nlohmann::json::parse(in);
}

std::vector<std::string> printed(const std::vector<Diagnostic>& problems) {
  std::vector<std::string> lines;
  for (const auto& problem : problems)
    lines.push_back(problem.pointer + ": " + problem.message);
  return lines;
}

fis::Bindings read(const nlohmann::json& document, std::vector<Diagnostic>& problems) {
  return fis::read_bindings(document, "b.json", problems);
}

const Strategy& warm_standby(const Scenario& scenario) {
  return *std::find_if(scenario.strategies.begin(), scenario.strategies.end(),
                       [](const Strategy& s) { return s.name == "warm-standby"; });
}

// A fis run's journal: the fault's onset at 100 s, the application down from 110 to 250 s, and the watched steps.
std::vector<nlohmann::json> journal_with_steps(const std::vector<nlohmann::json>& step_records) {
  nlohmann::json watched = nlohmann::json::array();
  for (const char* id : {"promote", "scale", "switch-dns"})
    watched.push_back({{"step", id}, {"action", id}, {"target", "t"}, {"region", "us-west-2"}});
  std::vector<nlohmann::json> records{{{"type", "run"},
                                       {"t", 0},
                                       {"drsim_fis_journal", 1},
                                       {"run_id", "drsim-r"},
                                       {"scenario", "s"},
                                       {"strategy", "warm-standby"},
                                       {"plan_hash", "abc"},
                                       {"probe_interval_s", 1},
                                       {"watched_steps", watched}},
                                      {{"type", "action"},
                                       {"t", 101},
                                       {"action", "f1-network"},
                                       {"action_id", "aws:network:disrupt-connectivity"},
                                       {"status", "running"},
                                       {"start_s", 100}}};
  for (const auto& record : step_records)
    records.push_back(record);
  for (double t = 0; t < 400; t += 1)
    records.push_back({{"type", "probe"}, {"t", t}, {"url", "u"}, {"ok", t < 110 || t >= 250}, {"status", 200}});
  records.push_back({{"type", "end"}, {"t", 400}, {"outcome", "completed"}});
  return records;
}

nlohmann::json step_record(double t, const char* id, bool done) {
  return {{"type", "step"}, {"t", t}, {"step", id}, {"action", id}, {"done", done}, {"seen", "x"}};
}

} // namespace

TEST_CASE("fis step watch: what RDS, Auto Scaling and Route 53 answers say about a step") {
  const std::string replica =
      "<DescribeDBInstancesResponse xmlns=\"http://rds.amazonaws.com/doc/2014-10-31/\"><DescribeDBInstancesResult>"
      "<DBInstances><DBInstance><DBInstanceIdentifier>orders-db-dr</DBInstanceIdentifier>"
      "<ReadReplicaSourceDBInstanceIdentifier>arn:aws:rds:us-east-1:111122223333:db:orders-db"
      "</ReadReplicaSourceDBInstanceIdentifier><ReadReplicaDBInstanceIdentifiers/></DBInstance></DBInstances>"
      "</DescribeDBInstancesResult></DescribeDBInstancesResponse>";
  const auto before = fis::promoted_instance(replica);
  REQUIRE(before);
  CHECK_FALSE(before->done);
  CHECK(before->seen == "read replica of arn:aws:rds:us-east-1:111122223333:db:orders-db");
  auto promoted = replica;
  promoted.erase(promoted.find("<ReadReplicaSource"),
                 promoted.find("<ReadReplicaDBInstanceIdentifiers/>") - promoted.find("<ReadReplicaSource"));
  CHECK(fis::promoted_instance(promoted)->done);
  CHECK_FALSE(fis::promoted_instance("<DescribeDBInstancesResponse/>"));

  CHECK_FALSE(
      fis::promoted_cluster("<DBCluster><DBClusterIdentifier>c</DBClusterIdentifier><ReplicationSourceIdentifier>"
                            "arn:aws:rds:us-east-1:1:cluster:p</ReplicationSourceIdentifier></DBCluster>")
          ->done);
  CHECK(fis::promoted_cluster("<DBCluster><DBClusterIdentifier>c</DBClusterIdentifier></DBCluster>")->done);

  const std::string global =
      "<GlobalClusters><GlobalClusterMember><DBClusterArn>arn:aws:rds:us-east-1:1:cluster:orders-east</DBClusterArn>"
      "<IsWriter>false</IsWriter></GlobalClusterMember><GlobalClusterMember><DBClusterArn>"
      "arn:aws:rds:us-west-2:1:cluster:orders-west</DBClusterArn><IsWriter>true</IsWriter></GlobalClusterMember>"
      "</GlobalClusters>";
  CHECK(fis::global_writer(global, "orders-west")->done);
  CHECK_FALSE(fis::global_writer(global, "orders-east")->done);
  CHECK_FALSE(fis::global_writer(global, "orders"));

  const auto group = [](const std::string& states) {
    return "<AutoScalingGroups><member><AutoScalingGroupName>web-west</AutoScalingGroupName><Instances>" + states +
           "</Instances></member></AutoScalingGroups>";
  };
  const std::string in_service = "<member><LifecycleState>InService</LifecycleState></member>";
  const std::string pending = "<member><LifecycleState>Pending</LifecycleState></member>";
  const auto partly = fis::scaled_out(group(in_service + pending + in_service), 3);
  REQUIRE(partly);
  CHECK_FALSE(partly->done);
  CHECK(partly->seen == "2 of 3 instances in service");
  CHECK(fis::scaled_out(group(in_service + in_service + in_service), 3)->done);
  CHECK_FALSE(fis::scaled_out("<AutoScalingGroups/>", 3));

  const auto record_sets = [](const std::string& primary, const std::string& extra = "") {
    return "<ListResourceRecordSetsResponse><ResourceRecordSets><ResourceRecordSet><Name>shop.example.com.</Name>"
           "<Type>A</Type><Failover>PRIMARY</Failover><AliasTarget><HostedZoneId>Z1</HostedZoneId><DNSName>dualstack." +
           primary +
           ".</DNSName></AliasTarget></ResourceRecordSet><ResourceRecordSet><Name>shop.example.com.</Name><Type>A"
           "</Type><Failover>SECONDARY</Failover><AliasTarget><HostedZoneId>Z1</HostedZoneId><DNSName>west.elb."
           "</DNSName></AliasTarget></ResourceRecordSet>" +
           extra + "</ResourceRecordSets></ListResourceRecordSetsResponse>";
  };
  const auto east = fis::dns_switched(record_sets("East.ELB"), "shop.example.com", "west.elb");
  REQUIRE(east);
  CHECK_FALSE(east->done);
  CHECK(east->seen == "answers east.elb");
  CHECK(fis::dns_switched(record_sets("west.elb"), "shop.example.com", "West.ELB.")->done);
  // A record set of another name, and weighted sets of which one has weight 0.
  const std::string weighted = "<ResourceRecordSet><Name>www.shop.example.com.</Name><ResourceRecords><ResourceRecord>"
                               "<Value>east.elb</Value></ResourceRecord></ResourceRecords></ResourceRecordSet>";
  CHECK(fis::dns_switched(record_sets("west.elb", weighted), "shop.example.com", "west.elb")->done);
  CHECK_FALSE(fis::dns_switched(record_sets("west.elb"), "api.example.com", "west.elb"));
  CHECK(fis::dns_key("DualStack.A.B.") == "a.b");
}

TEST_CASE("fis step watch: the runbook's promote, scale and switch-dns steps and what they need bound") {
  const auto scenario = load_scenario_file(steps_scenario);
  std::vector<Diagnostic> problems;
  const auto bindings = read(example_bindings(), problems);
  REQUIRE(problems.empty());
  const auto plan = fis::watched_steps(warm_standby(scenario), bindings);
  REQUIRE(plan.steps.size() == 3);
  CHECK(plan.unwatched.empty());
  CHECK(plan.steps[0].step == "promote");
  CHECK(plan.steps[0].look == fis::StepLook::DbInstance);
  CHECK(plan.steps[0].identifier == "orders-db-dr");
  CHECK(plan.steps[0].region == "us-west-2");
  CHECK(plan.steps[1].look == fis::StepLook::AutoScalingGroup);
  CHECK(plan.steps[1].tags == fis::Tags{{"drsim:fleet", "web-west"}});
  CHECK(plan.steps[1].desired == 6);
  CHECK(plan.steps[2].look == fis::StepLook::RecordSets);
  CHECK(plan.steps[2].identifier == "Z0123456789ABCDEFGHIJ");
  CHECK(plan.steps[2].answer == "shop-west-1234567890.us-west-2.elb.amazonaws.com");

  auto document = example_bindings();
  document.erase("dns");
  document["fleets"]["web"].erase("us-west-2");
  const auto partial = fis::watched_steps(warm_standby(scenario), read(document, problems));
  CHECK(partial.steps.size() == 1);
  CHECK(partial.unwatched ==
        std::vector<std::string>{"scale (scale): bind fleet web in us-west-2 (/fleets/web/us-west-2)",
                                 "switch-dns (switch-dns): bind DNS record shop.example.com to its hosted zone "
                                 "(/dns/shop.example.com)"});
}

TEST_CASE("fis bindings: DNS records and load balancers, read strictly and checked against the topology") {
  auto document = example_bindings();
  document["dns"]["shop.example.co"] = "Z1";
  document["dns"]["shop.example.com"] = "z-lower";
  document["load_balancers"]["alb-wst"] = "a.elb.amazonaws.com";
  document["load_balancers"]["alb-east"] = "not a name";
  document["fleets"]["web"]["us-west-2"]["auto_scaling_group"] = "web-west-asg";
  std::vector<Diagnostic> problems;
  const auto bindings = read(document, problems);
  CHECK(printed(problems) ==
        std::vector<std::string>{"/dns/shop.example.com: \"z-lower\" is not a Route 53 hosted zone id such as "
                                 "Z0123456789ABCDEFGHIJ",
                                 "/load_balancers/alb-east: \"not a name\" is not a DNS name such as "
                                 "web-east-1234567890.us-east-1.elb.amazonaws.com"});
  CHECK(bindings.fleets.at("web").at("us-west-2").auto_scaling_group == "web-west-asg");
  problems.clear();
  fis::check_bindings(bindings, load_scenario_file(steps_scenario).topology, problems);
  CHECK(printed(problems) ==
        std::vector<std::string>{
            "/dns/shop.example.co: unknown DNS record \"shop.example.co\"; did you mean \"shop.example.com\"?",
            "/load_balancers/alb-wst: unknown load balancer \"alb-wst\"; did you mean \"alb-west\"?"});
}

TEST_CASE("fis compare: a row per watched step, its time from the onset beside the simulated finish times") {
  const RecoveryCriterion rule{0.99, 60};
  // The promotion seen at 130 s (30 s after the onset); the scale-out already there before the onset, then seen
  // again at 190 s; the switch never.
  const auto observed =
      fis::observe(journal_with_steps({step_record(50, "scale", true), step_record(60, "scale", false),
                                       step_record(130.25, "promote", true), step_record(190, "scale", true),
                                       step_record(200, "switch-dns", false)}),
                   rule, "j");
  REQUIRE(observed.steps.size() == 3);
  CHECK(observed.steps[0].done_at == 130.25);
  CHECK(observed.steps[1].done_at == 190);
  CHECK_FALSE(observed.steps[2].done_at);

  std::vector<fis::SimulatedFigures> simulated;
  for (int i = 1; i <= 20; ++i)
    simulated.push_back({.impact_s = 0.0,
                         .rto_s = 100.0 + 10 * i,
                         .run = i - 1,
                         .step_done_s = {{"promote", 10.0 * i}, {"scale", 100.0 + i}, {"switch-dns", 200.0}}});
  simulated.back().step_done_s.erase("scale"); // one drill never finished scaling out
  const auto comparison = fis::compare_observed(observed, simulated, 7);
  REQUIRE(comparison.figures.size() == 5);
  const auto& promote = comparison.figures[2];
  CHECK(promote.figure == "step");
  CHECK(promote.step == "promote");
  CHECK(promote.label == "step promote (promote t)");
  CHECK(promote.observed == 30.25);
  CHECK(promote.percentile == 15); // 10, 20 and 30 s sooner
  CHECK(promote.p5 == 10);
  CHECK(promote.p50 == 100);
  CHECK(promote.p95 == 190);
  CHECK(promote.verdict == fis::Verdict::Inside);
  const auto& scale = comparison.figures[3];
  CHECK(scale.observed == 90);
  CHECK(scale.percentile == 0);
  CHECK(scale.never == 1);
  CHECK(scale.verdict == fis::Verdict::Below);
  const auto& dns = comparison.figures[4];
  CHECK_FALSE(dns.observed);
  CHECK_FALSE(dns.percentile);
  CHECK(dns.verdict == fis::Verdict::NotObserved);

  std::ostringstream text;
  fis::write_comparison_text(text, comparison);
  CHECK(text.str().find("\nRTO (onset to recovery)     ") != std::string::npos);
  CHECK(text.str().find("\nstep promote (promote t)" + std::string(12, ' ') +
                        "30.3s       15.0        10s     1m 40s     3m 10s  inside "
                        "p5..p95\n") != std::string::npos);
  CHECK(text.str().find("\nstep switch-dns (switch-dns t)   not seen          -     3m 20s     3m 20s     3m 20s  not "
                        "observed\n") != std::string::npos);
  CHECK(text.str().find("\"not seen\": the run never saw its change") != std::string::npos);
  const auto document = fis::comparison_json(comparison);
  CHECK(document["figures"][2]["step"] == "promote");
  CHECK(document["figures"][2]["observed_s"] == 30.25);
  CHECK(document["figures"][4]["observed_s"].is_null());
  CHECK(document["figures"][4]["percentile"].is_null());
  CHECK(document["figures"][4]["verdict"] == "not observed");
  CHECK(document["observation"]["steps"][0]["done_at_s"] == 130.25);
  std::ostringstream markdown;
  fis::write_comparison_markdown(markdown, comparison);
  CHECK(markdown.str().find("| step switch-dns (switch-dns t) | not seen |") != std::string::npos);
  std::ostringstream page;
  fis::write_comparison_html(page, comparison);
  CHECK(page.str().find("<span class=\"badge skipped\">not observed</span>") != std::string::npos);
  CHECK(page.str().find(">step promote seen (+30.3s)</text>") != std::string::npos);
  CHECK(page.str().find("runbook step seen in the account") != std::string::npos);
  CHECK(page.str().find("step switch-dns seen") == std::string::npos);

  // A run that watched no step: no step row, and no steps in the JSON.
  auto unwatched = journal_with_steps({});
  unwatched.front().erase("watched_steps");
  const auto plain = fis::compare_observed(fis::observe(unwatched, rule, "j"), simulated, 7);
  CHECK(plain.figures.size() == 2);
  CHECK_FALSE(fis::comparison_json(plain)["observation"].contains("steps"));
}

// RDS, Auto Scaling and Route 53 answer errors in XML (<ErrorResponse><Error><Code>), not in JSON: a throttled look
// is retried as a throttled FIS call is, and a refusal says AWS's code and message.
TEST_CASE("fis requests: the XML errors of the Query and REST-XML APIs, retried or reported by their code") {
  httplib::Server server;
  int calls = 0;
  server.Get("/", [&](const httplib::Request& request, httplib::Response& response) {
    ++calls;
    const auto action = request.get_param_value("Action");
    const auto error = [&](const char* code, const char* message) {
      response.status = 400;
      response.set_content(std::string("<ErrorResponse xmlns=\"http://rds.amazonaws.com/doc/2014-10-31/\"><Error>"
                                       "<Type>Sender</Type><Code>") +
                               code + "</Code><Message>" + message +
                               "</Message></Error><RequestId>0</RequestId>"
                               "</ErrorResponse>",
                           "text/xml");
    };
    if (action == "DescribeDBInstances" && calls == 1)
      error("Throttling", "Rate exceeded");
    else if (action == "DescribeDBClusters")
      error("DBClusterNotFoundFault", "DBCluster orders not found &amp; so on.");
    else
      response.set_content("<DescribeDBInstancesResponse/>", "text/xml");
  });
  const int port = server.bind_to_any_port("127.0.0.1");
  std::thread serving([&] { server.listen_after_bind(); });
  while (!server.is_running())
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  fis::ClientOptions options;
  options.endpoint_url = "http://127.0.0.1:" + std::to_string(port);
  options.sleep = [](double) {};
  fis::AwsClient client({"AKIDEXAMPLE", "secret", "", "", "test", std::nullopt, {}}, options);
  CHECK(client.call("GET", "rds", "us-west-2", "/", {{"Action", "DescribeDBInstances"}}).status == 200);
  CHECK(calls == 2);
  try {
    client.call("GET", "rds", "us-west-2", "/", {{"Action", "DescribeDBClusters"}});
    FAIL("a refusal is not retried and throws");
  } catch (const fis::AwsError& e) {
    CHECK(e.status() == 400);
    CHECK(e.error_type() == "DBClusterNotFoundFault");
    CHECK(std::string(e.what()).find(": DBCluster orders not found & so on.") != std::string::npos);
  }
  CHECK(calls == 3);
  server.stop();
  serving.join();
}
