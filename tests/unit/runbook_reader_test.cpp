// Runbooks: step ids, actions and their arguments against the strategy's topology, and the "after" dependencies,
// each kind of problem checked by its exact printed diagnostic.

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/input/runbook_reader.hpp"
#include "tests/unit/reader_test_support.hpp"

using namespace reader_test;

namespace {

// A runbook read alone, against the reference topology or none; its problems as printed for "r.json".
struct ReadRunbook {
  drsim::Runbook runbook;
  Lines problems;
};

ReadRunbook read(const json& runbook, bool with_topology = true) {
  std::vector<drsim::Diagnostic> problems;
  const drsim::Topology topology = drsim::read_topology(valid_topology(), "t.json", "", problems);
  REQUIRE(problems.empty());
  const drsim::DiagnosticSink sink{"r.json", &problems};
  ReadRunbook result;
  result.runbook = drsim::read_runbook(drsim::JsonNode(runbook, "/runbook", sink), with_topology ? &topology : nullptr);
  result.problems = printed(problems);
  return result;
}

} // namespace

TEST_CASE("a runbook's steps: defaults, the previous step, arguments") {
  const auto [runbook, problems] = read(json::parse(R"({"steps": [
    {"id": "detect", "action": "detect", "on": {"success_ratio_below": 0.5}},
    {"id": "page", "action": "page", "manual": true, "delay": "5m"},
    {"id": "scale", "action": "scale", "fleet": "web", "region": "us-west-2", "desired": 4, "after": ["detect"]}
  ]})"));
  CHECK(problems.empty());
  REQUIRE(runbook.steps.size() == 3);
  CHECK(runbook.steps[0].action == drsim::StepAction::Detect);
  CHECK(runbook.steps[0].success_ratio_below == 0.5);
  CHECK_FALSE(runbook.steps[0].manual);
  CHECK(runbook.steps[0].delay.mean() == 0);
  CHECK(runbook.steps[1].after == std::vector<std::string>{"detect"});
  CHECK(runbook.steps[1].manual);
  CHECK(runbook.steps[1].delay.mean() == 300);
  CHECK(runbook.steps[2].after == std::vector<std::string>{"detect"});
  CHECK(runbook.steps[2].desired == 4);
}

TEST_CASE("a runbook without a topology checks no names") {
  const json runbook = json::parse(R"({"steps": [{"id": "s", "action": "scale", "fleet": "nope", "region": "x",
                                                  "desired": 1}]})");
  CHECK(read(runbook, false).problems.empty());
  CHECK(read(runbook).problems ==
        Lines{"r.json: /runbook/steps/0/fleet: unknown fleet \"nope\"; expected one of: web",
              "r.json: /runbook/steps/0/region: unknown region \"x\"; expected one of: us-east-1, us-west-2"});
  CHECK(read(json::parse(R"({"stps": []})")).problems ==
        Lines{"r.json: /runbook/stps: unknown key; did you mean \"steps\"?",
              "r.json: /runbook: missing required key \"steps\""});
}

TEST_CASE("a detect step's success ratio is above 0 and at most 1") {
  const auto problems = [](const json& on) {
    return read({{"steps", {{{"id", "detect"}, {"action", "detect"}, {"on", on}}}}}).problems;
  };
  CHECK(problems({{"success_ratio_below", 0}}) ==
        Lines{"r.json: /runbook/steps/0/on/success_ratio_below: must be greater than 0 and at most 1, not 0"});
  CHECK(problems({{"success_ratio_below", 1.5}}) ==
        Lines{"r.json: /runbook/steps/0/on/success_ratio_below: must be a number from 0 to 1, not 1.5"});
  CHECK(problems({{"success_ratio_below", 1}}).empty());
}

TEST_CASE("runbooks: ids, actions, references and cycles") {
  const std::string steps = S + "/strategies/0/runbook/steps/";
  CHECK(
      with("/strategies/0/runbook/steps/2/id", "page") ==
      Lines{steps + "2/id: duplicate step id \"page\", also at /strategies/0/runbook/steps/1; step ids must be unique",
            steps + "3/after/0: unknown step \"decide\"; expected one of: detect, dns, page, promote, scale, verify",
            steps + "4/after/0: unknown step \"decide\"; expected one of: detect, dns, page, promote, scale, verify"});
  CHECK(with("/strategies/0/runbook/steps/3/action", "teleport") ==
        Lines{steps + "3/action: must be one of \"detect\", \"page\", \"decide\", \"promote\", \"scale\", "
                      "\"switch-dns\", \"restore\", \"verify\", \"wait\", \"wait-healthy\", \"resync\" or "
                      "\"switch-over\", not \"teleport\""});
  CHECK(with("/strategies/0/runbook/steps/3/replica", "standbye") ==
        Lines{steps + "3/replica: unknown replica of database \"orders-db\" \"standbye\"; did you mean \"standby\"?"});
  CHECK(with("/strategies/0/runbook/steps/5/to", "alb-wset") ==
        Lines{steps + "5/to: unknown load balancer \"alb-wset\"; did you mean \"alb-west\"?"});
  CHECK(with("/strategies/0/runbook/steps/4/desired", 9) ==
        Lines{steps + "4/desired: 9 is outside fleet \"web\"'s capacity in \"us-west-2\" (min 0, max 8); Auto "
                      "Scaling refuses it: raise the region's \"max\" (or lower its \"min\") in the topology or the "
                      "strategy's \"overrides\", or ask for a desired capacity within them"});
  CHECK(with("/strategies/0/runbook/steps/4/desired", 8).empty());
  CHECK(with("/strategies/0/runbook/steps/4/desired", 1e10) ==
        Lines{steps + "4/desired: must be an integer from 0 to 100000, not 10000000000.0"});
  CHECK(with("/strategies/0/runbook/steps/4/database", "orders-db") ==
        Lines{steps + "4/database: unknown key; expected one of: id, action, fleet, region, desired, manual, delay, "
                      "after"});
  CHECK(without("/strategies/0/runbook/steps/4/fleet") == Lines{steps + "4: missing required key \"fleet\""});
  CHECK(with("/strategies/0/runbook/steps/1/delay", "-5s") ==
        Lines{steps + "1/delay: \"-5s\" is negative; a duration must be zero or more"});
  CHECK(with("/strategies/0/runbook/steps/0/on", json::object()) ==
        Lines{steps + "0/on: must have exactly one key, \"health_check_of\" or \"success_ratio_below\""});
  CHECK(with("/strategies/0/runbook/steps/0/on", {{"success_ratio_below", 0.9}}).empty());
  CHECK(with("/strategies/1/runbook/steps/0/database", "assets") ==
        Lines{S + "/strategies/1/runbook/steps/0/database: unknown database \"assets\"; expected one of: orders-db"});

  CHECK(with("/strategies/0/runbook/steps/2/after", {"dns"}) ==
        Lines{steps + "3/after: \"after\" dependencies form a cycle: decide -> dns -> promote -> decide (each step "
                      "waits for the next); expected steps that can run in some order",
              steps + "4/after: \"after\" dependencies form a cycle: decide -> dns -> scale -> decide (each step "
                      "waits for the next); expected steps that can run in some order"});
  CHECK(with("/strategies/0/runbook/steps/6/after", {"verify"}) ==
        Lines{steps + "6/after: \"after\" dependencies form a cycle: verify -> verify (each step waits for the next); "
                      "expected steps that can run in some order"});
  // The default dependency on the previous step takes part in cycles too.
  CHECK(with("/strategies/0/runbook/steps/0/after", {"page"}) ==
        Lines{steps + "1: \"after\" dependencies form a cycle: detect -> page -> detect (each step waits for the "
                      "next); expected steps that can run in some order"});
}

TEST_CASE("failback steps: wait-healthy on a health check, resync and switch-over to a node of the database") {
  const auto [runbook, problems] = read(json::parse(R"({"steps": [
    {"id": "back", "action": "wait-healthy", "on": {"health_check_of": "alb-east"}},
    {"id": "resync", "action": "resync", "database": "orders-db", "replica": "primary", "max_lag": "5s"},
    {"id": "switch", "action": "switch-over", "database": "orders-db", "replica": "primary"},
    {"id": "unplanned", "action": "switch-over", "database": "orders-db", "replica": "primary", "freeze": false}
  ]})"));
  CHECK(problems.empty());
  REQUIRE(runbook.steps.size() == 4);
  CHECK(runbook.steps[0].action == drsim::StepAction::WaitHealthy);
  CHECK(runbook.steps[0].health_check_of == "alb-east");
  CHECK(runbook.steps[1].action == drsim::StepAction::Resync);
  CHECK(runbook.steps[1].replica == "primary");
  CHECK(runbook.steps[1].max_lag_s == 5);
  CHECK(runbook.steps[2].max_lag_s == 1);
  CHECK(runbook.steps[2].freeze);
  CHECK_FALSE(runbook.steps[3].freeze);
}

TEST_CASE("failback steps name what exists, and a health signal rather than the fault") {
  const auto problems = [](const json& step) { return read({{"steps", {step}}}).problems; };
  CHECK(problems({{"id", "b"}, {"action", "wait-healthy"}, {"on", {{"health_check_of", "alb-est"}}}}) ==
        Lines{"r.json: /runbook/steps/0/on/health_check_of: unknown load balancer \"alb-est\"; did you mean "
              "\"alb-east\"?"});
  CHECK(problems({{"id", "b"}, {"action", "wait-healthy"}, {"on", {{"success_ratio_below", 0.5}}}}) ==
        Lines{"r.json: /runbook/steps/0/on/success_ratio_below: unknown key; expected one of: health_check_of",
              "r.json: /runbook/steps/0/on: missing required key \"health_check_of\""});
  CHECK(problems({{"id", "r"}, {"action", "resync"}, {"database", "orders-db"}, {"replica", "primry"}}) ==
        Lines{"r.json: /runbook/steps/0/replica: unknown node of database \"orders-db\" \"primry\"; did you mean "
              "\"primary\"?"});
  CHECK(problems({{"id", "s"},
                  {"action", "switch-over"},
                  {"database", "orders-db"},
                  {"replica", "primary"},
                  {"freez", true}}) == Lines{"r.json: /runbook/steps/0/freez: unknown key; did you mean \"freeze\"?"});
  CHECK(
      problems({{"id", "r"}, {"action", "resync"}, {"database", "orders-db"}, {"replica", "dr"}, {"max_lagg", "1s"}}) ==
      Lines{"r.json: /runbook/steps/0/max_lagg: unknown key; did you mean \"max_lag\"?"});
}

TEST_CASE("a failback's health signal is a Route 53 check, and it returns to a node the runbook did not promote") {
  const auto problems = [](const json& steps) { return read({{"steps", steps}}).problems; };
  // alb-west is a DNS endpoint without a health check: nothing would ever say its region is back.
  CHECK(problems(json::array({{{"id", "b"}, {"action", "wait-healthy"}, {"on", {{"health_check_of", "alb-west"}}}}})) ==
        Lines{"r.json: /runbook/steps/0/on/health_check_of: unknown load balancer with a Route 53 health check (a DNS "
              "endpoint's \"health_check\") \"alb-west\"; did you mean \"alb-east\"?"});
  const json promote = {{"id", "p"}, {"action", "promote"}, {"database", "orders-db"}, {"replica", "dr"}};
  for (const char* action : {"resync", "switch-over"})
    CHECK(problems(json::array(
              {promote, {{"id", "back"}, {"action", action}, {"database", "orders-db"}, {"replica", "dr"}}})) ==
          Lines{"r.json: /runbook/steps/1/replica: is the node step \"p\" promotes, the writer after the failover; "
                "expected the node to fail back to (\"primary\", the original writer, say)"});
}
